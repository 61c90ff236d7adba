import * as vscode from 'vscode';
import { parsePublishDocument } from '../../connectors/rabbitmq/publishDocument';
import type { DocumentTargets } from '../documentTargets';
import { sendLens, untrustedSendRefusal } from '../sendLens';
import { PUBLISH_FILE_SUFFIX } from '../../ui/sendDocuments';

/** Files whose messages can be published: `*.rabbitmq.json` (JSON with comments), and the drafts this extension opens. */
export { PUBLISH_FILE_SUFFIX };

export const PUBLISH_TEMPLATE = `// A message (or a list of them) to publish to a RabbitMQ exchange. Comments are allowed.
{
  "exchange": "orders",
  "routingKey": "order.created",
  "properties": { "persistent": true, "contentType": "application/json", "messageId": "m-1", "type": "OrderCreated" },
  "headers": { "tenant": "acme" },
  "body": { "orderId": "Order-1001", "customerId": "C-1" }
}
`;

/**
 * Diagnostics as the user types (from the connector's parser: line and column of every problem) and a
 * "Publish" CodeLens above the document, for publish files and for drafts opened by "New Publish Document".
 */
export class PublishDocumentSupport implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('eventFlows.rabbitmqPublish');
  private readonly drafts = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(
    private readonly publishCommand: string,
    private readonly targets: DocumentTargets,
    private readonly labelOf: (connectionId: string) => string | undefined,
  ) {
    this.subscriptions = [
      this.lensesChanged,
      targets.onDidChange(() => this.lensesChanged.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.lensesChanged.fire()),
      this.diagnostics,
      vscode.languages.registerCodeLensProvider([{ pattern: `**/*${PUBLISH_FILE_SUFFIX}` }, { scheme: 'untitled' }], this),
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.diagnostics.delete(d.uri);
        this.drafts.delete(d.uri.toString());
      }),
    ];
    vscode.workspace.textDocuments.forEach((d) => this.check(d));
  }

  isPublishDocument(document: vscode.TextDocument): boolean {
    return document.uri.path.endsWith(PUBLISH_FILE_SUFFIX) || this.drafts.has(document.uri.toString());
  }

  /** A new untitled draft with a sample message, checked like a publish file. */
  async openDraft(text = PUBLISH_TEMPLATE): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument({ language: 'jsonc', content: text });
    this.drafts.add(document.uri.toString());
    this.check(document);
    await vscode.window.showTextDocument(document);
    return document;
  }

  check(document: vscode.TextDocument): void {
    if (!this.isPublishDocument(document)) return;
    const result = parsePublishDocument(document.getText());
    this.diagnostics.set(
      document.uri,
      result.ok
        ? []
        : result.problems.map((p) => {
            const start = document.positionAt(p.offset);
            const end = document.positionAt(p.offset + Math.max(p.length, 1));
            const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), p.message, vscode.DiagnosticSeverity.Error);
            diagnostic.source = 'RabbitMQ publish';
            return diagnostic;
          }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isPublishDocument(document)) return [];
    const result = parsePublishDocument(document.getText());
    const top = new vscode.Range(0, 0, 0, 0);
    if (!result.ok) return [new vscode.CodeLens(top, { title: `$(error) ${result.problems.length} problem(s): fix them to publish`, command: '' })];
    const chosen = this.targets.get(document.uri);
    const target = chosen === undefined ? undefined : this.labelOf(chosen);
    const state = { trusted: vscode.workspace.isTrusted, untitled: document.uri.scheme === 'untitled', ...(target === undefined ? {} : { target }) };
    const { title, action } = sendLens(state, `$(send) Publish ${result.messages.length === 1 ? 'this message' : `these ${result.messages.length} messages`}`, 'broker');
    if (action === 'manageTrust') return [new vscode.CodeLens(top, { title, command: 'workbench.trust.manage', tooltip: untrustedSendRefusal(document.uri.path.split('/').pop() ?? '') })];
    return [new vscode.CodeLens(top, { title, command: this.publishCommand, arguments: [document.uri] })];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
