import * as vscode from 'vscode';
import { parseProduceDocument, type ProduceDocument } from '../../connectors/kafka/produceDocument';
import type { DocumentTargets } from '../documentTargets';
import { sendLens, untrustedSendRefusal, type SendLensState } from '../sendLens';
import { KAFKA_COMMANDS } from './kafkaCommandIds';

/** The language of `.kafka` produce documents (package.json contributes it). */
export const PRODUCE_LANGUAGE = 'eventflows-kafka';

/**
 * Produce documents while they are edited: diagnostics as the user types (field problems and JSON values
 * checked by the core parser, debounced) and a CodeLens per message to send it once or ten times.
 */
export function registerProduceDocumentSupport(targets: DocumentTargets, labelOf: (connectionId: string) => string | undefined): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('eventFlows.kafka');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = (document: vscode.TextDocument): void => {
    if (document.languageId !== PRODUCE_LANGUAGE) return;
    diagnostics.set(document.uri, diagnosticsOf(parseProduceDocument(document.getText())));
  };
  const later = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        check(document);
      }, 150),
    );
  };
  vscode.workspace.textDocuments.forEach(check);
  return [
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((change) => later(change.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    vscode.languages.registerCodeLensProvider(
      { language: PRODUCE_LANGUAGE },
      {
        onDidChangeCodeLenses: (listener) => vscode.Disposable.from(targets.onDidChange(listener), vscode.workspace.onDidGrantWorkspaceTrust(listener)),
        provideCodeLenses: (document) => {
          const chosen = targets.get(document.uri);
          const target = chosen === undefined ? undefined : labelOf(chosen);
          return codeLensesOf(document, { trusted: vscode.workspace.isTrusted, untitled: document.uri.scheme === 'untitled', ...(target === undefined ? {} : { target }) });
        },
      },
    ),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  ];
}

export function diagnosticsOf(parsed: ProduceDocument): vscode.Diagnostic[] {
  return parsed.problems.map((problem) => {
    const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.line - 1, problem.endColumn - 1);
    const diagnostic = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'Event Flows';
    return diagnostic;
  });
}

function codeLensesOf(document: vscode.TextDocument, state: SendLensState): vscode.CodeLens[] {
  const { messages } = parseProduceDocument(document.getText());
  return messages.flatMap((message) => {
    const range = new vscode.Range(message.startLine - 1, 0, message.startLine - 1, 0);
    const lens = (times: number): vscode.CodeLens => {
      const { title, action } = sendLens(state, times === 1 ? `$(play) Produce to ${message.topic}` : `Produce ×${times}`, 'cluster');
      return new vscode.CodeLens(
        range,
        action === 'send' ? { title, command: KAFKA_COMMANDS.produceMessage, arguments: [document.uri, { line: message.startLine, times }] } : { title, command: 'workbench.trust.manage', tooltip: untrustedSendRefusal(document.uri.path.split('/').pop() ?? '') },
      );
    };
    return state.trusted || state.untitled ? [lens(1), lens(10)] : [lens(1)];
  });
}
