import type { BindingInfo, ExchangeInfo, QueueInfo, QueueMarks } from '../../connectors/rabbitmq/topologyTypes';
import type { ConnectionNode, TreeNode } from '../treeNode';

export interface RabbitVhostNode {
  kind: 'rabbitVhost';
  id: string;
  parent: ConnectionNode;
  vhost: string;
  messages?: number;
}

/** The two lists below a virtual host. */
export type RabbitSectionName = 'exchanges' | 'queues';

export interface RabbitSectionNode {
  kind: 'rabbitSection';
  id: string;
  parent: RabbitVhostNode;
  section: RabbitSectionName;
  /** Queues: how many match the search (all of the vhost without one), for the section's description. */
  counts?: { filtered: number; total: number };
}

export interface RabbitExchangeNode {
  kind: 'rabbitExchange';
  id: string;
  parent: RabbitSectionNode;
  exchange: ExchangeInfo;
  bindings: BindingInfo[];
}

export interface RabbitBindingNode {
  kind: 'rabbitBinding';
  id: string;
  parent: RabbitExchangeNode;
  binding: BindingInfo;
}

export interface RabbitQueueNode {
  kind: 'rabbitQueue';
  id: string;
  parent: RabbitSectionNode;
  queue: QueueInfo;
  marks?: QueueMarks;
}

/** One line of what a queue is set up to do: an argument, a mark, or where its dead letters go. */
export interface RabbitDetailNode {
  kind: 'rabbitDetail';
  id: string;
  parent: RabbitQueueNode;
  label: string;
  value: string;
}

declare module '../treeNode' {
  interface TreeNodeTypes {
    rabbitVhost: RabbitVhostNode;
    rabbitSection: RabbitSectionNode;
    rabbitExchange: RabbitExchangeNode;
    rabbitBinding: RabbitBindingNode;
    rabbitQueue: RabbitQueueNode;
    rabbitDetail: RabbitDetailNode;
  }
}

export const vhostNode = (parent: ConnectionNode, vhost: string, messages?: number): RabbitVhostNode => ({
  kind: 'rabbitVhost',
  id: `${parent.id}/vhost:${vhost}`,
  parent,
  vhost,
  ...(messages === undefined ? {} : { messages }),
});
export const rabbitSectionNode = (parent: RabbitVhostNode, section: RabbitSectionName): RabbitSectionNode => ({ kind: 'rabbitSection', id: `${parent.id}/${section}`, parent, section });
export const exchangeNode = (parent: RabbitSectionNode, exchange: ExchangeInfo, bindings: BindingInfo[]): RabbitExchangeNode => ({
  kind: 'rabbitExchange',
  id: `${parent.id}/exchange:${exchange.name}`,
  parent,
  exchange,
  bindings,
});
export const bindingNode = (parent: RabbitExchangeNode, binding: BindingInfo, index: number): RabbitBindingNode => ({
  kind: 'rabbitBinding',
  id: `${parent.id}/binding:${binding.destinationType}:${binding.destination}:${binding.routingKey}:${index}`,
  parent,
  binding,
});
export const queueNode = (parent: RabbitSectionNode, queue: QueueInfo, marks?: QueueMarks): RabbitQueueNode => ({
  kind: 'rabbitQueue',
  id: `${parent.id}/queue:${queue.name}`,
  parent,
  queue,
  ...(marks ? { marks } : {}),
});
export const detailNode = (parent: RabbitQueueNode, label: string, value: string): RabbitDetailNode => ({ kind: 'rabbitDetail', id: `${parent.id}/detail:${label}`, parent, label, value });

/** The vhost a RabbitMQ node belongs to; undefined for a root or another kind's node. */
export function vhostOf(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'rabbitVhost':
      return node.vhost;
    case 'rabbitSection':
      return node.parent.vhost;
    case 'rabbitExchange':
    case 'rabbitQueue':
      return node.parent.parent.vhost;
    case 'rabbitBinding':
    case 'rabbitDetail':
      return node.parent.parent.parent.vhost;
    default:
      return undefined;
  }
}
