import * as vscode from 'vscode';
import { decodePayload } from '../../core/codec';
import type { PeekedMessage } from '../../connectors/rabbitmq/messages';
import { isRabbitSource } from '../../connectors/rabbitmq/rabbitSource';
import type { FlowEvent } from '../../core/envelope';
import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import type { TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import { peekView, redrivePlanView } from '../../panels/rabbitmq/peekViewModel';
import { RabbitWebview } from '../../panels/rabbitmq/rabbitWebview';
import { channelGraph } from '../../panels/topology/channelGraph';
import type { Channel, ChannelReader } from '../../connectors/reads/channels';
import { exchangeChannelId, queueChannelId } from '../../connectors/rabbitmq/rabbitChannels';
import { parsePeekMessage, type PeekRedriveDestination, type PeekRedrivePlan, type PeekToHost, type PeekToWebview, type PeekView } from '../../protocol/rabbitmq/peek';
import { parseTopologyMessage, type TopologyToHost, type TopologyToWebview } from '../../protocol/topology';
import { CancelledError, withProgress } from '../../ui/progress';
import { COMMANDS } from '../../ui/commandIds';
import { registerCommand } from '../../ui/registerCommand';
import type { BusMessagesArgument } from '../busSources';
import { listedForRedrive } from '../../connectors/rabbitmq/redrivePlan';
import type { RedriveSummary } from '../../connectors/rabbitmq/redriveSummary';
import { foundMessageView, messageView } from './peekView';
import { announceRedrive } from './redriveOutcome';
import { recordPeekSelection } from './peekSelectionRecording';
import { findRabbitNode, revealRabbitNode } from './rabbitReveal';
import type { CommandServices } from '../services';
import { brokerTarget, isBrokerPlace, optionsArg, queueTarget, type QueueTarget } from './rabbitTargets';

export const RABBIT_VIEW_COMMANDS = {
  openTopology: 'eventFlows.rabbitmq.openTopology',
  openPeekView: 'eventFlows.rabbitmq.openPeekView',
} as const;

const DEFAULT_PEEK = 50;

/** The topology view and the peek view (with redrive), as webview panels. */
export function registerRabbitViewCommands(services: CommandServices, documents: MessageDocuments, extensionUri: vscode.Uri): vscode.Disposable[] {
  const { log } = services;
  return [
    registerCommand(log, RABBIT_VIEW_COMMANDS.openTopology, 'open the topology view', async (node?: TreeNode, place?: unknown) => {
      const { connection, broker, vhost } = await brokerTarget(services, node, isBrokerPlace(place) ? place : undefined);
      // The ids the page may send back: those of the graph it was last given.
      let drawn = new Map<string, Channel | ChannelReader>();
      const load = async (signal?: AbortSignal) => {
        const map = await broker.channels({ connectionId: connection.id, signal }, vhost);
        drawn = new Map([...map.channels, ...map.readers].map((c) => [c.id, c]));
        return channelGraph(map, { connection: connection.label, scope: vhost, action: (c) => (c.kind === 'exchange' ? 'show it and its bindings in the tree' : 'open its peek view') });
      };
      const graph = await withProgress(`Reading the topology of ${vhost}…`, load);
      const known = (nodeId: string): Channel | ChannelReader => {
        const found = drawn.get(nodeId);
        if (!found) throw new Error(`${nodeId} is not in the topology view: refresh the view.`);
        return found;
      };
      return new RabbitWebview<TopologyToHost, TopologyToWebview>({
        app: 'topology',
        viewType: 'eventFlows.rabbitmq.topology',
        title: `Topology: ${connection.label} ${vhost}`,
        extensionUri,
        log,
        firstView: { graph },
        parse: parseTopologyMessage,
        async answer(message, post) {
          if (message.type === 'ready') return;
          if (message.type === 'refresh') await post({ type: 'graph', graph: await load() });
          if (message.type === 'reveal') await revealRabbitNode(services, connection.id, vhost, idOf(known(message.nodeId)));
          if (message.type === 'openNode') {
            // A queue or stream opens its peek view; an exchange is shown in the tree with its bindings beneath.
            const channel = known(message.nodeId);
            if (channel.kind === 'exchange') {
              await revealRabbitNode(services, connection.id, vhost, idOf(channel), true);
            } else {
              const node = await findRabbitNode(services, connection.id, vhost, idOf(channel));
              if (!node) throw new Error(`${channel.kind} ${channel.name} is not in vhost ${vhost} any more: refresh the view.`);
              await vscode.commands.executeCommand(RABBIT_VIEW_COMMANDS.openPeekView, node);
            }
          }
        },
      });
    }),
    registerCommand(log, RABBIT_VIEW_COMMANDS.openPeekView, 'open the peek view', async (node?: TreeNode, given?: unknown) => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const limit = typeof options.limit === 'number' ? options.limit : DEFAULT_PEEK;
      let current = await withProgress(`Peeking ${target.queue.name}…`, (signal) => peekAsView(target, limit, signal));
      // The dry run the page last showed: a redrive moves only the messages it listed.
      let shownPlan: ShownPlan | undefined;
      return new RabbitWebview<PeekToHost, PeekToWebview>({
        app: 'peek',
        viewType: 'eventFlows.rabbitmq.peek',
        title: `Peek: ${target.queue.name}`,
        extensionUri,
        log,
        firstView: { view: current.view },
        parse: parsePeekMessage,
        async answer(message, post) {
          switch (message.type) {
            case 'ready':
              return;
            case 'refresh':
              await post({ type: 'busy', what: `Peeking ${target.queue.name}…` });
              current = await peekAsView(target, limit);
              await post({ type: 'peek', view: current.view });
              return;
            case 'open': {
              const found = current.messages.find((m) => m.position === message.position);
              if (!found) throw new Error(`message #${message.position} is not among the peeked ones: peek again.`);
              // A body the peek kept as its first bytes is read again whole (see RabbitBroker.fetchBody).
              const fetchWhole = (): Promise<Uint8Array> => withProgress(`Reading message #${found.position} of ${target.queue.name} whole…`, (signal) => target.broker.fetchBody(target.queue.name, found, target.vhost, signal));
              await openMessage(documents, target.queue.name, found, fetchWhole);
              return;
            }
            case 'trace': {
              const found = current.messages.find((m) => m.position === message.position);
              if (!found) throw new Error(`message #${message.position} is not among the peeked ones: peek again.`);
              await vscode.commands.executeCommand(COMMANDS.traceFlow, found.event);
              return;
            }
            case 'runThroughBus': {
              const wanted = new Set(message.positions);
              const messages = current.messages.filter((m) => wanted.has(m.position)).map((m) => m.event);
              if (messages.length < wanted.size) throw new Error(`${wanted.size - messages.length} selected message(s) are not among the peeked ones: peek again.`);
              const label = messages.length === 1 ? `${target.queue.name} #${message.positions[0]}` : `${messages.length} messages of ${target.queue.name}`;
              const arg: BusMessagesArgument = { source: 'messages', label, messages };
              await vscode.commands.executeCommand(COMMANDS.runEventsThroughBus, arg);
              return;
            }
            case 'recordSelection':
              await post({ type: 'notice', message: await recordPeekSelection(services, target, current.messages, message.positions, message.to) });
              return;
            case 'planRedrive': {
              await post({ type: 'busy', what: `Dry run: redrive from ${target.queue.name}…` });
              shownPlan = await planFromView(target, message.positions, message.destination, limit);
              await post({ type: 'redrivePlan', plan: shownPlan.view });
              return;
            }
            case 'redrive': {
              const { destination } = message;
              const planned = shownPlan;
              shownPlan = undefined;
              if (!planned || JSON.stringify([planned.view.positions, planned.view.destination]) !== JSON.stringify([message.positions, destination])) {
                throw new Error('Not redriving: run the dry run of this redrive first, then confirm what it lists.');
              }
              const summary = await redriveFromView(services, target, planned);
              // The page shows the queue as it is now, then says what the redrive did (the peek alone may just say it is empty).
              current = await peekAsView(target, limit);
              await post({ type: 'peek', view: current.view });
              await post({ type: 'notice', message: [summary.text, ...summary.details].join(' ') });
              return;
            }
          }
        },
      });
    }),
  ];
}

