import * as vscode from 'vscode';
import type { PeekOutcome } from '../../connectors/rabbitmq/rabbitBroker';
import type { RedriveReport } from '../../connectors/rabbitmq/redrive';
import { MAX_PEEK } from '../../connectors/rabbitmq/peek';
import { listedForRedrive, type RedriveDestination } from '../../connectors/rabbitmq/redrivePlan';
import type { SampleTopologyNames } from '../../connectors/rabbitmq/sampleTopology';
import { describeSampleTopology, sampleTopologyReport, type SampleTopologyReport } from '../../connectors/rabbitmq/sampleTopologyReport';
import { describeError } from '../../errors';
import type { StreamStart } from '../../connectors/rabbitmq/streamRead';
import type { TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import { isPreconfirmed } from '../../ui/confirmation';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { RABBIT_COMMANDS } from './rabbitCommandIds';
import { RABBIT_VIEW_COMMANDS } from './rabbitViewCommands';
import { peekDocument, planText } from './peekView';
import { announceRedrive } from './redriveOutcome';
import { brokerTarget, confirmWrite, optionsArg, queueTarget } from './rabbitTargets';

const DEFAULT_PEEK = 20;

/** Declare the sample topology, publish the sample flow, peek, purge and redrive. */
export function registerRabbitQueueCommands(services: CommandServices, documents: MessageDocuments): vscode.Disposable[] {
  const { log, tree } = services;
  const refresh = (connectionId: string): void => tree.refreshConnection(connectionId);
  return [
    registerCommand(log, RABBIT_COMMANDS.declareSampleTopology, 'declare the sample topology', async (node?: TreeNode, given?: unknown): Promise<SampleTopologyNames & { report: SampleTopologyReport }> => {
      const options = optionsArg(given);
      const prefix = typeof options.prefix === 'string' ? options.prefix : '';
      const { connection, broker, vhost } = await brokerTarget(services, node);
      await confirmWrite({ connection, vhost },
        `Declare the sample topology in vhost ${vhost}? A topic exchange "${prefix}orders" with a queue per kind of event, a dead-letter exchange with its DLQ and a delay queue (existing ones of the same names are kept).`,
        'Declare',
        { always: true, confirmed: options.confirmed },
      );
      const { names, report } = await withProgress('Declaring the sample topology…', async (signal) => {
        // Read first, so the report can tell what was there already (declaring leaves it as it was).
        const before = await broker.topology(vhost, signal).then(
          (topology) => topology,
          (error: unknown) => {
            if (signal.aborted) throw error;
            log.warn(`Could not read the topology of ${vhost} before declaring the sample: ${describeError(error)}`);
            return { unknown: describeError(error) };
          },
        );
        const declared = await broker.declareSampleTopology(prefix, vhost, signal);
        return { names: declared, report: sampleTopologyReport(vhost, declared, before) };
      });
      const said = describeSampleTopology(report);
      log.info(`${said} (${connection.label})`);
      refresh(connection.id);
      const open = 'Open Topology View';
      void vscode.window.showInformationMessage(said, open).then((choice) => (choice === open ? vscode.commands.executeCommand(RABBIT_VIEW_COMMANDS.openTopology, undefined, { connectionId: connection.id, vhost }) : undefined));
      return { ...names, report };
    }),
    registerCommand(log, RABBIT_COMMANDS.publishSampleEvents, 'publish the sample events', async (node?: TreeNode, given?: unknown): Promise<number> => {
      const options = optionsArg(given);
      const prefix = typeof options.prefix === 'string' ? options.prefix : '';
      const orders = typeof options.orders === 'number' ? options.orders : services.settings().sampleOrders;
      const { connection, broker, vhost } = await brokerTarget(services, node);
      await confirmWrite({ connection, vhost }, `Publish ${orders} sample Order flows to ${prefix}orders?`, 'Publish', { confirmed: options.confirmed });
      const count = await withProgress('Publishing the sample events…', (signal) => broker.publishSampleEvents({ prefix, orders, vhost, signal }));
      log.info(`Published ${count} sample messages to ${prefix}orders on ${connection.label}`);
      void vscode.window.showInformationMessage(`Published ${count} sample messages to ${prefix}orders (confirmed by the broker).`);
      refresh(connection.id);
      return count;
    }),
    registerCommand(log, RABBIT_COMMANDS.peekQueue, 'peek the queue', async (node?: TreeNode, given?: unknown): Promise<PeekOutcome> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const limit = typeof options.limit === 'number' ? options.limit : await askCount(`Peek how many messages of ${target.queue.name}?`, DEFAULT_PEEK);
      const start = target.queue.type === 'stream' ? (isStreamStart(options.start) ? options.start : await pickStreamStart(limit)) : undefined;
      const outcome = await withProgress(`Peeking ${target.queue.name}…`, (signal) => target.broker.peek(target.queue.name, { limit, signal, ...(start ? { start } : {}) }, target.vhost));
      if (options.open !== false) await documents.open(`${target.queue.name}.peek.json`, peekDocument(target.queue.name, target.vhost, outcome));
      log.info(`Peeked ${outcome.messages.length} messages of ${target.queue.name} on ${target.connection.label}`);
      return outcome;
    }),
    registerCommand(log, RABBIT_COMMANDS.purgeQueue, 'purge the queue', async (node?: TreeNode, given?: unknown): Promise<number> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      await confirmWrite(target, `Purge ${target.queue.name}? Its ready messages are deleted for good.`, 'Purge', { always: true, confirmed: options.confirmed });
      const removed = await withProgress(`Purging ${target.queue.name}…`, (signal) => target.broker.purge(target.queue.name, target.vhost, signal));
      log.info(`Purged ${removed} messages from ${target.queue.name} on ${target.connection.label}`);
      void vscode.window.showInformationMessage(`Purged ${removed} messages from ${target.queue.name}.`);
      refresh(target.connection.id);
      return removed;
    }),
    registerCommand(log, RABBIT_COMMANDS.redrive, 'redrive the dead letters', async (node?: TreeNode, given?: unknown): Promise<RedriveReport> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const destination = isDestination(options.destination) ? options.destination : await pickDestination(target.queue.name);
      // The dry run peeks as far as it can (a peek takes at most 65,535); the redrive then moves exactly what it listed.
      const limit = typeof options.limit === 'number' ? options.limit : MAX_PEEK;
      const plan = await withProgress(`Dry run: redrive from ${target.queue.name}…`, (signal) => target.broker.planRedrive(target.queue.name, { destination, limit, vhost: target.vhost, signal }));
      const listed = listedForRedrive(plan);
      if (listed.length === 0) throw new Error(`the dry run of ${target.queue.name} on ${target.connection.label} lists no message to send (${plan.skipped} stay): nothing to redrive.`);
      if (!isPreconfirmed(options.confirmed)) {
        await documents.open(`${target.queue.name}.redrive-plan.txt`, planText(target.queue.name, plan));
        const button = `Redrive ${plan.toSend}`;
        const answer = await vscode.window.showWarningMessage(
          `${target.connection.confirmsWrites ? `${target.connection.label} is a production broker. ` : ''}Redrive ${plan.toSend} messages from ${target.queue.name} on ${target.connection.label} (vhost ${target.vhost}) as the dry run lists (${plan.skipped} stay)?`,
          { modal: true, detail: 'Exactly the listed messages move, matched by message id (else x-death and body): any that arrived since stay, any gone since are reported.' },
          button,
        );
        if (answer !== button) throw new CancelledError();
      }
      const report = await withProgress(`Redriving ${target.queue.name}…`, (signal, progress) =>
        target.broker.redrive({ queue: target.queue.name, destination, listed, signal, onProgress: (moved, scanned) => progress(`${moved} moved of ${scanned} looked at`) }, target.vhost),
      );
      announceRedrive(services, target, target.queue.name, report);
      refresh(target.connection.id);
      return report;
    }),
    registerCommand(log, RABBIT_COMMANDS.searchQueues, 'search the queues', async (node?: TreeNode, text?: string) => {
      if (node?.kind !== 'rabbitSection' || node.section !== 'queues') throw new Error('choose the Queues of a virtual host in the Event Flows view to search them.');
      const search = text ?? (await vscode.window.showInputBox({ title: 'Search queues', prompt: 'Show the queues whose name contains', value: tree.model.searchOf(node), ignoreFocusOut: true }));
      if (search === undefined) throw new CancelledError();
      tree.search(node, search);
      await services.treeView.reveal(node, { expand: true });
    }),
    registerCommand(log, RABBIT_COMMANDS.clearQueueSearch, 'clear the queue search', (node?: TreeNode) => {
      if (node?.kind === 'rabbitSection') tree.search(node, undefined);
      return Promise.resolve();
    }),
  ];
}

