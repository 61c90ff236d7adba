import * as vscode from 'vscode';
import { describeError } from '../../errors';
import { ROW_PAGE_SIZE } from '../../protocol/common';
import {
  parseBrowserMessage,
  type BrowserFirstView,
  type BrowserInit,
  type BrowserStatus,
  type BrowserToExtension,
  type BrowserToWebview,
  type BrowseParameters,
  type MessagePosition,
  type MessageRow,
  type SelectionRecordingTarget,
} from '../../protocol/messageBrowser';
import { PanelHost, type PanelPlace } from '../panelHost';
import { rangePositions, rowNamed, rowsReply, selectedPositions } from './browserMessages';
import { BrowseSession, type BrowseSource } from './browseSession';

export const MESSAGE_BROWSER_VIEW_TYPE = 'eventFlows.messageBrowser';

/** What the browser's buttons do with a row; the broker kind's commands supply them. */
export interface MessageActions {
  open(row: MessageRow): Promise<unknown>;
  compare(left: MessageRow, right: MessageRow, view: 'decoded' | 'hex'): Promise<unknown>;
  reproduce(row: MessageRow): Promise<unknown>;
  timeline(row: MessageRow): Promise<unknown>;
  /** Traces the row's message across every connection (Trace This Event's Flow). */
  trace(row: MessageRow): Promise<unknown>;
  export(format: 'ndjson' | 'csv', parameters: BrowseParameters): Promise<string | undefined>;
  /** Runs the rows' messages through the workspace's bus (the bus-run view). */
  runThroughBus(rows: MessageRow[]): Promise<unknown>;
  /** Sends exactly these dead letters back to their origin (a dry run restricted to them and a confirmation first). */
  republish(positions: MessagePosition[]): Promise<unknown>;
  /** Writes exactly these messages, bytes kept, as a recording (a file, or NDJSON on the clipboard); says what it did. */
  recordSelection(positions: MessagePosition[], to: SelectionRecordingTarget): Promise<string | undefined>;
}

export interface MessageBrowserTarget {
  /** The connection's stable id (panels are keyed by it and the topic). */
  connectionId: string;
  clusterLabel: string;
  topic: string;
  partitions: number[];
  source: BrowseSource;
  actions: MessageActions;
}

export interface MessageBrowserServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

/** The message browser panels, one per (cluster, topic). */
export class MessageBrowserPanels implements vscode.Disposable {
  private readonly panels = new Map<string, MessageBrowserPanel>();

  constructor(private readonly services: MessageBrowserServices) {}

