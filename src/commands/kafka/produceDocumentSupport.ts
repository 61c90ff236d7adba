import * as vscode from 'vscode';
import { parseProduceDocument, type ProduceDocument, type ProduceMessageSpec } from '../../connectors/kafka/produceDocument';
import type { ProduceSchema } from '../../connectors/kafka/produceSchemas/produceValue';
import { schemaProblemsOf } from '../../connectors/kafka/produceSchemas/valueProblems';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { ProduceSchemaLookup } from './produceSchemaLookup';
import type { DocumentTargets } from '../documentTargets';
import { sendLens, untrustedSendRefusal, type SendLensState } from '../sendLens';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { PRODUCE_LANGUAGE } from '../../ui/sendDocuments';

/** The language of `.kafka` produce documents (package.json contributes it). */
export { PRODUCE_LANGUAGE };

/**
 * Produce documents while they are edited: diagnostics as the user types (field problems and JSON values
 * checked by the parser, debounced; values with a `schema:` line checked against their schema, each
 * problem at its path) and a CodeLens per message to send it once or ten times.
 */
export interface ProduceDocumentServices {
  targets: DocumentTargets;
  labelOf: (connectionId: string) => string | undefined;
  schemas: ProduceSchemaLookup;
  /** The cluster a document's registry schemas come from: the one chosen for it, else the only one saved. */
  clusterFor: (uri: vscode.Uri) => KafkaClusterConnection | undefined;
}

export function registerProduceDocumentSupport({ targets, labelOf, schemas, clusterFor }: ProduceDocumentServices): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('eventFlows.kafka');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = (document: vscode.TextDocument): void => {
    if (document.languageId !== PRODUCE_LANGUAGE) return;
    const parsed = parseProduceDocument(document.getText());
    diagnostics.set(document.uri, diagnosticsOf(parsed));
    if (!parsed.messages.some((m) => m.schema)) return;
    const version = document.version;
    void withSchemaProblems(parsed, schemas, clusterFor(document.uri)).then((checked) => {
      // A later edit has its own check coming: this one's answer would put problems on moved text.
      if (document.isClosed || document.version !== version) return;
      diagnostics.set(document.uri, diagnosticsOf(checked));
    });
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
    // The cluster chosen for a document decides its registry schemas.
    targets.onDidChange(() => vscode.workspace.textDocuments.forEach(check)),
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

/**
 * The document's problems with each schema-bound message's value checked against its schema; a schema
 * that cannot be had is a problem on the message's first line.
 */
export async function withSchemaProblems(parsed: ProduceDocument, schemas: ProduceSchemaLookup, cluster: KafkaClusterConnection | undefined, options: { fresh?: boolean } = {}): Promise<ProduceDocument & { found: Map<ProduceMessageSpec, ProduceSchema> }> {
  const found = new Map<ProduceMessageSpec, ProduceSchema>();
  const problems = [...parsed.problems];
  for (const message of parsed.messages) {
    if (!message.schema || message.format !== 'json') continue;
    const answer = await schemas.lookup(message.schema, message.topic, cluster, options);
    if (!answer.ok) {
      problems.push({ line: message.startLine, column: 1, endColumn: 4, message: `No ${message.schema} schema for ${message.topic}: ${answer.error}.`, severity: 'error' });
      continue;
    }
    found.set(message, answer.produce);
    problems.push(...schemaProblemsOf(message, answer.produce));
  }
  return { messages: parsed.messages, problems, found };
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
