import * as vscode from 'vscode';
import { RABBIT_KIND } from '../../connections/rabbitmq/rabbitConnection';
import type { KindTreeItems } from '../kindTreeItems';
import { withReadLine } from '../readTime';
import { connectionItem } from '../sharedItems';
import type { TreeNode } from '../treeNode';
import type { AtLimitRecord } from '../../connectors/rabbitmq/deliveryLimitGuard';
import type { RabbitQueueNode } from './rabbitNodes';

const { Collapsed, None } = vscode.TreeItemCollapsibleState;

/** Every context value a RabbitMQ item carries; `package.json` menus match on these. */
export const RABBIT_CONTEXT_VALUES = [
  'rabbitConnected',
  'rabbitDisconnected',
  'rabbitVhost',
  'rabbitExchanges',
  'rabbitQueues',
  'rabbitQueuesSearched',
  'rabbitExchange',
  'rabbitBinding',
  'rabbitQueue',
  'rabbitQueueDlq',
  'rabbitQueueDelay',
  'rabbitQueueStream',
  'rabbitDetail',
] as const;

/** What a peek left at a quorum queue's delivery limit, by connection id, vhost and queue. */
export type AtLimitLookup = (connectionId: string, vhost: string, queue: string) => AtLimitRecord | undefined;

export function rabbitTreeItems(atLimit: AtLimitLookup): KindTreeItems {
  return {
    kind: RABBIT_KIND,
    contextValues: RABBIT_CONTEXT_VALUES,
    item(node, search, readOf) {
      const item = node.kind === 'rabbitQueue' ? queueItem(node, atLimit(node.parent.parent.parent.connection.id, node.parent.parent.vhost, node.queue.name)) : rabbitItem(node, search);
      if (item && node.kind !== 'connection') item.id = node.id;
      if (item && node.kind === 'rabbitQueue') item.tooltip = withReadLine(typeof item.tooltip === 'string' ? item.tooltip : undefined, readOf(node.parent));
      return item;
    },
  };
}

function rabbitItem(node: TreeNode, search: string | undefined): vscode.TreeItem | undefined {
  switch (node.kind) {
    case 'connection': {
      const open = node.connection.isOpen;
      return connectionItem(node, { kindTitle: 'RabbitMQ broker', expanded: false, icon: open ? 'plug' : 'debug-disconnect', contextValue: open ? 'rabbitConnected' : 'rabbitDisconnected' });
    }
    case 'rabbitVhost': {
      const item = new vscode.TreeItem(node.vhost, Collapsed);
      item.description = node.messages === undefined ? 'virtual host' : `virtual host · ${node.messages} messages`;
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'rabbitVhost';
      return item;
    }
    case 'rabbitSection': {
      const queues = node.section === 'queues';
      const item = new vscode.TreeItem(queues ? 'Queues' : 'Exchanges', Collapsed);
      item.iconPath = new vscode.ThemeIcon(queues ? 'inbox' : 'arrow-swap');
      if (queues && node.counts) {
        item.description = search === undefined ? `${node.counts.total}` : `names containing "${search}": ${node.counts.filtered} of ${node.counts.total}`;
      }
      item.contextValue = queues ? (search === undefined ? 'rabbitQueues' : 'rabbitQueuesSearched') : 'rabbitExchanges';
      return item;
    }
    case 'rabbitExchange': {
      const { exchange } = node;
      const item = new vscode.TreeItem(exchange.name === '' ? '(default)' : exchange.name, node.bindings.length > 0 ? Collapsed : None);
      item.description = [exchange.type, exchange.durable ? 'durable' : 'transient', exchange.internal ? 'internal' : undefined, node.bindings.length > 0 ? `${node.bindings.length} bindings` : undefined].filter(Boolean).join(' · ');
      item.tooltip = `Exchange ${exchange.name || '(default)'}\n${item.description}${Object.keys(exchange.arguments).length ? `\narguments: ${JSON.stringify(exchange.arguments)}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      item.contextValue = 'rabbitExchange';
      return item;
    }
    case 'rabbitBinding': {
      const { binding } = node;
      const item = new vscode.TreeItem(`→ ${binding.destination}`, None);
      const args = Object.keys(binding.arguments).length > 0 ? ` · ${JSON.stringify(binding.arguments)}` : '';
      item.description = `${binding.routingKey === '' ? '(no routing key)' : binding.routingKey}${args}`;
      item.tooltip = `${binding.destinationType} ${binding.destination}\nrouting key: ${binding.routingKey || '(none)'}${args}`;
      item.iconPath = new vscode.ThemeIcon(binding.destinationType === 'queue' ? 'inbox' : 'arrow-swap');
      item.contextValue = 'rabbitBinding';
      return item;
    }
    case 'rabbitQueue':
      return queueItem(node);
    case 'rabbitDetail': {
      const item = new vscode.TreeItem(node.label, None);
      item.description = node.value;
      item.tooltip = `${node.label}: ${node.value}`;
      item.iconPath = new vscode.ThemeIcon('symbol-property');
      item.contextValue = 'rabbitDetail';
      return item;
    }
    default:
      return undefined;
  }
}

const rate = (value: number | undefined): string | undefined => (value === undefined ? undefined : `${value.toFixed(value < 10 ? 1 : 0)}/s`);

function queueItem(node: RabbitQueueNode, atLimit?: AtLimitRecord): vscode.TreeItem {
  const { queue, marks } = node;
  const dlq = (marks?.deadLetterFor.length ?? 0) > 0;
  const delay = marks?.delay !== undefined;
  const item = new vscode.TreeItem(queue.name, Collapsed);
  const tags = [dlq ? 'DLQ' : undefined, delay ? 'delay' : undefined].filter(Boolean).join(' ');
  const publish = rate(queue.publishRate);
  const deliver = rate(queue.deliverRate);
  item.description = [
    atLimit ? 'at delivery limit: peek refused' : undefined,
    tags || undefined,
    queue.type,
    `${queue.ready} ready`,
    `${queue.unacked} unacked`,
    `${queue.consumers} consumers`,
    publish || deliver ? `in ${publish ?? '0/s'} out ${deliver ?? '0/s'}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [`${queue.type} queue ${queue.name}`, `${queue.ready} ready, ${queue.unacked} unacked, ${queue.consumers} consumers`];
  if (dlq) lines.push(`DLQ: dead letters of ${marks?.deadLetterFor.join(', ')}`);
  if (marks?.delay) lines.push(`delay: holds messages ${marks.delay.ttlMs} ms, then delivers to ${marks.delay.targets.join(', ') || marks.delay.exchange || '(default exchange)'}`);
  if (Object.keys(queue.declaredArguments).length > 0) lines.push(`arguments: ${JSON.stringify(queue.declaredArguments)}`);
  if (atLimit) {
    const shown = atLimit.messages.slice(0, 5).join(', ') + (atLimit.messages.length > 5 ? ', …' : '');
    lines.push(
      `at delivery limit: peek refused. A peek left ${atLimit.messages.length} message(s) (${shown}) at the delivery limit of ${atLimit.limit}; one more peek would dead-letter them. Once a consumer has taken them, run "Forget Delivery-Limit Record" on this queue to peek again.`,
    );
  }
  item.tooltip = lines.join('\n');
  item.iconPath = new vscode.ThemeIcon(dlq ? 'warning' : delay ? 'watch' : queue.type === 'stream' ? 'list-flat' : 'inbox');
  item.contextValue = dlq ? 'rabbitQueueDlq' : delay ? 'rabbitQueueDelay' : queue.type === 'stream' ? 'rabbitQueueStream' : 'rabbitQueue';
  return item;
}