  /** Opens (or reveals) the browser of a topic; with `parameters` it starts that browse at once. */
  open(target: MessageBrowserTarget, parameters?: BrowseParameters): MessageBrowserPanel {
    const key = `${target.connectionId}\u0000${target.topic}`;
    let browser = this.panels.get(key);
    if (browser) browser.panel.reveal();
    else {
      browser = new MessageBrowserPanel({ column: vscode.ViewColumn.Active }, target, this.services, () => this.panels.delete(key));
      this.panels.set(key, browser);
    }
    if (parameters) void browser.browse(parameters);
    return browser;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

export class MessageBrowserPanel {
  readonly session: BrowseSession;
  readonly ready: Promise<void>;
  /** The last browse started (resolves when it ends); for tests. */
  lastBrowse: Promise<void> = Promise.resolve();
  private resolveReady: () => void = () => undefined;
  /** The origin topics, once the topic is known to hold dead letters. */
  private deadLetterOrigins: string[] | undefined;
  /** What the status line last said: a page that loads after a browse began (or ended) still shows it. */
  private lastStatus: BrowserStatus | undefined;
  private readonly host: PanelHost<BrowserToExtension, BrowserToWebview>;

  constructor(
    place: PanelPlace,
    private readonly target: MessageBrowserTarget,
    services: MessageBrowserServices,
    onDisposed: () => void,
  ) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.session = new BrowseSession(target.source, target.topic, (progress) => {
      this.lastStatus = { type: 'status', ...progress, reset: false };
      void this.post({ type: 'status', ...progress });
    });
    const firstView: BrowserFirstView = { init: this.init(), rowsOffset: 0, rows: [] };
    this.host = new PanelHost<BrowserToExtension, BrowserToWebview>(
      {
        app: 'messageBrowser',
        viewType: MESSAGE_BROWSER_VIEW_TYPE,
        title: `${target.topic} · messages`,
        label: `Message browser ${target.topic}`,
        place,
        firstView,
        parse: parseBrowserMessage,
        answer: (message) => this.answer(message),
        failure: (message, error) => `Could not ${message.type} on ${target.topic}: ${describeError(error)}`,
      },
      services,
    );
    this.host.disposables.add({
      dispose: () => {
        void this.session.stop();
        onDisposed();
      },
    });
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  /** Starts a browse; its failure shows in the panel (and the log), never as an unhandled rejection. */
  browse(parameters: BrowseParameters): Promise<void> {
    this.lastBrowse = this.session.start(parameters).catch((error: unknown) => this.host.showError(`Could not browse ${this.target.topic}: ${describeError(error)}`));
    return this.lastBrowse;
  }

  /** The origin topics of the dead letters the topic holds; undefined while not known to hold any. */
  get deadLetters(): readonly string[] | undefined {
    return this.deadLetterOrigins;
  }

  /** The topic holds dead letters (found by sampling it): the page offers Re-publish Selected. */
  markDeadLetters(origins: string[]): Promise<void> {
    this.deadLetterOrigins = origins;
    return this.post({ type: 'deadLetters', origins });
  }

  /** Answers one message from the webview. Never rejects. */
  handleMessage(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private async answer(message: BrowserToExtension): Promise<void> {
    const { store } = this.session;
    const row = (index: number): MessageRow => rowNamed(store, index);
    switch (message.type) {
      case 'ready':
        await this.post(this.init());
        await this.post(rowsReply(store, { requestId: 0, offset: 0, count: ROW_PAGE_SIZE }));
        if (this.lastStatus) await this.post({ ...this.lastStatus, total: store.size, state: this.session.current });
        this.resolveReady();
        return;
      case 'requestRows':
        await this.post(rowsReply(store, message));
        return;
      case 'browse':
        void this.browse(message.parameters);
        return;
      case 'stop':
        await this.session.stop();
        return;
      case 'sort':
        store.sort = { column: message.column, descending: message.descending };
        await this.post({ type: 'sorted', sort: store.sort, total: store.size });
        return;
      case 'open':
        await this.target.actions.open(row(message.index));
        return;
      case 'compare':
        await this.target.actions.compare(row(message.left), row(message.right), message.view ?? 'decoded');
        return;
      case 'reproduce':
        await this.target.actions.reproduce(row(message.index));
        return;
      case 'timeline':
        await this.target.actions.timeline(row(message.index));
        return;
      case 'trace':
        await this.target.actions.trace(row(message.index));
        return;
      case 'runThroughBus':
        await this.target.actions.runThroughBus(message.indices.map(row));
        return;
      case 'selectRange':
        await this.post(rangePositions(store, message));
        return;
      case 'republish':
        await this.target.actions.republish(selectedPositions(store, message.selection));
        return;
      case 'recordSelection': {
        const said = await this.target.actions.recordSelection(selectedPositions(store, message.selection), message.to);
        if (said) await this.post({ type: 'notice', message: said });
        return;
      }
      case 'export': {
        const where = await this.target.actions.export(message.format, this.session.parameters);
        if (where) await this.post({ type: 'notice', message: where });
        return;
      }
    }
  }

  private init(): BrowserInit {
    return {
      type: 'init',
      clusterLabel: this.target.clusterLabel,
      topic: this.target.topic,
      partitions: this.target.partitions,
      total: this.session.store.size,
      capacity: this.session.store.capacity,
      parameters: this.session.parameters,
      state: this.session.current,
      ...(this.session.store.sort ? { sort: this.session.store.sort } : {}),
      ...(this.deadLetterOrigins ? { deadLetterOrigins: this.deadLetterOrigins } : {}),
    };
  }

  private post(message: BrowserToWebview): Promise<void> {
    return this.host.post(message);
  }
}
