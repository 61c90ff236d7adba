/**
 * The search view's panel: a search session shown in the page, its view posted coalesced while sources
 * answer, rows paged out of the host's results, a row opened the way the caller says (as a flow-view node
 * opens) or traced; its reads stopped when the panel closes.
 */
import * as vscode from 'vscode';
import type { FlowEvent } from '../../core/envelope';
import type { FoundEvent } from '../../core/flow/flowTypes';
import { describeError } from '../../errors';
import { parseSearchMessage, type SearchPrefill, type SearchState, type SearchToHost, type SearchToWebview } from '../../protocol/search';
import { parseSearchTerm, windowProblem } from '../../protocol/searchTerms';
import { PanelHost, type PanelHostServices, type PanelPlace } from '../panelHost';
import { SearchSession, type SearchSessionOptions } from './searchSession';

/** Posts wait this long for further answers, so a burst of sources is one post. */
const COALESCE_MS = 80;

export interface SearchPanelOptions extends Omit<SearchSessionOptions, 'changed' | 'describeError'> {
  services: PanelHostServices;
  /** A new panel in the active column unless VS Code restored one after a reload. */
  place?: PanelPlace;
  prefill?: SearchPrefill;
  /** What the page saved before a window reload: searched again once planned, if that reads nothing that changes state. */
  restored?: SearchState;
  /** Opens one found event as the flow view opens a node (its message document, or its aggregate's timeline at its version). */
  openEvent(found: FoundEvent): Promise<void>;
  /** Traces one event's flow. */
  traceEvent(event: FlowEvent): Promise<void>;
}

export class SearchPanel implements vscode.Disposable {
  /** The panel's view type: what its serializer and `onWebviewPanel:` activation name. */
  static readonly viewType = 'eventFlows.search';
  readonly session: SearchSession;
  private readonly host: PanelHost<SearchToHost, SearchToWebview>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private restored: SearchState | undefined;

  constructor(private readonly options: SearchPanelOptions) {
    this.restored = options.restored;
    this.session = new SearchSession({ ...options, describeError, changed: () => this.changed() });
    this.host = new PanelHost<SearchToHost, SearchToWebview>(
      {
        app: 'search',
        viewType: SearchPanel.viewType,
        title: 'Search Across Systems',
        label: 'Search view',
        place: options.place ?? { column: vscode.ViewColumn.Active },
        firstView: { view: this.session.view(), ...(options.prefill ? { prefill: options.prefill } : {}), ...(options.restored ? { restored: options.restored } : {}) },
        parse: parseSearchMessage,
        answer: (message) => this.answer(message),
        failure: (_message, error) => describeError(error),
      },
      options.services,
    );
    this.host.disposables.add({ dispose: () => this.session.cancel() });
    this.host.disposables.add({ dispose: () => clearTimeout(this.timer) });
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  /** Makes the plan, then (the first time, in a view restored after a reload) resumes its search; a failure is shown in the page. */
  async plan(): Promise<void> {
    try {
      await this.session.plan();
    } catch (error) {
      await this.host.showError(`Could not make the search plan: ${describeError(error)}`);
      return;
    }
    const restored = this.restored;
    this.restored = undefined;
    if (restored) await this.session.resume(restored);
  }

  /** Fills the query box (the view was open already). */
  async prefill(prefill: SearchPrefill): Promise<void> {
    this.host.panel.reveal();
    await this.host.post({ type: 'prefill', prefill });
  }

  /** Answers one message from the page (also what tests call). */
  receive(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private changed(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.host.post({ type: 'view', view: this.session.view() });
    }, COALESCE_MS);
  }

  private async answer(message: SearchToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.host.post({ type: 'view', view: this.session.view() });
        return;
      case 'requestRows':
        await this.host.post({ type: 'rows', requestId: message.requestId, offset: message.offset, total: this.session.results.size, rows: this.session.results.rows(message.offset, message.count) });
        return;
      case 'search': {
        const parsed = parseSearchTerm(message.kind, message.text);
        if (!parsed.ok) throw new Error(parsed.problem);
        const problem = windowProblem(message.from, message.to);
        if (problem !== undefined) throw new Error(problem);
        await this.session.search({
          term: parsed.term,
          window: { ...(message.from === undefined ? {} : { from: message.from }), ...(message.to === undefined ? {} : { to: message.to }) },
          sources: message.sources,
        });
        return;
      }
      case 'cancel':
        this.session.cancel();
        return;
      case 'plan':
        await this.plan();
        return;
      case 'open':
        await this.options.openEvent(this.named(message.key));
        return;
      case 'trace':
        await this.options.traceEvent(this.named(message.key).event);
        return;
    }
  }

  private named(key: number): FoundEvent {
    const found = this.session.found(key);
    if (!found) throw new Error(`result #${key} is not in this search any more: it was searched again.`);
    return found;
  }
}
