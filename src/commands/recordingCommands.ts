import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBrokerConnection, type BrokerConnection } from '../connections/connection';
import { readRecording } from '../connectors/recordings/recordingFormat';
import { messagesToPublish, recordingCounts } from '../connectors/recordings/recordingPublish';
import { isPreconfirmed } from '../ui/confirmation';
import { CancelledError, withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import type { CommandServices } from './services';
import { untrustedSendRefusal } from './sendLens';

export const RECORDING_COMMANDS = {
  publishRecording: 'eventFlows.publishRecording',
} as const;

/** Options the extension's own callers (and tests) pass: the target chosen ahead and a confirmation token. */
interface PublishRecordingOptions {
  connectionId?: string;
  destination?: string;
  confirmed?: unknown;
}

function optionsOf(given: unknown): PublishRecordingOptions {
  return typeof given === 'object' && given !== null ? (given) : {};
}

async function documentAt(uri: unknown): Promise<vscode.TextDocument> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('open a recording (*.ndjson) first.');
  return active;
}

async function pickBroker(services: CommandServices, options: PublishRecordingOptions): Promise<BrokerConnection> {
  const brokers = services.connections.all().filter(isBrokerConnection);
  if (options.connectionId !== undefined) {
    const chosen = brokers.find((b) => b.id === options.connectionId);
    if (!chosen) throw new Error(`no broker connection ${options.connectionId}.`);
    return chosen;
  }
  if (brokers.length === 0) throw new Error('add a Kafka cluster or a RabbitMQ broker first: a recording is published to one.');
  const picked = await vscode.window.showQuickPick(
    brokers.map((broker) => ({ label: broker.label, description: broker.description, broker })),
    { title: 'Publish the recording to', placeHolder: 'a Kafka cluster (then a topic) or a RabbitMQ broker (then an exchange)' },
  );
  if (!picked) throw new CancelledError();
  return picked.broker;
}

/**
 * Publish Recording…: any recording (Kafka's, RabbitMQ's, the earlier RabbitMQ format) to a Kafka topic or a
 * RabbitMQ exchange, after a confirmation that counts the messages and says what does not carry over.
 */
export function registerRecordingCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, RECORDING_COMMANDS.publishRecording, 'publish the recording', async (uri?: unknown, given?: unknown): Promise<number> => {
      const options = optionsOf(given);
      const document = await documentAt(uri);
      const name = path.basename(document.uri.path);
      if (!vscode.workspace.isTrusted && document.uri.scheme !== 'untitled') throw new Error(untrustedSendRefusal(name));
      const { recording, problems } = readRecording(document.getText());
      if (!recording || problems.length > 0) {
        const first = problems[0];
        throw new Error(`${name} line ${first?.line ?? 1}: ${first?.message ?? 'not a recording'}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was published.`);
      }
      if (recording.messages.length === 0) throw new Error(`${name} holds no messages.`);
      const connection = await pickBroker(services, options);
      const broker = await withProgress(`Connecting to ${connection.label}…`, (signal) => services.connections.openBroker(connection.id, signal));
      const sameKind = recording.header.source.kind === broker.kind;
      const recordedExchanges = [...new Set(recording.messages.map((m) => m.from?.exchange).filter((e) => typeof e === 'string'))];
      const suggested = sameKind ? (recordedExchanges.length === 1 ? String(recordedExchanges[0]) : recording.header.source.channel) : undefined;
      const destination =
        options.destination ??
        (await vscode.window.showInputBox({ title: `Publish ${name} to ${connection.label}`, prompt: 'The topic or exchange to publish to (empty: a RabbitMQ broker\u2019s default exchange)', value: suggested ?? '', ignoreFocusOut: true }));
      if (destination === undefined) throw new CancelledError();
      const { messages, notCarried } = messagesToPublish(recording, broker.kind);
      const counts = recordingCounts(recording);
      if (!isPreconfirmed(options.confirmed)) {
        const detail = [`Recorded from ${recording.header.source.kind}${recording.header.source.channel ? ` ${recording.header.source.channel}` : ''}: ${counts}.`, ...(notCarried.length > 0 ? ['Not carried over:', ...notCarried.map((n) => `• ${n}`)] : [])].join('\n');
        const answer = await vscode.window.showWarningMessage(`Publish ${messages.length} message(s) to ${destination || '(default exchange)'} on ${connection.label}?`, { modal: true, detail }, 'Publish');
        if (answer !== 'Publish') throw new CancelledError();
      }
      const receipts = await withProgress(`Publishing ${name} to ${destination || '(default exchange)'}…`, (signal) => broker.publish({ name: destination }, messages, signal));
      const said = `Published ${receipts.length} of ${messages.length} recorded message(s) to ${destination || '(default exchange)'} on ${connection.label}, confirmed by the broker.`;
      services.log.info(`${said} From ${document.uri.fsPath}${notCarried.length > 0 ? `; not carried: ${notCarried.join('; ')}` : ''}`);
      void vscode.window.showInformationMessage(said);
      services.tree.refreshConnection(connection.id);
      return receipts.length;
    }),
  ];
}
