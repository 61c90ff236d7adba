import { sourceKey, type Figures, type FiguresRequest } from '../../connectors/reads/figures';
import type { TreeNode } from '../treeNode';

/**
 * The RabbitMQ nodes' side of the connection's sampler: a shown queue list asks for its queues (scoped by
 * their vhost) and takes their depths, consumers and rates from the sample, in place.
 */
export function rabbitFigureTargets(node: TreeNode, children: readonly TreeNode[]): Partial<FiguresRequest> {
  if (node.kind !== 'rabbitSection' || node.section !== 'queues') return {};
  const vhost = node.parent.vhost;
  // The vhost's queue count too, so the list sees a queue declared or deleted as a reload of it would.
  return { sources: children.flatMap((c) => (c.kind === 'rabbitQueue' ? [{ name: c.queue.name, scope: vhost }] : [])), inventory: [vhost] };
}

export function applyRabbitFigures(node: TreeNode, children: readonly TreeNode[], figures: Figures): readonly TreeNode[] | 'reload' {
  if (node.kind !== 'rabbitSection' || node.section !== 'queues') return [];
  const total = figures.inventory?.find((i) => i.scope === node.parent.vhost)?.count;
  if (total !== undefined && node.counts !== undefined && total !== node.counts.total) return 'reload';
  const found = new Map(figures.sources.map((s) => [sourceKey(s), s]));
  for (const child of children) {
    if (child.kind !== 'rabbitQueue') continue;
    const figure = found.get(sourceKey({ name: child.queue.name, scope: node.parent.vhost }));
    // Deleted since the list was read: the list is read again, as a refresh would.
    if (figure === undefined) return 'reload';
    const queue = child.queue;
    queue.ready = figure.ready ?? queue.ready;
    queue.unacked = figure.unacked ?? queue.unacked;
    queue.messages = figure.messages ?? queue.ready + queue.unacked;
    queue.consumers = figure.consumers ?? queue.consumers;
    // The API gives no rate for a queue nothing went through lately: none shown, as when the list is read.
    if (figure.publishRate === undefined) delete queue.publishRate;
    else queue.publishRate = figure.publishRate;
    if (figure.deliverRate === undefined) delete queue.deliverRate;
    else queue.deliverRate = figure.deliverRate;
  }
  return [];
}