/** The tree's name for a channel: `exchange:<name>` or `queue:<name>` (streams are queues there). */
function idOf(channel: Channel | ChannelReader): string {
  return channel.kind === 'exchange' ? exchangeChannelId(channel.name) : queueChannelId(channel.name);
}

async function peekAsView(target: QueueTarget, limit: number, signal?: AbortSignal): Promise<{ view: PeekView; messages: Awaited<ReturnType<RabbitBroker['peek']>>['messages'] }> {
  const [outcome, topology] = await Promise.all([target.broker.peek(target.queue.name, { limit, signal }, target.vhost), target.broker.topology(target.vhost, signal)]);
  const dlq = (topology.marks[target.queue.name]?.deadLetterFor.length ?? 0) > 0;
  const exchanges = topology.exchanges.map((e) => e.name).filter((name) => name !== '' && !name.startsWith('amq.')).sort();
  const view = peekView({ broker: target.connection.label, vhost: target.vhost, queue: target.queue.name, queueType: target.queue.type, dlq, exchanges }, outcome);
  return { view, messages: outcome.messages };
}

function scanLimit(positions: 'all' | number[], limit: number, ready: number): number {
  return positions === 'all' ? Math.max(limit, ready) : Math.max(...positions) + 1;
}

/** A dry run as the page shows it, and the identities of the messages it lists to send (kept here, never sent to the page). */
interface ShownPlan {
  view: PeekRedrivePlan;
  listed: string[];
}

