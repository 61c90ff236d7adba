import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OutgoingMessage } from '../../connectors/broker';
import { parsePublishDocument } from '../../connectors/rabbitmq/publishDocument';
import { readRecording, recordMessages } from '../../connectors/rabbitmq/recording';
import { recordingFileName } from '../../connectors/recordings/ignoredFolder';
import { recordingsFolder } from '../recordingFolder';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import type { PublishDocumentSupport } from './publishDocumentSupport';
import { RabbitBrokerConnection } from '../../connections/rabbitmq/rabbitConnection';
import { vhostOf } from '../../explorer/rabbitmq/rabbitNodes';
import { isPreconfirmed } from '../../ui/confirmation';
import type { DocumentTargets } from '../documentTargets';
import { untrustedSendRefusal } from '../sendLens';
import { confirmWrite, openBroker, optionsArg, pickRabbit, queueTarget, type BrokerTarget } from './rabbitTargets';

export const RABBIT_PUBLISH_COMMANDS = {
  newPublishDocument: 'eventFlows.rabbitmq.newPublishDocument',
  publishDocument: 'eventFlows.rabbitmq.publishDocument',
  saveRecording: 'eventFlows.rabbitmq.saveRecording',
  publishRecording: 'eventFlows.rabbitmq.publishRecording',
} as const;

/** Publishes groups of messages, each group to its exchange with confirms; returns how many were confirmed. */
async function publishAll(target: BrokerTarget, messages: { exchange: string; message: OutgoingMessage }[], signal: AbortSignal): Promise<number> {
  let confirmed = 0;
  let start = 0;
  while (start < messages.length) {
    let end = start + 1;
    while (end < messages.length && messages[end].exchange === messages[start].exchange) end += 1;
    const receipts = await target.broker.publish({ name: messages[start].exchange }, messages.slice(start, end).map((m) => m.message), signal);
    confirmed += receipts.length;
    start = end;
  }
  return confirmed;
}

async function documentAt(uri: unknown): Promise<vscode.TextDocument> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('open a publish document (*.rabbitmq.json) or a recording (*.ndjson) first.');
  return active;
}

/** Publish Message from a document, recordings saved from a peek and published again. */
/**
 * The broker a document sends to: in an untrusted workspace none (its files do not send); the one chosen
 * for the document before; else the user's answer, naming each broker. A node given with a `preconfirm`
 * token (the extension's own callers) is used as is.
 */
async function documentBroker(services: CommandServices, targets: DocumentTargets, document: vscode.TextDocument, options: Record<string, unknown>, verb: string): Promise<BrokerTarget> {
  if (!vscode.workspace.isTrusted && document.uri.scheme !== 'untitled') throw new Error(untrustedSendRefusal(path.basename(document.uri.path)));
  const node = options.node as TreeNode | undefined;
  const suggested = node ? await pickRabbit(services, node) : undefined;
  let connection: RabbitBrokerConnection;
  if (suggested && isPreconfirmed(options.confirmed)) {
    targets.set(document.uri, suggested.id);
    connection = suggested;
  } else {
    const brokers = services.connections.all().filter((c): c is RabbitBrokerConnection => c instanceof RabbitBrokerConnection);
    connection = await targets.resolve(document.uri, brokers, { verb, kind: 'RabbitMQ broker', ...(suggested ? { suggested } : {}) });
  }
  const broker = await openBroker(connection);
  const vhost = (node && connection.id === suggested?.id ? vhostOf(node) : undefined) ?? broker.vhost;
  return { connection, broker, vhost };
}

export function registerRabbitPublishCommands(services: CommandServices, support: PublishDocumentSupport, targets: DocumentTargets): vscode.Disposable[] {
  const { log, tree } = services;
  return [
    registerCommand(log, RABBIT_PUBLISH_COMMANDS.newPublishDocument, 'open a publish document', async () => {
      await support.openDraft();
    }),
    registerCommand(log, RABBIT_PUBLISH_COMMANDS.publishDocument, 'publish the document', async (uri?: unknown, given?: unknown): Promise<number> => {
      const options = optionsArg(given);
      const document = await documentAt(uri);
      const result = parsePublishDocument(document.getText());
      if (!result.ok) throw new Error(`the document has ${result.problems.length} problem(s); the first, line ${result.problems[0].line}: ${result.problems[0].message}`);
      const verb = `Publish ${result.messages.length} message(s)`;
      const target = await documentBroker(services, targets, document, options, verb);
      await confirmWrite(target, `Publish ${result.messages.length} message(s) to ${[...new Set(result.messages.map((m) => m.exchange || '(default)'))].join(', ')}?`, 'Publish', { confirmed: options.confirmed });
      const count = await withProgress('Publishing…', (signal) => publishAll(target, result.messages, signal));
      log.info(`Published ${count} message(s) from ${document.uri.path} to ${target.connection.label}`);
      void vscode.window.showInformationMessage(`Published ${count} message(s), confirmed by the broker.`);
      tree.refreshConnection(target.connection.id);
      return count;
    }),
    registerCommand(log, RABBIT_PUBLISH_COMMANDS.saveRecording, 'save a recording', async (node?: TreeNode, given?: unknown): Promise<string> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const limit = typeof options.limit === 'number' ? options.limit : 100;
      // A recording is published again: bodies whole, so the peek's byte bound may keep fewer messages (said below).
      const outcome = await withProgress(`Peeking ${target.queue.name}…`, (signal) => target.broker.peek(target.queue.name, { limit, signal, maxBodyBytes: Number.POSITIVE_INFINITY }, target.vhost));
      if (outcome.kind === 'queue' && outcome.stoppedAtBytes !== undefined) void vscode.window.showWarningMessage(`Recorded the first ${outcome.messages.length} messages of ${target.queue.name} only: ${outcome.problems[outcome.problems.length - 1]?.message ?? 'the peek reached its byte bound'}`);
      // The extension's own callers pass options: they take the default folder (or the one they name).
      const folder = await recordingsFolder(log, { useDefault: given !== undefined, ...(options.folder instanceof vscode.Uri ? { folder: options.folder } : {}) });
      const file = vscode.Uri.joinPath(folder, recordingFileName(target.queue.name));
      await vscode.workspace.fs.writeFile(file, Buffer.from(recordMessages(outcome.messages, target.vhost, { connection: target.connection.label, queue: target.queue.name }), 'utf8'));
      log.info(`Saved ${outcome.messages.length} peeked messages of ${target.queue.name} to ${file.fsPath}`);
      if (options.open !== false) await vscode.window.showTextDocument(file);
      return file.fsPath;
    }),
    registerCommand(log, RABBIT_PUBLISH_COMMANDS.publishRecording, 'publish the recording', async (uri?: unknown, given?: unknown): Promise<number> => {
      const options = optionsArg(given);
      const document = await documentAt(uri);
      const { messages, problems } = readRecording(document.getText());
      if (problems.length > 0) throw new Error(`${path.basename(document.uri.path)} line ${problems[0].line}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was published.`);
      if (messages.length === 0) throw new CancelledError();
      const target = await documentBroker(services, targets, document, options, `Publish ${messages.length} recorded message(s)`);
      await confirmWrite(target, `Publish the ${messages.length} recorded message(s) again?`, 'Publish', { confirmed: options.confirmed });
      const count = await withProgress('Publishing the recording…', (signal) => publishAll(target, messages, signal));
      log.info(`Published ${count} recorded message(s) from ${document.uri.path}`);
      void vscode.window.showInformationMessage(`Published ${count} recorded message(s), confirmed by the broker.`);
      tree.refreshConnection(target.connection.id);
      return count;
    }),
  ];
}
