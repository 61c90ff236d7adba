import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import { markQueues } from '../../connectors/rabbitmq/topologyMarks';
import { toBinding } from '../../connectors/rabbitmq/managementMapping';
import type { QueueInfo, QueueMarks } from '../../connectors/rabbitmq/topologyTypes';
import { RABBIT_KIND, RabbitBrokerConnection } from '../../connections/rabbitmq/rabbitConnection';
import type { KindTree, TreeContext } from '../kindTree';
import { applyRabbitFigures, rabbitFigureTargets } from './rabbitFigures';
import { loadMoreNode, messageNode, rootOf, type TreeNode } from '../treeNode';
import { bindingNode, detailNode, exchangeNode, queueNode, rabbitSectionNode, vhostNode, type RabbitQueueNode, type RabbitSectionNode } from './rabbitNodes';

/** Above this many queues in a vhost, DLQ and delay marks are worked out from the page shown alone. */
const MARKS_FROM_ALL_QUEUES_UP_TO = 2000;

async function brokerOf(node: TreeNode): Promise<RabbitBroker> {
  const connection = rootOf(node)?.connection;
  if (!(connection instanceof RabbitBrokerConnection)) throw new Error(`${node.id} is not below a RabbitMQ broker`);
  return connection.open();
}

/**
 * A RabbitMQ broker: virtual hosts → Exchanges (bindings beneath) · Queues (paged through the management
 * API's own paging, searchable by name; arguments, DLQ and delay marks beneath each queue).
 */
export const rabbitTree: KindTree = {
  kind: RABBIT_KIND,
  async children(node, context) {
    switch (node.kind) {
      case 'connection': {
        const broker = await brokerOf(node);
        context.redraw(node);
        let vhosts;
        try {
          vhosts = await broker.vhosts();
        } catch (error) {
          // AMQP answered (the connection opened): say that the management half is the one down.
          throw new Error(`AMQP works, but the management API at ${broker.managementLabel} does not answer: ${error instanceof Error ? error.message : String(error)}`);
        }
        return vhosts.map((v) => vhostNode(node, v.name, v.messages));
      }
      case 'rabbitVhost':
        return [rabbitSectionNode(node, 'exchanges'), rabbitSectionNode(node, 'queues')];
      case 'rabbitSection':
        return node.section === 'exchanges' ? exchangeChildren(node) : queueChildren(node, 1, context);
      case 'rabbitExchange':
        return node.bindings.length === 0 ? [messageNode(node, 'no-bindings', 'No bindings')] : node.bindings.map((b, i) => bindingNode(node, b, i));
      case 'rabbitQueue':
        return queueDetails(node);
      default:
        return [];
    }
  },
  async page(parent, after, context) {
    return parent.kind === 'rabbitSection' && parent.section === 'queues' ? queueChildren(parent, Number(after), context) : [];
  },
  // Ready / unacked counts and consumers move on their own; exchanges and bindings change only when declared.
  figures: (node) => node.kind === 'rabbitSection' && node.section === 'queues',
  figureTargets: rabbitFigureTargets,
  applyFigures: applyRabbitFigures,
};

async function exchangeChildren(node: RabbitSectionNode): Promise<TreeNode[]> {
  const broker = await brokerOf(node);
  const vhost = node.parent.vhost;
  const [exchanges, bindings] = await Promise.all([broker.management.exchanges(vhost), broker.management.bindings(vhost)]);
  // The default exchange binds every queue implicitly; the broker's own amq.* exchanges are listed after the user's.
  const sorted = [...exchanges].sort((a, b) => Number(a.name === '' || a.name.startsWith('amq.')) - Number(b.name === '' || b.name.startsWith('amq.')) || a.name.localeCompare(b.name));
  return sorted.map((e) => exchangeNode(node, e, bindings.filter((b) => b.source === e.name && e.name !== '')));
}

