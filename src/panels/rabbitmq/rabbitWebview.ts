import * as vscode from 'vscode';
import { describeError } from '../../errors';
import type { ErrorMessage, ParsedMessage } from '../../protocol/common';
import { buildWebviewHtml, createNonce, type WebviewApp } from '../webviewHtml';
import { WEBVIEW_BUNDLE_SEGMENTS, webviewPanelOptions } from '../webviewOptions';

export interface RabbitWebviewOptions<ToHost, ToWebview> {
  app: WebviewApp;
  viewType: string;
  title: string;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  firstView: unknown;
  parse(raw: unknown): ParsedMessage<ToHost>;
  /** Answers one checked message; what it throws is logged and shown in the page. */
  answer(message: ToHost, post: (message: ToWebview) => Promise<void>): Promise<void>;
}

/**
 * A RabbitMQ webview panel (topology, peek): the shared page with its nonce CSP and first view, every
 * message from the page checked before use, and failures shown in the page instead of thrown.
 */
export class RabbitWebview<ToHost, ToWebview> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly options: RabbitWebviewOptions<ToHost, ToWebview>) {
    this.panel = vscode.window.createWebviewPanel(options.viewType, options.title, vscode.ViewColumn.Active, {
      ...webviewPanelOptions(options.extensionUri, (root, ...segments) => vscode.Uri.joinPath(root, ...segments)),
      retainContextWhenHidden: false,
    });
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(options.extensionUri, ...WEBVIEW_BUNDLE_SEGMENTS);
    webview.html = buildWebviewHtml({
      app: options.app,
      cspSource: webview.cspSource,
      bundleUri: (file) => webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString(),
      nonce: createNonce(),
      title: options.title,
      firstView: options.firstView,
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)),
      this.panel.onDidDispose(() => {
        this.disposed = true;
        for (const s of this.subscriptions) s.dispose();
      }),
    );
  }

  /** Answers one message from the page. Never rejects: a malformed message is logged and dropped. */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = this.options.parse(raw);
    if (!parsed.ok) {
      this.options.log.warn(`${this.options.title}: ${parsed.error}`);
      return;
    }
    try {
      await this.options.answer(parsed.message, (message) => this.post(message));
    } catch (error) {
      if (error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError')) return;
      const message = describeError(error);
      this.options.log.error(`${this.options.title}: ${message}`);
      await this.post({ type: 'error', message });
    }
  }

  async post(message: ToWebview | ErrorMessage): Promise<void> {
    if (this.disposed) return;
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