function isDestination(value: unknown): value is RedriveDestination {
  if (typeof value !== 'object' || value === null) return false;
  const to = (value as { to?: unknown }).to;
  return to === 'origin-queue' || to === 'origin-exchange' || (to === 'exchange' && typeof (value as { exchange?: unknown }).exchange === 'string');
}

async function pickDestination(queue: string): Promise<RedriveDestination> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Back to the queue each message died in', description: 'through the default exchange', destination: { to: 'origin-queue' } as RedriveDestination },
      { label: 'Back to the exchange each was first published to', description: 'with its original routing key', destination: { to: 'origin-exchange' } as RedriveDestination },
      { label: 'To another exchange…', destination: undefined },
    ],
    { title: `Redrive ${queue} to`, ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  if (picked.destination) return picked.destination;
  const exchange = await vscode.window.showInputBox({ title: `Redrive ${queue} to`, prompt: 'Exchange name (each message keeps its routing key)', ignoreFocusOut: true });
  if (exchange === undefined) throw new CancelledError();
  return { to: 'exchange', exchange };
}

async function askCount(prompt: string, value: number, min = 1): Promise<number> {
  const max = min === 0 ? Number.MAX_SAFE_INTEGER : 10_000;
  const answer = await vscode.window.showInputBox({
    prompt,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? undefined : min === 0 ? 'A whole number from 0' : 'A whole number from 1 to 10,000'),
  });
  if (answer === undefined) throw new CancelledError();
  return Number(answer.trim());
}

