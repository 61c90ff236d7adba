/**
 * The timeline webview panels, one per (store, aggregate). The host keeps each stream in a
 * TimelineSession and answers the webview's requests from it; the webview holds only what is on screen.
 */
import * as vscode from 'vscode';
import type { EventStore } from '../../connectors/eventStore';
import type { FlowEvent } from '../../core/envelope';
import { chooseReducer } from '../../core/reducers';
import type { Reducer } from '../../core/reducers/types';
import { describeError } from '../../errors';
import { parseWebviewMessage, type ExtensionToWebview, type WebviewToExtension } from '../../protocol/timeline';
import { withProgress } from '../../ui/progress';
import { markWalkthroughStep } from '../../ui/walkthrough';
import { PanelHost, type PanelPlace } from '../panelHost';
import { exportTimeline } from './timelineExport';
import { loadTimelineSession, type PreparedReducer } from './timelineLoader';
import { TimelineDebugger, type TimelineDebugServices } from './timelineDebug';
import { linkedPositionReplies, positionOf, type LinkedPosition } from './linkedPosition';
import { answerTimelineRequest, firstTimelineView, isSessionRequest } from './timelineMessages';
import type { TimelineSession } from './timelineSession';

export const TIMELINE_VIEW_TYPE = 'eventFlows.timeline';

export interface TimelinePanelServices extends TimelineDebugServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  reducerOverrides(): Record<string, string>;
  /** A workspace reducer for the type (trusted workspaces only), prepared over the stream's events. */
  workspaceReducer?(aggregateType: string, events: readonly FlowEvent[]): Promise<PreparedReducer | undefined>;
  /** Opens a file of the workspace at a 1-based line (a reducer's failing line, from a link in the timeline). */
  openLocation?(file: string, line: number, column?: number): Promise<void>;
}

/** Where a timeline's stream comes from: the store, and the stable id of its connection (what panels are keyed and restored by). */
export interface StreamSource {
  connectionId: string;
  store: EventStore;
}

export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, TimelinePanel>();

  constructor(private readonly services: TimelinePanelServices) {}

  /** Opens (or reveals) the timeline of one aggregate; loads the stream with progress (cancellable). */
  async open(source: StreamSource, aggregateId: string, aggregateType: string): Promise<TimelinePanel> {
    const existing = this.get(source.connectionId, aggregateId);
    if (existing !== undefined) {
      existing.panel.reveal();
      return existing;
    }
    const session = await this.load(source, aggregateId, aggregateType);
    // Another open of the same aggregate may have finished while this one was loading.
    const raced = this.get(source.connectionId, aggregateId);
    if (raced !== undefined) {
      raced.panel.reveal();
      return raced;
    }
    return this.adopt({ column: vscode.ViewColumn.Active }, source, session);
  }

  /**
   * Fills a panel VS Code restored after a window reload (see registerTimelineSerializer). A panel for the
   * same aggregate that is already open wins; the restored duplicate is closed.
   */
  async restore(panel: vscode.WebviewPanel, source: StreamSource, aggregateId: string, aggregateType: string): Promise<TimelinePanel> {
    const existing = this.get(source.connectionId, aggregateId);
    if (existing !== undefined) {
      panel.dispose();
      return existing;
    }
    const session = await this.load(source, aggregateId, aggregateType);
    return this.adopt({ restored: panel }, source, session);
  }

  /** Replays every open timeline again (a workspace reducer was saved). */
  async reloadAll(): Promise<void> {
    await Promise.all([...this.panels.values()].map((panel) => panel.reload()));
  }

  get openCount(): number {
    return this.panels.size;
  }

  get(connectionId: string, aggregateId: string): TimelinePanel | undefined {
    return this.panels.get(panelKey(connectionId, aggregateId));
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }

  private adopt(place: PanelPlace, source: StreamSource, session: TimelineSession): TimelinePanel {
    const key = panelKey(source.connectionId, session.aggregateId);
    const timeline = new TimelinePanel(place, session, {
      ...this.services,
      reloadSession: () => this.load(source, session.aggregateId, session.aggregateType),
      onDisposed: () => {
        if (this.panels.get(key) === timeline) this.panels.delete(key);
      },
    });
    this.panels.set(key, timeline);
    return timeline;
  }

  private load({ connectionId, store }: StreamSource, aggregateId: string, aggregateType: string): Promise<TimelineSession> {
    const overrides = this.services.reducerOverrides();
    const reducer = (events: readonly FlowEvent[]): Reducer => chooseReducer(aggregateType, overrides, events);
    return withProgress(`Loading the timeline of ${aggregateId}`, async (signal, report) => {
      const session = await loadTimelineSession({
        store,
        connectionId,
        aggregateId,
        aggregateType,
        reducer,
        signal,
        onProgress: (loaded) => report(`${loaded.toLocaleString('en-US')} events`),
        ...(this.services.workspaceReducer ? { prepareReducer: (events: readonly FlowEvent[]) => this.services.workspaceReducer!(aggregateType, events) } : {}),
      });
      this.services.log.info(`Loaded ${session.total} events of ${aggregateId} from ${store.label} (reducer ${session.reducerName})`);
      return session;
    });
  }
}

