import type { BindingInfo, ExchangeInfo, QueueArguments, QueueInfo, VhostInfo } from './topologyTypes';

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function rate(stats: Json, key: string): number | undefined {
  return count(record(stats[key]).rate);
}

/**
 * The effective arguments: the queue's own x-arguments win, its policy fills the rest (the broker does the
 * same, except that for the delivery limit and the lengths the smaller of the two applies).
 */
export function queueArguments(declared: Json, policy: Json): QueueArguments {
  const pick = (arg: string, key: string): unknown => declared[arg] ?? policy[key];
  const smaller = (arg: string, key: string): number | undefined => {
    const values = [count(declared[arg]), count(policy[key])].filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : Math.min(...values);
  };
  const args: QueueArguments = {
    deadLetterExchange: text(pick('x-dead-letter-exchange', 'dead-letter-exchange')),
    deadLetterRoutingKey: text(pick('x-dead-letter-routing-key', 'dead-letter-routing-key')),
    messageTtl: count(pick('x-message-ttl', 'message-ttl')),
    maxLength: smaller('x-max-length', 'max-length'),
    maxLengthBytes: smaller('x-max-length-bytes', 'max-length-bytes'),
    maxPriority: count(declared['x-max-priority']),
    deliveryLimit: smaller('x-delivery-limit', 'delivery-limit'),
    overflow: text(pick('x-overflow', 'overflow')),
    expires: count(pick('x-expires', 'expires')),
  };
  for (const key of Object.keys(args) as (keyof QueueArguments)[]) if (args[key] === undefined) delete args[key];
  return args;
}

export function toQueue(raw: unknown, vhostFallback = '/'): QueueInfo {
  const q = record(raw);
  const declared = record(q.arguments);
  const stats = record(q.message_stats);
  const ready = count(q.messages_ready) ?? 0;
  const unacked = count(q.messages_unacknowledged) ?? 0;
  const queue: QueueInfo = {
    vhost: text(q.vhost) ?? vhostFallback,
    name: text(q.name) ?? '',
    type: text(q.type) ?? text(declared['x-queue-type']) ?? 'classic',
    durable: q.durable === true,
    ready,
    unacked,
    messages: count(q.messages) ?? ready + unacked,
    consumers: count(q.consumers) ?? 0,
    arguments: queueArguments(declared, record(q.effective_policy_definition)),
    declaredArguments: declared,
  };
  const publishRate = rate(stats, 'publish_details');
  const deliverRate = rate(stats, 'deliver_get_details');
  if (publishRate !== undefined) queue.publishRate = publishRate;
  if (deliverRate !== undefined) queue.deliverRate = deliverRate;
  if (typeof q.policy === 'string' && q.policy !== '') queue.policy = q.policy;
  if (typeof q.state === 'string') queue.state = q.state;
  if (count(q.messages) === undefined && count(q.messages_ready) === undefined) queue.countsUnknown = true;
  return queue;
}

export function toExchange(raw: unknown, vhostFallback = '/'): ExchangeInfo {
  const x = record(raw);
  return {
    vhost: text(x.vhost) ?? vhostFallback,
    name: text(x.name) ?? '',
    type: text(x.type) ?? 'direct',
    durable: x.durable === true,
    autoDelete: x.auto_delete === true,
    internal: x.internal === true,
    arguments: record(x.arguments),
  };
}

export function toBinding(raw: unknown, vhostFallback = '/'): BindingInfo {
  const b = record(raw);
  return {
    vhost: text(b.vhost) ?? vhostFallback,
    source: text(b.source) ?? '',
    destination: text(b.destination) ?? '',
    destinationType: b.destination_type === 'exchange' ? 'exchange' : 'queue',
    routingKey: text(b.routing_key) ?? '',
    arguments: record(b.arguments),
  };
}

export function toVhost(raw: unknown): VhostInfo {
  const v = record(raw);
  const vhost: VhostInfo = { name: text(v.name) ?? '/' };
  const messages = count(v.messages);
  if (messages !== undefined) vhost.messages = messages;
  return vhost;
}

/** The columns a queue row needs: asking for fewer keeps a 5,000-queue page small. */
export const QUEUE_COLUMNS = [
  'name',
  'vhost',
  'type',
  'durable',
  'arguments',
  'policy',
  'effective_policy_definition',
  'state',
  'consumers',
  'messages',
  'messages_ready',
  'messages_unacknowledged',
  'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate',
].join(',');