/** The dry run the page lists before a redrive may run: what would go where, and what stays and why. */
async function planFromView(target: QueueTarget, positions: 'all' | number[], destination: PeekRedriveDestination, limit: number): Promise<ShownPlan> {
  const selection = positions === 'all' ? 'all' : { positions };
  const plan = await withProgress(`Dry run: redrive from ${target.queue.name}…`, (signal) =>
    target.broker.planRedrive(target.queue.name, { destination, selection, limit: scanLimit(positions, limit, target.queue.ready), vhost: target.vhost, signal }),
  );
  return { view: redrivePlanView(positions, destination, plan), listed: listedForRedrive(plan) };
}

function destinationText(destination: PeekRedriveDestination): string {
  if (destination.to === 'exchange') return `to exchange ${destination.exchange}`;
  return destination.to === 'origin-exchange' ? 'to the exchange each was first published to' : 'back to the queue each died in';
}

/** The redrive the page confirmed after its dry run (a production broker asks once more): exactly the messages it listed. */
async function redriveFromView(services: CommandServices, target: QueueTarget, shown: ShownPlan): Promise<RedriveSummary> {
  const plan = shown.view;
  const { destination } = plan;
  if (shown.listed.length === 0) throw new Error(`the dry run lists no message to send (${plan.skipped} stay): nothing to redrive.`);
  if (target.connection.confirmsWrites) {
    const button = `Redrive ${plan.toSend}`;
    const answer = await vscode.window.showWarningMessage(
      `${target.connection.label} is a production broker. Redrive ${plan.toSend} message(s) from ${target.queue.name} on ${target.connection.label} (vhost ${target.vhost}) ${destinationText(destination)}? ${plan.skipped} stay.`,
      { modal: true, detail: plan.byTarget.map((t) => `${t.count} → ${t.target}`).join('\n') },
      button,
    );
    if (answer !== button) throw new CancelledError();
  }
  const report = await withProgress(`Redriving ${target.queue.name}…`, (signal) => target.broker.redrive({ queue: target.queue.name, destination, listed: shown.listed, signal }, target.vhost));
  services.tree.refreshConnection(target.connection.id);
  return announceRedrive(services, target, target.queue.name, report);
}

/**
 * One message as a read-only document: JSON when its body is JSON (body, properties, headers, deaths);
 * otherwise its body alone as text or as a hex dump, so what is not JSON is never shown escaped inside JSON.
 */
export async function openMessage(documents: MessageDocuments, queue: string, message: PeekedMessage, fetchWhole?: () => Promise<Uint8Array>): Promise<void> {
  if (message.wholeSize !== undefined && fetchWhole) {
    const whole = decodePayload(await fetchWhole(), { maxPreviewBytes: Number.MAX_SAFE_INTEGER });
    const extension = whole.preview.kind === 'json' ? 'json' : whole.preview.kind === 'binary' ? 'hex' : 'txt';
    await documents.open(`${queue}-${message.position}.${extension}`, `${whole.preview.preview}\n`);
    return;
  }
  await openMessageDocument(documents, `${queue}-${message.position}`, message.event, () => messageView(message));
}

/**
 * A message a search or a trace found, as the peek opens one. Its body is what the search kept (a cut body
 * stays cut): reading it whole again would read the queue again, which a classic queue does not allow
 * without effect.
 */
export async function openFoundMessage(documents: MessageDocuments, event: FlowEvent, column?: vscode.ViewColumn): Promise<void> {
  const source = event.source;
  if (!isRabbitSource(source)) throw new Error(`a ${source.system} event is not a RabbitMQ message.`);
  await openMessageDocument(documents, `${source.queue}-${source.position}`, event, () => foundMessageView(event, source), column);
}

async function openMessageDocument(documents: MessageDocuments, name: string, event: FlowEvent, view: () => Record<string, unknown>, column?: vscode.ViewColumn): Promise<void> {
  const payload = event.payload;
  if (payload === undefined || payload.kind === 'json') {
    await documents.open(`${name}.json`, JSON.stringify(view(), null, 2), column);
    return;
  }
  const cut = payload.truncated ? `\n… cut at ${payload.preview.length} characters of a ${payload.size}-byte body` : '';
  await documents.open(`${name}.${payload.kind === 'binary' ? 'hex' : 'txt'}`, `${payload.preview}${cut}\n`, column);
}
