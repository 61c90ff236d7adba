import type { BrowseStart } from '../../connectors/broker';
import type { BrowsableBroker, MessageFilter } from '../../connectors/browsing';
import type { BrowseParameters, BrowseState } from '../../protocol/messageBrowser';
import { BrowseStore } from './browseStore';

/** What a browse needs of the broker: its never-consuming browse and live tail. */
export type BrowseSource = BrowsableBroker;

export interface BrowseProgress {
  state: BrowseState;
  total: number;
  scanned: number;
  reset: boolean;
  message: string;
}

/** Messages asked for per page: few pages without holding much at once. */
const FETCH_LIMIT = 20_000;
const TAIL_FIRST = 20;

/**
 * One browse at a time over a topic: pages of the connector's browse poured into the bounded store until
 * the partitions' ends, or, for a live tail, one long-lived reader's messages until stopped. A new browse cancels the
 * running one. The store stops a browse when full; a tail drops its oldest rows instead.
 */
export class BrowseSession {
  readonly store: BrowseStore;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private state: BrowseState = 'idle';
  /** What the status line says now; the idle report that ends a browse repeats it. */
  private lastMessage = '';
  private lastScanned = 0;
  parameters: BrowseParameters = { mode: 'latest', count: 100, filter: {} };

  constructor(
    private readonly source: BrowseSource,
    readonly topic: string,
    private readonly report: (progress: BrowseProgress) => void,
    capacity?: number,
  ) {
    this.store = new BrowseStore(capacity);
  }

  get current(): BrowseState {
    return this.state;
  }

  /** Starts a browse (replacing the rows); resolves when it ends, is stopped, or fails (the failure is reported and rethrown). */
  async start(parameters: BrowseParameters): Promise<void> {
    await this.halt();
    this.parameters = parameters;
    this.store.clear();
    const controller = new AbortController();
    this.controller = controller;
    const tail = parameters.mode === 'tail';
    this.state = tail ? 'tailing' : 'browsing';
    this.lastScanned = 0;
    this.tell({ state: this.state, total: 0, scanned: 0, reset: true, message: tail ? 'Following new messages…' : 'Browsing…' });
    const running = this.run(parameters, controller.signal);
    this.running = running;
    try {
      await running;
    } finally {
      // Stopped or replaced: stop() (or the next start) owns the ending.
      if (this.controller === controller) {
        this.controller = undefined;
        this.running = undefined;
        this.settle();
      }
    }
  }

  /** Ends the running browse, if any; the page always hears that nothing runs any more. */
  async stop(): Promise<void> {
    await this.halt();
    // A browse started while this one was ending keeps its own state.
    if (this.controller === undefined) this.settle();
  }

  private async halt(): Promise<void> {
    const running = this.running;
    this.controller?.abort();
    this.controller = undefined;
    this.running = undefined;
    await running?.catch(() => undefined);
  }

  /** The report that ends every browse: the page's spinner and Stop follow `state`, so it must say idle. */
  private settle(): void {
    this.state = 'idle';
    if (this.lastMessage === '') return; // nothing was ever browsed: the page already says so
    this.tell({ state: 'idle', total: this.store.size, scanned: this.lastScanned, reset: false, message: this.lastMessage });
  }

  private tell(progress: BrowseProgress): void {
    this.lastMessage = progress.message;
    this.lastScanned = progress.scanned;
    this.report(progress);
  }

  private async run(parameters: BrowseParameters, signal: AbortSignal): Promise<void> {
    if (parameters.mode === 'tail') return this.follow(parameters, signal);
    const filter = filterOf(parameters);
    let start = startOf(parameters);
    let scanned = 0;
    let lastReport = 0;
    const progress = (message: string, force = false) => {
      const now = Date.now();
      if (!force && now - lastReport < 200) return;
      lastReport = now;
      this.tell({ state: this.state, total: this.store.size, scanned, reset: false, message });
    };
    try {
      for (;;) {
        if (signal.aborted) break;
        const limit = Math.min(FETCH_LIMIT, this.store.capacity - this.store.size);
        let pageScanned = 0;
        const page = await this.source.browseWith(
          { source: this.topic, ...(parameters.partition === undefined ? {} : { partitions: [parameters.partition] }), start, limit, signal },
          {
            ...(filter ? { filter } : {}),
            onProgress: (p) => {
              pageScanned = p.scanned;
              progress(`${(scanned + p.scanned).toLocaleString('en-US')} messages read…`);
            },
          },
        );
        scanned += Math.max(pageScanned, page.events.length);
        this.store.add(page.events, false);
        start = { from: 'cursors', cursors: page.cursors };
        if (this.store.full) {
          progress(`Stopped at ${this.store.capacity.toLocaleString('en-US')} messages, the most one browse keeps: start later or filter to see others.`, true);
          return;
        }
        if (page.reachedEnd || page.cursors.length === 0) {
          progress(`${this.store.size.toLocaleString('en-US')} messages${filter ? ` matched of ${scanned.toLocaleString('en-US')} read` : ''}: the end of the topic as it was when the browse began.`, true);
          return;
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    } finally {
      if (signal.aborted) progress(`Stopped: ${this.store.size.toLocaleString('en-US')} messages kept.`, true);
    }
  }

  /** A live tail: one reader in one throw-away group (never committing) from the latest few until stopped. */
  private async follow(parameters: BrowseParameters, signal: AbortSignal): Promise<void> {
    const filter = filterOf(parameters);
    let received = 0;
    let lastReport = 0;
    const following = () => `Following: ${this.store.size.toLocaleString('en-US')} messages kept (the oldest dropped past ${this.store.capacity.toLocaleString('en-US')}).`;
    const progress = (message: string, force = false) => {
      const now = Date.now();
      if (!force && now - lastReport < 200) return;
      lastReport = now;
      this.tell({ state: this.state, total: this.store.size, scanned: received, reset: false, message });
    };
    try {
      await this.source.tail(
        { source: this.topic, ...(parameters.partition === undefined ? {} : { partitions: [parameters.partition] }), start: startOf(parameters), signal },
        {
          ...(filter ? { filter } : {}),
          onEvents: (events) => {
            received += events.length;
            this.store.add(events, true);
            progress(following());
          },
          onProblem: (message) => progress(message, true),
        },
      );
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    } finally {
      progress(signal.aborted ? `Stopped: ${this.store.size.toLocaleString('en-US')} messages kept.` : following(), true);
    }
  }
}

export function startOf(parameters: BrowseParameters): BrowseStart {
  switch (parameters.mode) {
    case 'latest':
      return { from: 'latest', count: parameters.count ?? 100 };
    case 'tail':
      return { from: 'latest', count: parameters.count ?? TAIL_FIRST };
    case 'offset':
      return { from: 'offset', offset: parameters.offset ?? '0' };
    case 'timestamp':
      return { from: 'timestamp', timestamp: parameters.timestamp ?? Date.now() };
    case 'beginning':
      return { from: 'beginning' };
  }
}

export function filterOf(parameters: BrowseParameters): MessageFilter | undefined {
  const f = parameters.filter;
  const filter: MessageFilter = {
    ...(f.key ? { key: f.key } : {}),
    ...(f.headerKey ? { header: { key: f.headerKey, ...(f.headerValue ? { value: f.headerValue } : {}) } } : {}),
    ...(f.text ? { text: f.text } : {}),
    ...(f.jsonPath ? { jsonPath: f.jsonPath } : {}),
  };
  return Object.keys(filter).length > 0 ? filter : undefined;
}
