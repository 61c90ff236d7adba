import * as vscode from 'vscode';
import { describeError } from '../../errors';
import type { ErrorMessage, ParsedMessage } from '../../protocol/common';
import { PanelHost } from '../panelHost';
import type { WebviewApp } from '../webviewHtml';

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
 * A RabbitMQ webview panel (topology, peek) in the active column, on the panel host: every message from
 * the page checked before use, failures shown in the page instead of thrown, a cancelled read silent.
 */
export class RabbitWebview<ToHost, ToWebview> implements vscode.Disposable {
  private readonly host: PanelHost<ToHost, ToWebview>;

  constructor(options: RabbitWebviewOptions<ToHost, ToWebview>) {
    const post = (message: ToWebview): Promise<void> => this.post(message);
    this.host = new PanelHost<ToHost, ToWebview>(
      {
        app: options.app,
        viewType: options.viewType,
        title: options.title,
        label: options.title,
        place: { column: vscode.ViewColumn.Active },
        firstView: options.firstView,
        parse: (raw) => options.parse(raw),
        answer: (message) => options.answer(message, post),
        failure: (_message, error) => (error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError') ? undefined : describeError(error)),
      },
      options,
    );
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  /** Answers one message from the page. Never rejects: a malformed message is logged and dropped. */
  handleMessage(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  post(message: ToWebview | ErrorMessage): Promise<void> {
    return this.host.post(message);
  }

  dispose(): void {
    this.host.dispose();
  }
}
