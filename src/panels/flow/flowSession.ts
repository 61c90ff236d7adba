/**
 * One trace as the flow view shows it: the sources (with how each answered), the window (±1 h, widened in
 * steps on request), the flow found so far; runs the trace and stops it. Free of the vscode API.
 */
import { buildFlowTrace, MAX_TRACE_EVENTS, shortId } from '../../core/flow/flowTrace';
import type { FoundEvent } from '../../core/flow/flowTypes';
import { describeOutcome } from '../../connectors/reads/readPlan';
import type { SearchSource } from '../../connectors/reads/searchRun';
import type { FlowEvent } from '../../core/envelope';
import { DEFAULT_TRACE_HALF_WINDOW_MS, findEventById, runTrace, tracePredicates, traceStartOf, traceWindow, type TraceResult, type TraceStart } from '../../connectors/reads/traceRun';
import type { FlowSourceStatus, FlowViewModel } from '../../protocol/flow';

const HOUR = 60 * 60 * 1000;
/** The windows a trace widens through: ±1 h, ±6 h, ±24 h, ±7 days, then all time. */
export const WINDOW_STEPS = [DEFAULT_TRACE_HALF_WINDOW_MS, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR, Infinity];

export interface FlowSessionOptions {
  start: TraceStart;
  /**
   * An id the user typed, followed first as a correlation id: when that finds nothing it is looked up as an
   * event id, and the trace starts again from the event it names.
   */
  typedId?: string;
  sources: readonly SearchSource[];
  /** Sources the plan refused or the user left out, with why: listed, never read. */
  leftOut: readonly { label: string; reason: string }[];
  describeError(error: unknown): string;
  /** Called after every change (a source answered, the run ended). */
  changed(view: FlowViewModel): void;
}

export class FlowSession {
  private step = 0;
  private statuses: FlowSourceStatus[] = [];
  private result: TraceResult = { trace: buildFlowTrace([]), found: [] };
  private controller: AbortController | undefined;
  private running = false;
  private start: TraceStart;
  private follower: { controller: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly options: FlowSessionOptions) {
    this.start = options.start;
  }

  get found(): readonly FoundEvent[] {
    return this.result.found;
  }

  get trace(): TraceResult['trace'] {
    return this.result.trace;
  }

