import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OutgoingMessage } from '../../connectors/broker';
import type { FlowEvent } from '../../core/envelope';
import { produceDocumentFor } from '../../connectors/kafka/reproduceDocument';
import { parseProduceDocument, type ProduceMessageSpec } from '../../connectors/kafka/produceDocument';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/kafka/messageDocuments';
import { withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import { isPreconfirmed } from '../../ui/confirmation';
import type { DocumentTargets } from '../documentTargets';
import { untrustedSendRefusal } from '../sendLens';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { confirmWrite, isKafka, openKafka } from './kafkaPick';
import { newProduceDocument, type NewProduceDocumentGiven } from './newProduceDocument';
import { PRODUCE_LANGUAGE, withSchemaProblems } from './produceDocumentSupport';
import type { ProduceSchemaLookup } from './produceSchemaLookup';
import { encodeProduceValue } from '../../connectors/kafka/produceSchemas/produceValue';
import type { JsonValue } from '../../core/json';

export interface ProduceOptions {
  /** The message whose block starts on this line (1-based); every message of the document when absent. */
  line?: number;
  times?: number;
  /**
   * The cluster's connection id or name: with a `preconfirm` token (the extension's own callers) it is
   * used as is; otherwise the first send from the document asks, offering it first.
   */
  cluster?: string;
  confirmed?: unknown;
}

export interface MessagePosition {
  cluster: string;
  topic: string;
  partition: number;
  offset: string;
}

/** Produce Message from a `.kafka` document (CodeLens or command), Show Message where it landed, new and prefilled documents. */
export function registerKafkaProduceCommands(services: CommandServices, documents: MessageDocuments, targets: DocumentTargets, schemas: ProduceSchemaLookup): vscode.Disposable[] {
  const { log } = services;
  const pickFor = async (uri: vscode.Uri, options: ProduceOptions, verb: string): Promise<KafkaClusterConnection> => {
    const clusters = services.connections.all().filter(isKafka);
    const suggested = options.cluster === undefined ? undefined : clusters.find((c) => c.id === options.cluster || c.label === options.cluster);
    if (suggested && isPreconfirmed(options.confirmed)) {
      targets.set(uri, suggested.id);
      return suggested;
    }
    return targets.resolve(uri, clusters, { verb, kind: 'Kafka cluster', ...(suggested ? { suggested } : {}) });
  };
  return [
    registerCommand(log, KAFKA_COMMANDS.produceMessage, 'produce the message', async (uri?: vscode.Uri, options: ProduceOptions = {}) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document) throw new Error('open a .kafka produce document first.');
      const parsed = parseProduceDocument(document.getText());
      const chosen = options.line === undefined ? parsed.messages : parsed.messages.filter((m) => m.startLine === options.line);
      if (chosen.length === 0) throw new Error(options.line === undefined ? 'the document holds no message (a block needs a "topic:" line).' : `no message starts on line ${options.line}.`);
      const errors = parsed.problems.filter((p) => p.severity === 'error' && chosen.some((m) => p.line >= m.startLine && p.line <= m.endLine));
      if (errors.length > 0) throw new Error(`line ${errors[0].line}: ${errors[0].message}`);
      if (!vscode.workspace.isTrusted && document.uri.scheme !== 'untitled') throw new Error(untrustedSendRefusal(path.basename(document.uri.path)));
      const times = Math.max(1, Math.min(10_000, Math.floor(options.times ?? 1)));
      const count = chosen.length * times;
      const what = `Produce ${count} message${count === 1 ? '' : 's'} to ${[...new Set(chosen.map((m) => m.topic))].join(', ')}`;
      const connection = await pickFor(document.uri, options, what);
      const bodies = await schemaBodies(document, chosen, connection, schemas);
      await confirmWrite(connection, what, options.confirmed);
      const broker = await openKafka(connection);
      const landed = await withProgress(`Producing ${count} message${count === 1 ? '' : 's'}`, async (signal) => {
        const positions: MessagePosition[] = [];
        for (const spec of chosen) {
          const receipts = await broker.publish({ name: spec.topic, ...(spec.partition === undefined ? {} : { partition: spec.partition }) }, Array.from({ length: times }, () => outgoing(spec, bodies.get(spec))), signal);
          for (const receipt of receipts) positions.push({ cluster: connection.id, topic: spec.topic, partition: receipt.partition ?? -1, offset: receipt.offset ?? '' });
        }
        return positions;
      });
      const last = landed[landed.length - 1];
      log.info(`Produced ${landed.length} message(s) on ${connection.label}; the last to ${last.topic} [${last.partition}] @ ${last.offset}`);
      void vscode.window.showInformationMessage(`Produced ${landed.length} message${landed.length === 1 ? '' : 's'}: the last to ${last.topic} partition ${last.partition}, offset ${last.offset}.`, 'Show Message').then((choice) =>
        choice ? vscode.commands.executeCommand(KAFKA_COMMANDS.showMessage, last) : undefined,
      );
      return landed;
    }),
    registerCommand(log, KAFKA_COMMANDS.showMessage, 'show the message', async (position?: MessagePosition) => {
      if (!position) throw new Error('no message position was given.');
      const connection = services.connections.all().filter(isKafka).find((c) => c.id === position.cluster);
      if (!connection) throw new Error(`the cluster ${position.cluster} is no longer saved.`);
      const event = await readOne(connection, position);
      return documents.open(connection.label, event);
    }),
    registerCommand(log, KAFKA_COMMANDS.newProduceDocument, 'create a produce document', (node?: TreeNode, given?: NewProduceDocumentGiven) => newProduceDocument(services, { schemas }, node, given)),
  ];
}