async function queueChildren(node: RabbitSectionNode, page: number, context: TreeContext): Promise<TreeNode[]> {
  const broker = await brokerOf(node);
  const vhost = node.parent.vhost;
  const search = context.search(node.id);
  const result = await broker.queuePage(vhost, { page, pageSize: context.pageSize(), ...(search === undefined ? {} : { search }) });
  node.counts = { filtered: result.filteredCount, total: result.totalCount };
  if (page === 1) context.redraw(node);
  if (result.filteredCount === 0) return [messageNode(node, 'no-queues', search === undefined ? 'No queues' : `No queue name contains "${search}"`)];
  const queues = result.items.map((q) => queueNode(node, q));
  if (result.totalCount <= MARKS_FROM_ALL_QUEUES_UP_TO) {
    const marks = await vhostMarks(broker, vhost);
    for (const queue of queues) setMarks(queue, marks);
  } else {
    // A vhost of thousands shows its page at once; the marks follow, worked out from the page's own
    // dead-letter exchanges (listing every binding of such a vhost would cost more than the page itself).
    pageMarks(broker, vhost, result.items).then(
      (marks) => {
        for (const queue of queues) if (setMarks(queue, marks)) context.redraw(queue);
      },
      (error: unknown) => context.warn(`Could not mark the DLQ and delay queues of ${vhost}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  const nodes: TreeNode[] = [...queues];
  if (result.page < result.pageCount) nodes.push(loadMoreNode(node, String(result.page + 1)));
  return nodes;
}

function setMarks(node: RabbitQueueNode, marks: Record<string, QueueMarks>): boolean {
  const found = marks[node.queue.name];
  if (found) node.marks = found;
  return found !== undefined;
}

/** Every queue's dead-letter arguments and every binding: exact marks for a vhost of up to a few thousand queues. */
async function vhostMarks(broker: RabbitBroker, vhost: string): Promise<Record<string, QueueMarks>> {
  const [exchanges, bindings, queues] = await Promise.all([broker.management.exchanges(vhost), broker.management.bindings(vhost), broker.management.allQueues(vhost)]);
  return markQueues(queues, exchanges, bindings);
}

/** Marks among the page's queues, from the bindings of the dead-letter exchanges they name. */
async function pageMarks(broker: RabbitBroker, vhost: string, page: QueueInfo[]): Promise<Record<string, QueueMarks>> {
  const dlxs = [...new Set(page.map((q) => q.arguments.deadLetterExchange).filter((x): x is string => x !== undefined && x !== ''))];
  const [exchanges, bound] = await Promise.all([
    broker.management.exchanges(vhost),
    Promise.all(dlxs.map((exchange) => broker.management.request('GET', `/api/exchanges/${encodeURIComponent(vhost)}/${encodeURIComponent(exchange)}/bindings/source`))),
  ]);
  const bindings = bound.flatMap((rows) => (Array.isArray(rows) ? rows.map((row) => toBinding(row, vhost)) : []));
  return markQueues(page, exchanges, bindings);
}

function queueDetails(node: RabbitQueueNode): TreeNode[] {
  const { queue, marks } = node;
  const args = queue.arguments;
  const details: TreeNode[] = [];
  const add = (label: string, value: string | number | undefined): void => {
    if (value !== undefined) details.push(detailNode(node, label, String(value)));
  };
  if (marks?.deadLetterFor.length) add('DLQ for', marks.deadLetterFor.join(', '));
  if (marks?.delay) add('delay', `${marks.delay.ttlMs} ms, then to ${marks.delay.exchange || '(default)'}${marks.delay.targets.length ? ` → ${marks.delay.targets.join(', ')}` : ''}`);
  add('dead-letter exchange', args.deadLetterExchange === undefined ? undefined : args.deadLetterExchange || '(default)');
  add('dead-letter routing key', args.deadLetterRoutingKey);
  add('message TTL', args.messageTtl === undefined ? undefined : `${args.messageTtl} ms`);
  add('max length', args.maxLength);
  add('max length bytes', args.maxLengthBytes);
  add('max priority', args.maxPriority);
  add('delivery limit', args.deliveryLimit);
  add('overflow', args.overflow);
  add('expires', args.expires === undefined ? undefined : `${args.expires} ms`);
  add('policy', queue.policy);
  return details.length === 0 ? [messageNode(node, 'no-arguments', 'No arguments')] : details;
}
