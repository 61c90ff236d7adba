import type { Topology } from '../../connectors/rabbitmq/topologyTypes';
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../../protocol/topology';

/** The exchanges worth drawing: the user's, and the broker's own only when something is bound to them. */
function drawn(name: string, bound: ReadonlySet<string>): boolean {
  if (name === '') return false;
  return !name.startsWith('amq.') || bound.has(name);
}

/**
 * A vhost's topology as the graph the webview draws: exchanges and queues (with counts and marks),
 * bindings, each queue's dead-letter edge to its DLX, and each delay queue's edge to where it delivers.
 */
export function topologyGraph(broker: string, topology: Topology, readAt = new Date()): TopologyGraph {
  const bound = new Set(topology.bindings.map((b) => b.source));
  const nodes: TopologyNode[] = [];
  const ids = new Set<string>();
  for (const exchange of topology.exchanges) {
    if (!drawn(exchange.name, bound)) continue;
    nodes.push({ id: `exchange:${exchange.name}`, kind: 'exchange', name: exchange.name, detail: exchange.type, marks: [] });
    ids.add(`exchange:${exchange.name}`);
  }
  for (const queue of topology.queues) {
    const marks = topology.marks[queue.name];
    nodes.push({
      id: `queue:${queue.name}`,
      kind: 'queue',
      name: queue.name,
      detail: queue.type,
      counts: { ready: queue.ready, unacked: queue.unacked, consumers: queue.consumers },
      marks: [...((marks?.deadLetterFor.length ?? 0) > 0 ? (['dlq'] as const) : []), ...(marks?.delay ? (['delay'] as const) : [])],
    });
    ids.add(`queue:${queue.name}`);
  }
  const edges: TopologyEdge[] = [];
  const add = (edge: TopologyEdge): void => {
    if (ids.has(edge.from) && ids.has(edge.to)) edges.push(edge);
  };
  for (const binding of topology.bindings) {
    add({ from: `exchange:${binding.source}`, to: `${binding.destinationType}:${binding.destination}`, kind: 'binding', label: binding.routingKey });
  }
  for (const queue of topology.queues) {
    const dlx = queue.arguments.deadLetterExchange;
    if (dlx === undefined) continue;
    const delay = topology.marks[queue.name]?.delay;
    if (delay) {
      add({ from: `queue:${queue.name}`, to: `exchange:${dlx}`, kind: 'delay', label: `after ${delay.ttlMs} ms${queue.arguments.deadLetterRoutingKey ? ` as ${queue.arguments.deadLetterRoutingKey}` : ''}` });
    } else if (dlx === '') {
      // The default exchange delivers to the queue named by the dead-letter routing key.
      const target = queue.arguments.deadLetterRoutingKey;
      if (target !== undefined) add({ from: `queue:${queue.name}`, to: `queue:${target}`, kind: 'dead-letter', label: 'dead letters' });
    } else {
      add({ from: `queue:${queue.name}`, to: `exchange:${dlx}`, kind: 'dead-letter', label: queue.arguments.deadLetterRoutingKey ?? 'dead letters' });
    }
  }
  return { broker, vhost: topology.vhost, nodes, edges, readAt: readAt.toISOString() };
}
