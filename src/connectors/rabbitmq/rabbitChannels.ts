/**
 * A vhost's topology as channels: exchanges route, queues and streams hold; bindings are `route` links
 * (with their routing key and arguments), each queue's dead-letter exchange a `dead-letter` link.
 */
import './asyncApiBindings';
import type { Channel, ChannelLink, ChannelMap } from '../reads/channels';
import type { Topology } from './topologyTypes';

export const RABBIT_CONNECTION_KIND = 'rabbitmq';

/** Ids are unique within one vhost: exchanges and queues have names of their own namespaces. */
export const exchangeChannelId = (name: string): string => `exchange:${name}`;
export const queueChannelId = (name: string): string => `queue:${name}`;

/** What a listing left out, counted by the broker: the vhost's queues in all, when only some were read. */
export interface TopologyCut {
  limit: number;
  exchangesInAll: number;
  queuesInAll: number;
}

/**
 * The channels of `topology` for connection `connectionId`. The default exchange's bindings (one per queue,
 * by its name) are left out: they say nothing a queue does not. A dead-letter exchange that is the default
 * exchange delivers to the queue its dead-letter routing key names, so the link goes to that queue.
 */
export function topologyChannels(connectionId: string, topology: Topology, cut?: TopologyCut): ChannelMap {
  const base = { connectionId, connectionKind: RABBIT_CONNECTION_KIND, scope: topology.vhost };
  const channels: Channel[] = [];
  for (const exchange of topology.exchanges) {
    const internal = exchange.name === '' || exchange.name.startsWith('amq.') || exchange.internal;
    channels.push({ ...base, id: exchangeChannelId(exchange.name), kind: 'exchange', name: exchange.name, role: 'routes', detail: exchange.type, ...(internal ? { internal } : {}), figures: {} });
  }
  for (const queue of topology.queues) {
    const marks = topology.marks[queue.name];
    channels.push({
      ...base,
      id: queueChannelId(queue.name),
      kind: queue.type === 'stream' ? 'stream' : 'queue',
      name: queue.name,
      role: 'holds',
      detail: queue.type,
      ...((marks?.deadLetterFor.length ?? 0) > 0 ? { holdsDeadLetters: true } : {}),
      ...(marks?.delay ? { delayMs: marks.delay.ttlMs } : {}),
      figures: { messages: queue.messages, ready: queue.ready, unacked: queue.unacked, consumers: queue.consumers },
    });
  }
  const links: ChannelLink[] = [];
  for (const binding of topology.bindings) {
    if (binding.source === '') continue;
    const to = binding.destinationType === 'exchange' ? exchangeChannelId(binding.destination) : queueChannelId(binding.destination);
    links.push({ kind: 'route', from: exchangeChannelId(binding.source), to, routingKey: binding.routingKey, ...(Object.keys(binding.arguments).length > 0 ? { arguments: binding.arguments } : {}) });
  }
  for (const queue of topology.queues) {
    const { deadLetterExchange: dlx, deadLetterRoutingKey: key } = queue.arguments;
    if (dlx === undefined) continue;
    const delay = topology.marks[queue.name]?.delay;
    const after = delay ? { afterMs: delay.ttlMs } : {};
    const from = queueChannelId(queue.name);
    if (dlx === '' && key !== undefined) links.push({ kind: 'dead-letter', from, to: queueChannelId(key), ...after });
    else links.push({ kind: 'dead-letter', from, to: exchangeChannelId(dlx), ...(key === undefined ? {} : { routingKey: key }), ...after });
  }
  return { channels, readers: [], links, ...cutNote(topology, cut) };
}

function cutNote(topology: Topology, cut: TopologyCut | undefined): Pick<ChannelMap, 'capped'> {
  if (!cut) return {};
  const left = [
    cut.exchangesInAll > topology.exchanges.length ? `${cut.exchangesInAll - topology.exchanges.length} of ${cut.exchangesInAll} exchanges` : '',
    cut.queuesInAll > topology.queues.length ? `${cut.queuesInAll - topology.queues.length} of ${cut.queuesInAll} queues` : '',
  ].filter(Boolean);
  if (left.length === 0) return {};
  return { capped: { limit: cut.limit, total: cut.exchangesInAll + cut.queuesInAll, note: `${left.join(' and ')} in vhost ${topology.vhost} not listed` } };
}
