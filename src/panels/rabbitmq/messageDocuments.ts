import * as vscode from 'vscode';

// A scheme of its own: Kafka's message documents have theirs, and one scheme has one content provider.
export const MESSAGE_SCHEME = 'eventflows-rabbitmq-message';

/**
 * Read-only documents of peeked messages: a content provider's documents cannot be edited or saved over
 * anything, which is what a message read from a broker is. Each opened text is kept until its document closes.
 */
export class MessageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];
  private next = 0;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(MESSAGE_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === MESSAGE_SCHEME) this.texts.delete(document.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This message is no longer held: peek the queue again.';
  }

  /** Opens `text` read-only (in the active column unless told); `name` ends in .json (highlighted) or .txt. */
  async open(name: string, text: string, column?: vscode.ViewColumn): Promise<vscode.TextDocument> {
    this.next += 1;
    const uri = vscode.Uri.from({ scheme: MESSAGE_SCHEME, path: `/${this.next}/${name.replace(/[/\\]/g, '_')}` });
    this.texts.set(uri.toString(), text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false, ...(column === undefined ? {} : { viewColumn: column }) });
    return document;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
