import type { BindingInfo, ExchangeInfo, QueueInfo, QueueMarks } from './topologyTypes';

/** Does a topic binding key (`*` one word, `#` zero or more) match a routing key? */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const words = routingKey === '' ? [] : routingKey.split('.');
  const parts = pattern === '' ? [] : pattern.split('.');
  // Positions reachable in `words` after each pattern part: a small set walk, no regular expressions.
  let reachable = new Set([0]);
  for (const part of parts) {
    const next = new Set<number>();
    for (const at of reachable) {
      if (part === '#') for (let i = at; i <= words.length; i++) next.add(i);
      else if (at < words.length && (part === '*' || part === words[at])) next.add(at + 1);
    }
    reachable = next;
    if (reachable.size === 0) return false;
  }
  return reachable.has(words.length);
}

/**
 * The queues a message published to `exchange` with `routingKey` may reach. An undefined routing key means
 * "whatever the message had" (a DLX without a dead-letter routing key): every queue bound there may get it.
 */
export function routeTargets(exchange: string, routingKey: string | undefined, exchanges: readonly ExchangeInfo[], bindings: readonly BindingInfo[], queueNames: ReadonlySet<string>): string[] {
  const types = new Map(exchanges.map((x) => [x.name, x.type]));
  const found = new Set<string>();
  const visited = new Set<string>();
  const walk = (name: string): void => {
    if (visited.has(name)) return;
    visited.add(name);
    if (name === '') {
      // The default exchange routes by queue name.
      if (routingKey !== undefined && queueNames.has(routingKey)) found.add(routingKey);
      return;
    }
    const type = types.get(name) ?? 'direct';
    for (const binding of bindings) {
      if (binding.source !== name) continue;
      const matches = routingKey === undefined || type === 'fanout' || type === 'headers' || (type === 'topic' ? topicMatches(binding.routingKey, routingKey) : binding.routingKey === routingKey);
      if (!matches) continue;
      if (binding.destinationType === 'queue') found.add(binding.destination);
      else walk(binding.destination);
    }
  };
  walk(exchange);
  return [...found].sort();
}

/** A queue that holds messages for a time and then hands them on: a TTL, a DLX, and nobody consuming. */
export function isDelayQueue(queue: QueueInfo): boolean {
  return queue.arguments.messageTtl !== undefined && queue.arguments.deadLetterExchange !== undefined && queue.consumers === 0;
}

/**
 * Marks dead-letter queues (the targets of some other queue's DLX) and delay queues (with where they
 * deliver). A delay queue's targets are not dead-letter queues: expiring there is the point.
 */
export function markQueues(queues: readonly QueueInfo[], exchanges: readonly ExchangeInfo[], bindings: readonly BindingInfo[]): Record<string, QueueMarks> {
  const names = new Set(queues.map((q) => q.name));
  const marks: Record<string, QueueMarks> = {};
  const markOf = (name: string): QueueMarks => (marks[name] ??= { deadLetterFor: [] });
  for (const queue of queues) {
    const dlx = queue.arguments.deadLetterExchange;
    if (dlx === undefined) continue;
    const routingKey = queue.arguments.deadLetterRoutingKey;
    const targets = routeTargets(dlx, routingKey, exchanges, bindings, names).filter((target) => target !== queue.name);
    if (isDelayQueue(queue)) {
      markOf(queue.name).delay = { ttlMs: queue.arguments.messageTtl ?? 0, exchange: dlx, ...(routingKey === undefined ? {} : { routingKey }), targets };
      continue;
    }
    for (const target of targets) markOf(target).deadLetterFor.push(queue.name);
  }
  for (const mark of Object.values(marks)) mark.deadLetterFor.sort();
  return marks;
}
