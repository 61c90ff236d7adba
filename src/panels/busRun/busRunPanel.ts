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
import { buildWebviewHtml, createNonce } from '../webviewHtml';
import { WEBVIEW_BUNDLE_SEGMENTS, webviewPanelOptions } from '../webviewOptions';
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
  private panel: vscode.WebviewPanel | undefined;
  private request: BusRunRequest | undefined;
  private run: BusRun | undefined;
  private view: BusRunInit | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: BusRunPanelServices) {}

  /** The run on screen, if the panel is open. */
  get current(): BusRun | undefined {
    return this.panel ? this.run : undefined;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Runs the request, logs the run, and shows it (opening or revealing the panel). */
  async show(request: BusRunRequest): Promise<BusRun> {
    this.request = request;
    const run = await request.run();
    this.present(run, request.source);
    return run;
  }

  /** Answers one message from the webview. Never rejects: failures are logged and shown in the webview. */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = parseBusRunMessage(raw);
    if (!parsed.ok) {
      this.services.log.warn(`Bus run view: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    try {
      await this.answer(message);
    } catch (error) {
      const text = `Could not ${describeRequest(message)}: ${describeError(error)}`;
      this.services.log.error(text);
      await this.post({ type: 'error', message: text });
    }
  }

  dispose(): void {
    this.panel?.dispose();
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
    }
  }

  private present(run: BusRun, source: string): void {
    this.run = run;
    this.view = busRunView(run, source);
    for (const line of busRunLogLines(run)) this.services.log.info(line);
    if (this.panel) {
      this.panel.reveal(undefined, true);
      void this.post(this.view);
      return;
    }
    const panel = vscode.window.createWebviewPanel(BUS_RUN_VIEW_TYPE, 'Bus Run', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewPanelOptions(this.services.extensionUri, (root, ...segments) => vscode.Uri.joinPath(root, ...segments)));
    this.panel = panel;
    const dist = vscode.Uri.joinPath(this.services.extensionUri, ...WEBVIEW_BUNDLE_SEGMENTS);
    panel.webview.html = buildWebviewHtml({
      app: 'busRun',
      cspSource: panel.webview.cspSource,
      bundleUri: (file) => panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString(),
      nonce: createNonce(),
      title: 'Bus Run',
      firstView: this.view,
    });
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
      }),
    );
  }

  private async export(): Promise<void> {
    if (!this.run) return;
    const languages = await vscode.languages.getLanguages();
    const document = await vscode.workspace.openTextDocument({ content: busRunToNdjson(this.run), language: languages.includes('jsonl') ? 'jsonl' : 'plaintext' });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.One });
    await this.post({ type: 'notice', message: 'The run is open as NDJSON; save it where you like.' });
  }

  private async post(message: BusRunToWebview): Promise<void> {
    await this.panel?.webview.postMessage(message);
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
  }
}