function isStreamStart(value: unknown): value is StreamStart {
  if (typeof value !== 'object' || value === null) return false;
  const start = value as Record<string, unknown>;
  return start.from === 'first' || (start.from === 'last' && typeof start.count === 'number') || (start.from === 'offset' && typeof start.offset === 'number') || (start.from === 'timestamp' && typeof start.timestamp === 'number');
}

/** Streams are read, never consumed: from the first message, the last N, an offset or a time. */
async function pickStreamStart(limit: number): Promise<StreamStart> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'From the first message', from: 'first' as const },
      { label: `The last ${limit}`, from: 'last' as const },
      { label: 'From an offset…', from: 'offset' as const },
      { label: 'From a time…', description: 'ISO 8601, e.g. 2026-12-03T10:00:00Z', from: 'timestamp' as const },
    ],
    { title: 'Read the stream from', ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  if (picked.from === 'first') return { from: 'first' };
  if (picked.from === 'last') return { from: 'last', count: limit };
  if (picked.from === 'offset') return { from: 'offset', offset: await askCount('Read from which offset?', 0, 0) };
  const text = await vscode.window.showInputBox({
    prompt: 'Read from this time on (ISO 8601)',
    value: new Date(Date.now() - 3_600_000).toISOString(),
    ignoreFocusOut: true,
    validateInput: (value) => (Number.isNaN(Date.parse(value.trim())) ? 'A time such as 2026-12-03T10:00:00Z' : undefined),
  });
  if (text === undefined) throw new CancelledError();
  return { from: 'timestamp', timestamp: Date.parse(text.trim()) };
}
