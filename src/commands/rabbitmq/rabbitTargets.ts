import * as vscode from 'vscode';
import type { Connection } from '../../connections/connection';
import { RabbitBrokerConnection } from '../../connections/rabbitmq/rabbitConnection';
import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import type { QueueInfo } from '../../connectors/rabbitmq/topologyTypes';
import { vhostOf } from '../../explorer/rabbitmq/rabbitNodes';
import type { TreeNode } from '../../explorer/treeNode';
import { isPreconfirmed } from '../../ui/confirmation';
import { CancelledError, withProgress } from '../../ui/progress';
import { pickConnection } from '../pickers';
import type { CommandServices } from '../services';

export interface BrokerTarget {
  connection: RabbitBrokerConnection;
  broker: RabbitBroker;
  vhost: string;
}

export interface QueueTarget extends BrokerTarget {
  queue: QueueInfo;
}

export const isRabbit = (connection: Connection): connection is RabbitBrokerConnection => connection instanceof RabbitBrokerConnection;

export function pickRabbit(services: CommandServices, node?: TreeNode): Promise<RabbitBrokerConnection> {
  return pickConnection(services, node, isRabbit, 'Choose a RabbitMQ broker', 'there is no RabbitMQ broker yet: add one with "Event Flows: Add RabbitMQ Broker…".');
}

export function openBroker(connection: RabbitBrokerConnection): Promise<RabbitBroker> {
  return connection.isOpen ? connection.open() : withProgress(`Connecting to ${connection.label}…`, (signal) => connection.open(signal));
}

/** A broker and vhost named by id, as a follow-up action names the ones its command acted on. */
export interface BrokerPlace {
  connectionId: string;
  vhost: string;
}

export function isBrokerPlace(value: unknown): value is BrokerPlace {
  const place = value as Partial<BrokerPlace> | null;
  return typeof place === 'object' && place !== null && typeof place.connectionId === 'string' && typeof place.vhost === 'string';
}

/** The broker and vhost of a node (the URL's own vhost from a root or the palette), or of a place given by id. */
export async function brokerTarget(services: CommandServices, node?: TreeNode, place?: BrokerPlace): Promise<BrokerTarget> {
  const named = place ? services.connections.get(place.connectionId) : undefined;
  const connection = named && isRabbit(named) ? named : await pickRabbit(services, node);
  const broker = await openBroker(connection);
  const vhost = (named && place ? place.vhost : undefined) ?? (node ? vhostOf(node) : undefined) ?? broker.vhost;
  return { connection, broker, vhost };
}

/** The queue a command acts on: the node's, or one picked from the broker's queues. */
export async function queueTarget(services: CommandServices, node?: TreeNode, only?: (queue: QueueInfo) => boolean): Promise<QueueTarget> {
  const target = await brokerTarget(services, node);
  if (node?.kind === 'rabbitQueue') return { ...target, queue: node.queue };
  const queues = (await withProgress('Listing the queues…', (signal) => target.broker.management.allQueues(target.vhost, signal))).filter(only ?? (() => true));
  if (queues.length === 0) throw new Error(`there is no fitting queue in vhost ${target.vhost} of ${target.connection.label}.`);
  const picked = await vscode.window.showQuickPick(
    queues.map((q) => ({ label: q.name, description: `${q.type} · ${q.ready} ready`, queue: q })),
    { title: `Queues of ${target.connection.label} ${target.vhost}`, ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  return { ...target, queue: picked.queue };
}

/**
 * A write asks first when the broker is marked production, or always for the destructive ones; the dialog
 * names the broker and vhost as well as the target. Only the extension's own callers skip it, with a token
 * from `preconfirm` as `confirmed` (a `true` from a command's arguments does not).
 */
export async function confirmWrite(target: { connection: RabbitBrokerConnection; vhost: string }, question: string, button: string, options: { always?: boolean; confirmed?: unknown } = {}): Promise<void> {
  if (isPreconfirmed(options.confirmed)) return;
  const { connection } = target;
  if (!options.always && !connection.confirmsWrites) return;
  const where = `${connection.label}${connection.confirmsWrites ? ' (production)' : ''}, vhost ${target.vhost}`;
  const answer = await vscode.window.showWarningMessage(`${where}: ${question}`, { modal: true, detail: `Broker: ${connection.label} (${connection.description})` }, button);
  if (answer !== button) throw new CancelledError();
}

/** Options a command takes from a script or a test instead of asking. */
export function optionsArg(given: unknown): Record<string, unknown> {
  return typeof given === 'object' && given !== null && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
}
