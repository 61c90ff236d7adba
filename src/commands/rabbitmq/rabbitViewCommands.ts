import * as vscode from 'vscode';
import type { PeekedMessage } from '../../connectors/rabbitmq/messages';
import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import type { TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import { peekView, redrivePlanView } from '../../panels/rabbitmq/peekViewModel';
import { RabbitWebview } from '../../panels/rabbitmq/rabbitWebview';
import { topologyGraph } from '../../panels/rabbitmq/topologyGraph';
import { parsePeekMessage, type PeekRedriveDestination, type PeekRedrivePlan, type PeekToHost, type PeekToWebview, type PeekView } from '../../protocol/peek';
import { parseTopologyMessage, type TopologyToHost, type TopologyToWebview } from '../../protocol/topology';
import { CancelledError, withProgress } from '../../ui/progress';
import { COMMANDS } from '../../ui/commandIds';
import { registerCommand } from '../../ui/registerCommand';
import type { BusMessagesArgument } from '../busSources';
import { messageView } from './peekView';
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
      const load = async (signal?: AbortSignal) => topologyGraph(connection.label, await broker.topology(vhost, signal));
      const graph = await withProgress(`Reading the topology of ${vhost}…`, load);
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
          if (message.type === 'reveal') await revealRabbitNode(services, connection.id, vhost, message.nodeId);
          if (message.type === 'openNode') {
            // A queue opens its peek view; an exchange is shown in the tree with its bindings beneath.
            if (message.nodeId.startsWith('queue:')) {
              const node = await findRabbitNode(services, connection.id, vhost, message.nodeId);
              if (!node) throw new Error(`${message.nodeId.replace(':', ' ')} is not in vhost ${vhost} any more: refresh the view.`);
              await vscode.commands.executeCommand(RABBIT_VIEW_COMMANDS.openPeekView, node);
            } else {
              await revealRabbitNode(services, connection.id, vhost, message.nodeId, true);
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
      // The dry run the page last showed: a redrive runs only as that dry run listed it.
      let shownPlan: PeekRedrivePlan | undefined;
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
              await openMessage(documents, target.queue.name, found);
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
            case 'planRedrive': {
              await post({ type: 'busy', what: `Dry run: redrive from ${target.queue.name}…` });
              shownPlan = await planFromView(target, message.positions, message.destination, limit);
              await post({ type: 'redrivePlan', plan: shownPlan });
              return;
            }
            case 'redrive': {
              const { destination } = message;
              const planned = shownPlan;
              shownPlan = undefined;
              if (!planned || JSON.stringify([planned.positions, planned.destination]) !== JSON.stringify([message.positions, destination])) {
                throw new Error('Not redriving: run the dry run of this redrive first, then confirm what it lists.');
              }
              const summary = await redriveFromView(services, target, planned, limit);
              await post({ type: 'notice', message: summary });
              current = await peekAsView(target, limit);
              await post({ type: 'peek', view: current.view });
              return;
            }
          }
        },
      });
    }),
  ];
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

/** The dry run the page lists before a redrive may run: what would go where, and what stays and why. */
async function planFromView(target: QueueTarget, positions: 'all' | number[], destination: PeekRedriveDestination, limit: number): Promise<PeekRedrivePlan> {
  const selection = positions === 'all' ? 'all' : { positions };
  const plan = await withProgress(`Dry run: redrive from ${target.queue.name}…`, (signal) =>
    target.broker.planRedrive(target.queue.name, { destination, selection, limit: scanLimit(positions, limit, target.queue.ready), vhost: target.vhost, signal }),
  );
  return redrivePlanView(positions, destination, plan);
}

function destinationText(destination: PeekRedriveDestination): string {
  if (destination.to === 'exchange') return `to exchange ${destination.exchange}`;
  return destination.to === 'origin-exchange' ? 'to the exchange each was first published to' : 'back to the queue each died in';
}

/** The redrive the page confirmed after its dry run (a production broker asks once more); the count moved. */
async function redriveFromView(services: CommandServices, target: QueueTarget, plan: PeekRedrivePlan, limit: number): Promise<string> {
  const { positions, destination } = plan;
  if (target.connection.confirmsWrites) {
    const button = `Redrive ${plan.toSend}`;
    const answer = await vscode.window.showWarningMessage(
      `${target.connection.label} is a production broker. Redrive ${plan.toSend} message(s) from ${target.queue.name} ${destinationText(destination)}? ${plan.skipped} stay.`,
      { modal: true, detail: plan.byTarget.map((t) => `${t.count} → ${t.target}`).join('\n') },
      button,
    );
    if (answer !== button) throw new CancelledError();
  }
  const selection = positions === 'all' ? 'all' : { positions };
  const report = await withProgress(`Redriving ${target.queue.name}…`, (signal) =>
    target.broker.redrive({ queue: target.queue.name, destination, selection, limit: scanLimit(positions, limit, target.queue.ready), signal }, target.vhost),
  );
  services.tree.refreshConnection(target.connection.id);
  const summary = `Redrove ${report.moved} of ${report.scanned} message(s) ${destinationText(destination)}${report.skipped.length ? `; ${report.skipped.length} stayed` : ''}${report.possiblyDuplicated ? `; ${report.possiblyDuplicated} may be duplicated` : ''}${report.interrupted ? `; interrupted: ${report.interrupted.message}` : ''}.`;
  services.log.info(`${target.queue.name}: ${summary}`);
  return summary;
}

/**
 * One message as a read-only document: JSON when its body is JSON (body, properties, headers, deaths);
 * otherwise its body alone as text or as a hex dump, so what is not JSON is never shown escaped inside JSON.
 */
export async function openMessage(documents: MessageDocuments, queue: string, message: PeekedMessage): Promise<void> {
  const payload = message.event.payload;
  if (payload === undefined || payload.kind === 'json') {
    await documents.open(`${queue}-${message.position}.json`, JSON.stringify(messageView(message), null, 2));
    return;
  }
  const cut = payload.truncated ? `\n… cut at ${payload.preview.length} characters of a ${payload.size}-byte body` : '';
  await documents.open(`${queue}-${message.position}.${payload.kind === 'binary' ? 'hex' : 'txt'}`, `${payload.preview}${cut}\n`);
}