  /** Runs the trace in the current window; resolves when every source answered or it was stopped. */
  async run(): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    const label = (s: SearchSource): string => `${s.connectionLabel} › ${s.plan.source}`;
    this.statuses = [
      ...this.options.sources.map((s): FlowSourceStatus => ({ label: label(s), state: 'reading', detail: '', found: 0 })),
      ...this.options.leftOut.map((s): FlowSourceStatus => ({ label: s.label, state: 'left-out', detail: s.reason, found: 0 })),
    ];
    this.result = { trace: buildFlowTrace([]), found: [] };
    this.emit();
    // runTrace hands back its own wrapper of each source: they are told apart by connection and source name.
    const key = (s: SearchSource): string => `${s.connectionId}\u0000${s.plan.source}`;
    const byKey = new Map(this.options.sources.map((s, i) => [key(s), this.statuses[i]]));
    try {
      const result = await runTrace(
        this.options.sources,
        this.start,
        { halfWidthMs: this.halfWidth(), signal: controller.signal },
        {
          onResult: (source, result, traced) => {
            // A source of a stopped run that answers anyway (it ignored the signal) must not touch the new run.
            if (this.controller !== controller) return;
            const status = byKey.get(key(source));
            if (status) Object.assign(status, { state: 'answered', found: result.events.length, detail: [`${result.events.length} found of ${result.scanned} read; ${describeOutcome(result.outcome)}`, ...result.notes].join(' ') });
            this.result = traced;
            this.emit();
          },
          onError: (source, error) => {
            if (this.controller !== controller) return;
            const status = byKey.get(key(source));
            if (status) Object.assign(status, { state: 'failed', detail: this.options.describeError(error) });
            this.emit();
          },
        },
      );
      if (this.controller === controller) this.result = result;
      if (this.result.trace.nodes.length === 0 && this.options.typedId !== undefined && this.start.eventId === undefined && !controller.signal.aborted) {
        const event = await findEventById(this.options.sources, this.options.typedId, controller.signal);
        if (event) {
          this.start = traceStartOf(event);
          this.step = 0;
          if (this.controller === controller) this.controller = undefined;
          await this.run();
          return;
        }
      }
    } finally {
      if (this.controller === controller) {
        this.running = false;
        for (const status of this.statuses) if (status.state === 'reading') Object.assign(status, { state: 'failed', detail: controller.signal.aborted ? 'stopped before it answered' : 'did not answer' });
        this.emit();
      }
    }
  }

  /** Stops the reads still running and the following (each source's own cancel leaves nothing behind on its server). */
  stop(): void {
    this.controller?.abort();
    void this.stopFollowing();
  }

  /**
   * Keep Following: the sources that can be read without effect go on being read for events of the trace's
   * ids, each new one added to the flow as it arrives; false when no source can be followed.
   */
  follow(): boolean {
    if (this.follower) return true;
    const followed = this.options.sources.filter((s) => s.follow !== undefined);
    const predicates = tracePredicates(this.start);
    if (followed.length === 0 || predicates.length === 0) return false;
    const controller = new AbortController();
    const held = new Set(this.result.found.map((f) => foundKey(f.event)));
    const label = (s: SearchSource): string => `${s.connectionLabel} › ${s.plan.source}`;
    const followOne = async (source: SearchSource): Promise<void> => {
      try {
        await source.follow?.({
          predicates,
          signal: controller.signal,
          onEvents: (events) => {
            if (this.follower?.controller !== controller) return;
            const fresh = events.filter((event) => !held.has(foundKey(event)));
            for (const event of fresh) held.add(foundKey(event));
            this.arrived(source, fresh);
          },
          onProblem: (message) => this.note(label(source), message),
        });
      } catch (error) {
        if (!controller.signal.aborted) this.note(label(source), `stopped following: ${this.options.describeError(error)}`);
      }
    };
    this.follower = { controller, done: Promise.all(followed.map(followOne)).then(() => undefined) };
    this.emit();
    return true;
  }

  /** Stops following; resolves once every follower is gone from its server (a tail's group deleted). */
  async stopFollowing(): Promise<void> {
    const follower = this.follower;
    if (!follower) return;
    this.follower = undefined;
    follower.controller.abort();
    this.emit();
    await follower.done;
  }

  private arrived(source: SearchSource, events: readonly FlowEvent[]): void {
    if (events.length === 0) return;
    const found = [...this.result.found];
    let dropped = 0;
    for (const event of events) {
      if (found.length < MAX_TRACE_EVENTS) found.push({ event, connectionId: source.connectionId, connectionLabel: source.connectionLabel, source: source.plan.source });
      else dropped += 1;
    }
    const trace = buildFlowTrace(found);
    this.result = { trace: dropped === 0 ? trace : { ...trace, leftOut: trace.leftOut + dropped, notes: [...trace.notes, `${dropped} more event(s) arrived while following after the trace held ${MAX_TRACE_EVENTS}; they were not kept.`] }, found };
    const status = this.statuses.find((s) => s.label === `${source.connectionLabel} › ${source.plan.source}`);
    if (status) status.found += events.length;
    this.emit();
  }

  private note(label: string, message: string): void {
    const status = this.statuses.find((s) => s.label === label);
    if (status && !status.detail.includes(message)) status.detail = `${status.detail} ${message}`.trim();
    this.emit();
  }

  /** The next wider window, run again; false when the trace already searched all time. */
  async widen(): Promise<boolean> {
    if (!this.canWiden()) return false;
    this.step += 1;
    await this.run();
    return true;
  }

  view(): FlowViewModel {
    const { start } = this;
    const ids = [
      start.correlationId === undefined ? '' : `correlation id ${shortId(start.correlationId)}`,
      start.traceId === undefined ? '' : `trace id ${start.traceId}`,
      start.correlationId === undefined && start.traceId === undefined && start.eventId !== undefined ? `event id ${shortId(start.eventId)}` : '',
    ].filter((s) => s !== '');
    return {
      title: `Flow of ${ids.join(' and ')}`,
      window: describeWindow(start, this.halfWidth()),
      trace: this.result.trace,
      sources: this.statuses.map((s) => ({ ...s })),
      running: this.running,
      canWiden: this.canWiden(),
      canFollow: this.options.sources.some((s) => s.follow !== undefined),
      following: this.follower !== undefined,
    };
  }

  private canWiden(): boolean {
    return this.start.at !== undefined && this.step < WINDOW_STEPS.length - 1;
  }

  private halfWidth(): number {
    return WINDOW_STEPS[this.step];
  }

  private emit(): void {
    this.options.changed(this.view());
  }
}

/** One event in one place: the same message in two places is two events of the flow. */
function foundKey(event: FlowEvent): string {
  return `${JSON.stringify(event.source)}\u0000${event.id}`;
}

/** "±1 h around 2026-12-06 10:00:00 UTC", or "all time". */
export function describeWindow(start: TraceStart, halfWidthMs: number): string {
  const window = traceWindow(start, halfWidthMs);
  if (window.from === undefined || start.at === undefined) return 'all time';
  const hours = halfWidthMs / HOUR;
  const width = hours >= 24 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} h`;
  return `±${width} around ${new Date(start.at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}