/** A produce document prefilled from a message (re-produce), opened for the user to edit and run. */
export async function openProduceDocument(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: PRODUCE_LANGUAGE, content });
  return vscode.window.showTextDocument(document);
}

export function reproduceDocument(event: FlowEvent, topic: string): Promise<vscode.TextEditor> {
  return openProduceDocument(produceDocumentFor(event, topic));
}

/** One message at its position, read by the browse that never commits. */
export async function readOne(connection: KafkaClusterConnection, position: Omit<MessagePosition, 'cluster'>, options: { keepBytes?: boolean } = {}): Promise<FlowEvent> {
  const broker = await openKafka(connection);
  const page = await withProgress(`Reading ${position.topic} [${position.partition}] @ ${position.offset}`, (signal) =>
    broker.browseWith({ source: position.topic, partitions: [position.partition], start: { from: 'offset', offset: position.offset }, limit: 1, signal }, { perPartitionLimit: 1, keepBytes: options.keepBytes === true }),
  );
  const event = page.events.find((e) => e.source.system === 'kafka' && e.source.offset === position.offset) ?? page.events[0];
  if (!event) throw new Error(`no message at ${position.topic} [${position.partition}] @ ${position.offset} (deleted by retention or compaction?).`);
  return event;
}

/** The cluster a document's registry schemas are checked with: the one chosen for it, else the only Kafka cluster saved. */
export function produceClusterFor(services: CommandServices, targets: DocumentTargets, uri: vscode.Uri): KafkaClusterConnection | undefined {
  const clusters = services.connections.all().filter(isKafka);
  const chosen = targets.get(uri);
  return chosen === undefined ? (clusters.length === 1 ? clusters[0] : undefined) : clusters.find((c) => c.id === chosen);
}

/**
 * The bytes of each message written with a schema, checked against the schema as it is now (looked up
 * again, not from the diagnostics' memory). A value the schema refuses, or a schema that cannot be had,
 * refuses the whole send, naming the line and the path.
 */
async function schemaBodies(document: vscode.TextDocument, chosen: readonly ProduceMessageSpec[], connection: KafkaClusterConnection, schemas: ProduceSchemaLookup): Promise<Map<ProduceMessageSpec, Buffer>> {
  const bodies = new Map<ProduceMessageSpec, Buffer>();
  if (!chosen.some((m) => m.schema)) return bodies;
  const checked = await withProgress('Checking the values against their schemas', () => withSchemaProblems({ messages: [...chosen], problems: [] }, schemas, connection, { fresh: true }));
  const [first] = checked.problems;
  if (first) {
    const more = checked.problems.length - 1;
    throw new Error(`nothing was sent: ${path.basename(document.uri.path)} line ${first.line}: ${first.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}; see the Problems view)` : ''}`);
  }
  for (const [spec, produce] of checked.found) bodies.set(spec, encodeProduceValue(produce, JSON.parse(spec.value) as JsonValue));
  return bodies;
}

function outgoing(spec: ProduceMessageSpec, encoded: Buffer | undefined): OutgoingMessage {
  return {
    ...(spec.key === undefined ? {} : { key: spec.key }),
    ...(spec.headers.length > 0 ? { headers: spec.headers } : {}),
    // JSON without a schema is sent as written: the user's own formatting is the record's bytes.
    body: encoded ?? spec.value,
  };
}
