/**
 * The one place a webview panel is made: given an app, a view type, a title and where it opens (or the
 * panel VS Code restored after a reload), it writes the page (nonce CSP, first view), lets it read the
 * bundle folder only, checks every message from the page before the panel sees it, posts the app's typed
 * messages, and holds what the panel owns in one collection, disposed when the panel closes.
 * A webview is then a protocol file (`protocol/<app>.ts`), a session the panel answers from, and an app.
 */
import * as vscode from 'vscode';
import type { ErrorMessage } from '../protocol/common';
import { DisposableCollection } from './disposableCollection';
import { receivePanelMessage, type PanelAnswers, type PanelLog } from './panelMessages';
import { buildWebviewHtml, createNonce, type WebviewApp } from './webviewHtml';
import { WEBVIEW_BUNDLE_SEGMENTS, webviewPanelOptions } from './webviewOptions';

/** A new panel in a column, or one VS Code brought back after a window reload (a panel serializer's). */
export type PanelPlace = { column: vscode.ViewColumn; preserveFocus?: boolean } | { restored: vscode.WebviewPanel };

export interface PanelSpec<ToHost> extends PanelAnswers<ToHost> {
  app: WebviewApp;
  viewType: string;
  title: string;
  /** Names the panel in its log lines. */
  label: string;
  place: PanelPlace;
  /** What the page paints before it hears from the host (`<App>FirstView` in its protocol). */
  firstView?: unknown;
}

export interface PanelHostServices {
  extensionUri: vscode.Uri;
  log: PanelLog;
}

export class PanelHost<ToHost, ToWebview> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  /** What this panel owns; disposed when the panel closes (by the user or by `dispose`). */
  readonly disposables = new DisposableCollection();
  private readonly label: string;

  constructor(
    private readonly spec: PanelSpec<ToHost>,
    private readonly services: PanelHostServices,
  ) {
    this.label = spec.label;
    const options = webviewPanelOptions(services.extensionUri, (root, ...segments) => vscode.Uri.joinPath(root, ...segments));
    const { place } = spec;
    if ('restored' in place) {
      this.panel = place.restored;
      this.panel.webview.options = options;
      this.panel.title = spec.title;
    } else {
      const column = place.preserveFocus === undefined ? place.column : { viewColumn: place.column, preserveFocus: place.preserveFocus };
      this.panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, column, options);
    }
    const webview = this.panel.webview;
    const bundle = vscode.Uri.joinPath(services.extensionUri, ...WEBVIEW_BUNDLE_SEGMENTS);
    webview.html = buildWebviewHtml({
      app: spec.app,
      cspSource: webview.cspSource,
      bundleUri: (file) => webview.asWebviewUri(vscode.Uri.joinPath(bundle, file)).toString(),
      nonce: createNonce(),
      title: spec.title,
      ...(spec.firstView === undefined ? {} : { firstView: spec.firstView }),
    });
    this.disposables.add(webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this.disposables.add(this.panel.onDidDispose(() => this.closeAll()));
  }

  /** Whether the panel has closed; nothing is posted after that. */
  get closed(): boolean {
    return this.disposables.isDisposed;
  }

  /** Checks one message from the page and hands it to the panel. Never rejects: a malformed message is logged and dropped. */
  receive(raw: unknown): Promise<void> {
    return receivePanelMessage(raw, this.spec, { label: this.label, log: this.services.log, showError: (text) => this.showError(text) });
  }

  async post(message: ToWebview | ErrorMessage): Promise<void> {
    if (this.closed) return;
    await this.panel.webview.postMessage(message);
  }

  /** Logs a failure and shows it in the page, which stays usable. */
  async showError(text: string): Promise<void> {
    this.services.log.error(`${this.label}: ${text}`);
    await this.post({ type: 'error', message: text });
  }

  dispose(): void {
    this.panel.dispose();
  }

  private closeAll(): void {
    try {
      this.disposables.dispose();
    } catch (error) {
      this.services.log.error(`${this.label}: closing the panel: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