interface TimelinePanelContext extends TimelinePanelServices {
  reloadSession(): Promise<TimelineSession>;
  onDisposed(): void;
}

export class TimelinePanel {
  /** Resolves when the webview sent 'ready' and got 'init'. */
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private current: TimelineSession;
  private readonly host: PanelHost<WebviewToExtension, ExtensionToWebview>;
  /** Whether the page has asked for a position yet; before that a link waits in `linked` (see showLinked). */
  private positionAsked = false;
  /** A link's version and filter, waiting for the page's own first position request (see showLinked). */
  private linked: LinkedPosition | undefined;
  /**
   * Where this timeline stands (filter and version), kept across reloads: the page asks to restore its
   * position after every init, from a saved state that may predate what it was last sent.
   */
  private shown: LinkedPosition | undefined;
  /** The debugger requests that need the editor (breakpoints, links, tools); tests drive it as the webview does. */
  readonly debugTools: TimelineDebugger;

  constructor(
    place: PanelPlace,
    session: TimelineSession,
    private readonly context: TimelinePanelContext,
  ) {
    this.current = session;
    this.debugTools = new TimelineDebugger(context);
    this.ready = new Promise<void>((resolve) => {
      this.resolveReady = resolve;
    });
    this.host = new PanelHost<WebviewToExtension, ExtensionToWebview>(
      {
        app: 'timeline',
        viewType: TIMELINE_VIEW_TYPE,
        title: timelineTitle(session.aggregateId),
        label: `Timeline ${session.aggregateId}`,
        place,
        firstView: firstTimelineView(session),
        parse: parseWebviewMessage,
        answer: (message) => this.answer(message),
        failure: (message, error) => `Could not ${describeRequest(message)}: ${describeError(error)}`,
      },
      context,
    );
    this.host.disposables.add({ dispose: () => context.onDisposed() });
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  get session(): TimelineSession {
    return this.current;
  }

  /** Answers one message from the webview. Never rejects: failures are logged and shown in the webview. */
  handleMessage(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  private async answer(message: WebviewToExtension): Promise<void> {
    if (message.type === 'export') {
      await this.export(message.what);
      return;
    }
    if (message.type === 'openLocation') {
      // The page is untrusted: it may open only a place this timeline showed it.
      if (!this.current.isShownLocation(message)) throw new Error(`${message.file}:${message.line} is not a place this timeline showed`);
      await this.context.openLocation?.(message.file, message.line, message.column);
      return;
    }
    // The page's saved filter may predate the one it was last sent; the restore request after it sets both.
    if (message.type === 'setFilter' && message.restore === true && (this.linked ?? this.shown) !== undefined) return;
    const isPosition = message.type === 'step' || message.type === 'select' || message.type === 'playStep';
    const restores = (message.type === 'step' || message.type === 'select') && message.restore === true;
    const kept = restores ? (this.linked ?? this.shown) : undefined;
    // Marked before the replies are posted: a link arriving while they are on their way is shown at once
    // (showLinked), not kept for a request that has already been answered.
    if (isPosition) {
      this.positionAsked = true;
      this.linked = undefined;
    }
    const replies =
      kept !== undefined && isSessionRequest(message)
        ? linkedPositionReplies(this.current, kept, message)
        : isSessionRequest(message)
          ? answerTimelineRequest(this.current, message)
          : await this.debugTools.answer(this.current, message);
    if (isSessionRequest(message)) this.shown = positionOf(this.current) ?? this.shown;
    for (const reply of replies) {
      await this.post(reply);
    }
    if (message.type === 'ready') this.resolveReady();
    // The page restores a position itself after each init (the last event, or its saved one); any other
    // step or selection is the user's.
    if (isPosition && !restores) markWalkthroughStep('stepped');
  }

  /** Selects the event of `version` (the first with it), once the webview is up: where a finding points. */
  async selectVersion(version: number): Promise<void> {
    const index = this.current.indexOfVersion(version);
    if (index === undefined) return;
    await this.ready;
    const replies = answerTimelineRequest(this.current, { type: 'select', index });
    this.shown = positionOf(this.current) ?? this.shown;
    for (const reply of replies) await this.post(reply);
  }

  /**
   * Shows a deep link's version and filter. A page that has not yet asked for its first position (it asks
   * for the last event, or the selection it restored) gets the link's instead, so the two never race; a page
   * already showing gets them at once.
   */
  async showLinked(position: LinkedPosition): Promise<void> {
    if (!this.positionAsked) {
      this.linked = position;
      return;
    }
    await this.ready;
    const replies = linkedPositionReplies(this.current, position);
    this.shown = positionOf(this.current) ?? this.shown;
    for (const reply of replies) await this.post(reply);
  }

  /** Reads the stream again (after an append, say); the webview keeps its selection and filter. */
  async reload(): Promise<void> {
    try {
      // The page answers the new init by restoring its position: it gets `shown`, the one before the reload.
      this.current = await this.context.reloadSession();
      await this.post(this.current.init());
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        await this.post({ type: 'notice', message: 'Reload cancelled: showing the stream as it was loaded before.' });
        return;
      }
      await this.host.showError(`Could not reload ${this.current.aggregateId}: ${describeError(error)}`);
    }
  }

  dispose(): void {
    this.host.dispose();
  }

  private async export(what: 'stream' | 'state'): Promise<void> {
    const uri = await exportTimeline(this.current, what);
    if (uri === undefined) return;
    const message = `Exported the ${what} of ${this.current.aggregateId} to ${uri.fsPath}`;
    this.context.log.info(message);
    await this.post({ type: 'notice', message });
  }

  private post(message: ExtensionToWebview): Promise<void> {
    return this.host.post(message);
  }
}

function timelineTitle(aggregateId: string): string {
  return `Timeline: ${aggregateId}`;
}

function panelKey(connectionId: string, aggregateId: string): string {
  return `${connectionId}\u0000${aggregateId}`;
}

function describeRequest(message: WebviewToExtension): string {
  switch (message.type) {
    case 'ready':
      return 'start the timeline';
    case 'requestRows':
      return 'load events';
    case 'select':
    case 'step':
      return 'show the event';
    case 'setFilter':
      return 'filter the events';
    case 'export':
      return `export the ${message.what}`;
    case 'compare':
      return 'compare the two versions';
    case 'setBreakpoint':
      return 'set the breakpoint';
    case 'playStep':
      return 'play to the next event';
    case 'copyLink':
      return 'copy the link';
    case 'traceFlow':
      return "trace the event's flow";
    case 'goToCode':
      return `find the code of ${message.eventType}`;
    case 'tool':
      return `start ${message.tool}`;
    case 'openLocation':
      return `open ${message.file}`;
  }
}
