/**
 * The flow view's panel: a trace session shown in the page, updated as each source answers (posts
 * coalesced, so a hundred topics answering at once are a few repaints), its reads stopped when the panel
 * closes. A click on a node opens that event the way its caller says (a message document, a timeline).
 */
import * as vscode from 'vscode';
import { traceToMermaid, traceToNdjson } from '../../core/flow/flowExport';
import type { FoundEvent } from '../../core/flow/flowTypes';
import { describeError } from '../../errors';
import { parseFlowMessage, type FlowToHost, type FlowToWebview, type FlowViewModel } from '../../protocol/flow';
import { PanelHost, type PanelHostServices } from '../panelHost';
import { FlowSession, type FlowSessionOptions } from './flowSession';

/** Repaints wait this long for further answers, so a burst of sources is one post. */
const COALESCE_MS = 60;

export interface FlowPanelOptions extends Omit<FlowSessionOptions, 'changed' | 'describeError'> {
  services: PanelHostServices;
  /** Opens one found event (its message document, or its aggregate's timeline at its version). */
  openEvent(found: FoundEvent): Promise<void>;
}

export class FlowPanel implements vscode.Disposable {
  readonly session: FlowSession;
  private readonly host: PanelHost<FlowToHost, FlowToWebview>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: FlowViewModel | undefined;

  constructor(private readonly options: FlowPanelOptions) {
    this.session = new FlowSession({ ...options, describeError, changed: (view) => this.changed(view) });
    this.host = new PanelHost<FlowToHost, FlowToWebview>(
      {
        app: 'flow',
        viewType: 'eventFlows.flow',
        title: tabTitle(this.session.view().title),
        label: 'Flow view',
        place: { column: vscode.ViewColumn.Active },
        firstView: { view: this.session.view() },
        parse: parseFlowMessage,
        answer: (message) => this.answer(message),
        failure: (_message, error) => describeError(error),
      },
      options.services,
    );
    this.host.disposables.add({ dispose: () => this.session.stop() });
    this.host.disposables.add({ dispose: () => clearTimeout(this.timer) });
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  /** Answers one message from the page (also what tests call). */
  receive(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private changed(view: FlowViewModel): void {
    this.latest = view;
    // The end of a run is posted at once; answers in between wait for their neighbours.
    if (!view.running) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const view = this.latest;
    this.latest = undefined;
    if (view) void this.host.post({ type: 'flow', view });
  }

  private async answer(message: FlowToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.host.post({ type: 'flow', view: this.session.view() });
        return;
      case 'openNode': {
        const node = this.session.trace.nodes[message.index];
        const found = node === undefined ? undefined : this.session.found[node.foundAt];
        if (!found) throw new Error(`event #${message.index} is not in this trace any more: it was traced again.`);
        await this.options.openEvent(found);
        return;
      }
      case 'export':
        await this.export(message.format);
        return;
      case 'widen':
        if (!(await this.session.widen())) await this.host.post({ type: 'notice', message: 'The trace already searched all time.' });
        return;
      case 'follow':
        if (!this.session.follow()) await this.host.post({ type: 'notice', message: 'No source of this trace can be followed: Kafka topics, RabbitMQ streams and event stores can; a classic or quorum queue cannot be read again without peeking it again.' });
        return;
      case 'stop':
        this.session.stop();
        return;
    }
  }

  private async export(format: 'ndjson' | 'mermaid'): Promise<void> {
    const trace = this.session.trace;
    const text = format === 'ndjson' ? traceToNdjson(trace) : traceToMermaid(trace);
    const extension = format === 'ndjson' ? 'ndjson' : 'mmd';
    const target = await vscode.window.showSaveDialog({
      title: `Export the trace as ${format === 'ndjson' ? 'NDJSON' : 'a Mermaid sequence diagram'}`,
      filters: format === 'ndjson' ? { NDJSON: ['ndjson'] } : { Mermaid: ['mmd', 'md'] },
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `trace.${extension}`) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await this.host.post({ type: 'notice', message: `Exported ${trace.nodes.length} event(s) to ${target.fsPath}.` });
  }
}

/** The tab shows what is followed, cut to fit a tab. */
function tabTitle(title: string): string {
  return title.length > 60 ? `${title.slice(0, 59)}…` : title;
}
