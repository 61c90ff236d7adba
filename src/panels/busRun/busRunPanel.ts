/**
 * The bus-run webview: one panel showing the latest run through the workspace's bus, each step of it.
 * The host keeps the run and the events it was given, so "Run again" sends the same events through the
 * bus as it is saved now, and "Export" opens the run as NDJSON.
 */
import * as vscode from 'vscode';
import { describeError } from '../../errors';
import { parseBusRunMessage, type BusRunInit, type BusRunToExtension, type BusRunToWebview } from '../../protocol/busRun';
import { busRunLogLines, busRunToNdjson } from '../../sandbox/bus/busExport';
import type { BusRun } from '../../sandbox/bus/busTypes';
import { COMMANDS } from '../../ui/commandIds';
import { PanelHost } from '../panelHost';
import { traceableBusEvent } from './busRunTrace';
import { busRunView, runLocations } from './busRunView';

export const BUS_RUN_VIEW_TYPE = 'eventFlows.busRun';

export interface BusRunPanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

/** What a run was made from, so it can be made again. */
export interface BusRunRequest {
  /** In words, for the page: "the sample flow", "the stream of Order-1001". */
  source: string;
  run(): Promise<BusRun>;
}

export class BusRunPanel implements vscode.Disposable {
  private host: PanelHost<BusRunToExtension, BusRunToWebview> | undefined;
  private request: BusRunRequest | undefined;
  private run: BusRun | undefined;
  private view: BusRunInit | undefined;

  constructor(private readonly services: BusRunPanelServices) {}

  /** The run on screen, if the panel is open. */
  get current(): BusRun | undefined {
    return this.host ? this.run : undefined;
  }

  get visible(): boolean {
    return this.host?.panel.visible ?? false;
  }

  /** Runs the request, logs the run, and shows it (opening or revealing the panel). */
  async show(request: BusRunRequest): Promise<BusRun> {
    this.request = request;
    const run = await request.run();
    this.present(run, request.source);
    return run;
  }

  /** Answers one message from the webview, while the panel is open. Never rejects: failures are logged and shown in the webview. */
  async handleMessage(raw: unknown): Promise<void> {
    await this.host?.receive(raw);
  }

  dispose(): void {
    this.host?.dispose();
  }

  private async answer(message: BusRunToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.view) await this.post(this.view);
        return;
      case 'rerun': {
        if (!this.request) return;
        await this.post({ type: 'running' });
        const run = await this.request.run();
        this.present(run, this.request.source);
        return;
      }
      case 'export':
        await this.export();
        return;
      case 'openLocation': {
        // The page is untrusted: it may open only a file the run itself names.
        if (!this.run || !runLocations(this.run).has(message.file)) throw new Error(`${message.file} is not a file of this run`);
        const position = new vscode.Position(message.line - 1, Math.max(0, (message.column ?? 1) - 1));
        await vscode.window.showTextDocument(vscode.Uri.file(message.file), { selection: new vscode.Range(position, position), preview: true, viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'trace': {
        // As with files, the page names an event and the host traces only one the run holds.
        const event = this.run ? traceableBusEvent(this.run, message.eventId) : undefined;
        if (!event) throw new Error(`event ${message.eventId.slice(0, 80)} is not in this run`);
        await vscode.commands.executeCommand(COMMANDS.traceFlow, event);
        return;
      }
    }
  }

  private present(run: BusRun, source: string): void {
    this.run = run;
    this.view = busRunView(run, source);
    for (const line of busRunLogLines(run)) this.services.log.info(line);
    if (this.host) {
      this.host.panel.reveal(undefined, true);
      void this.post(this.view);
      return;
    }
    const host = new PanelHost<BusRunToExtension, BusRunToWebview>(
      {
        app: 'busRun',
        viewType: BUS_RUN_VIEW_TYPE,
        title: 'Bus Run',
        label: 'Bus run view',
        place: { column: vscode.ViewColumn.Beside, preserveFocus: true },
        firstView: this.view,
        parse: parseBusRunMessage,
        answer: (message) => this.answer(message),
        failure: (message, error) => `Could not ${describeRequest(message)}: ${describeError(error)}`,
      },
      this.services,
    );
    this.host = host;
    host.disposables.add({
      dispose: () => {
        if (this.host === host) this.host = undefined;
      },
    });
  }

  private async export(): Promise<void> {
    if (!this.run) return;
    const languages = await vscode.languages.getLanguages();
    const document = await vscode.workspace.openTextDocument({ content: busRunToNdjson(this.run), language: languages.includes('jsonl') ? 'jsonl' : 'plaintext' });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.One });
    await this.post({ type: 'notice', message: 'The run is open as NDJSON; save it where you like.' });
  }

  private async post(message: BusRunToWebview): Promise<void> {
    await this.host?.post(message);
  }
}

function describeRequest(message: BusRunToExtension): string {
  switch (message.type) {
    case 'ready':
      return 'show the bus run';
    case 'rerun':
      return 'run the events through the bus again';
    case 'export':
      return 'export the run';
    case 'openLocation':
      return `open ${message.file}`;
    case 'trace':
      return "trace the event's flow";
  }
}
