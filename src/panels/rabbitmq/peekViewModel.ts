import { headerValue } from '../../core/headers';
import { describeDeath } from '../../connectors/rabbitmq/deadLetters';
import type { PeekedMessage } from '../../connectors/rabbitmq/messages';
import type { PeekOutcome } from '../../connectors/rabbitmq/rabbitBroker';
import type { RedrivePlan } from '../../connectors/rabbitmq/redrivePlan';
import type { PeekMessageView, PeekRedriveDestination, PeekRedrivePlan, PeekView } from '../../protocol/rabbitmq/peek';

export function peekMessageView(message: PeekedMessage): PeekMessageView {
  const properties: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(message.properties) as [string, string | number | undefined][]) {
    if (value !== undefined) properties[key] = value;
  }
  const payload = message.event.payload;
  const type = message.properties.type ?? headerValue(message.headers, 'event-type');
  return {
    position: message.position,
    ...(message.properties.messageId === undefined ? {} : { messageId: message.properties.messageId }),
    redelivered: message.redelivered,
    exchange: message.exchange,
    routingKey: message.routingKey,
    ...(type === undefined ? {} : { type }),
    ...(message.properties.priority === undefined ? {} : { priority: message.properties.priority }),
    ...(message.properties.timestamp === undefined ? {} : { timestamp: message.properties.timestamp }),
    size: message.wholeSize ?? message.body.byteLength,
    ...(message.deliveryCount === undefined ? {} : { deliveryCount: message.deliveryCount }),
    properties,
    headers: message.headers.map((h) => ({ key: h.key, value: h.value })),
    deaths: message.deaths.map((d) => ({ why: describeDeath(d), reason: d.reason, queue: d.queue, exchange: d.exchange, routingKeys: d.routingKeys, count: d.count, ...(d.time === undefined ? {} : { time: d.time }) })),
    body: message.event.data,
    // A JSON body cut at the preview cap is no longer JSON: it is shown as the text it starts with.
    bodyKind: payload === undefined ? 'json' : payload.kind === 'binary' ? 'binary' : 'text',
    ...(payload?.truncated ? { bodyTruncated: true } : {}),
  };
}

/** What a peek saw, for the peek view: every message, and what the peek did said in plain words. */
export function peekView(context: { broker: string; vhost: string; queue: string; queueType: string; dlq: boolean; exchanges: string[] }, outcome: PeekOutcome, readAt = new Date()): PeekView {
  const notes: string[] = [];
  if (outcome.kind === 'queue') {
    notes.push(`Ready before the peek: ${outcome.readyBefore}; after: ${outcome.readyAfter}. ${outcome.redeliveredNote}`);
    if (outcome.leftAtLimit.length > 0) notes.push(`At their delivery limit after this peek (the next peek is refused so they are not dead-lettered): positions ${outcome.leftAtLimit.join(', ')}.`);
    if (outcome.deadLettered.length > 0) notes.push(`Dead-lettered by the broker when returned (already at their limit): positions ${outcome.deadLettered.join(', ')}.`);
    if (!outcome.reachedEnd) notes.push('More messages wait behind these.');
  } else {
    notes.push('Read from a stream offset: nothing was consumed.');
  }
  for (const problem of outcome.problems) notes.push(problem.message);
  return { ...context, notes, messages: outcome.messages.map(peekMessageView), readAt: readAt.toISOString() };
}

/** The dry run of a redrive as the page lists it: how many go to each target, then each message's fate. */
export function redrivePlanView(positions: 'all' | number[], destination: PeekRedriveDestination, plan: RedrivePlan): PeekRedrivePlan {
  return {
    positions,
    destination,
    toSend: plan.toSend,
    skipped: plan.skipped,
    byTarget: Object.entries(plan.byTarget).map(([target, count]) => ({ target, count })),
    items: plan.items.map((item) => ({
      position: item.position,
      id: item.messageId ?? `#${item.position}`,
      ...(item.target ? { goes: `${item.target.exchange || '(default exchange)'} / ${item.target.routingKey}` } : { stays: item.skip ?? 'not selected' }),
      ...(item.death ? { death: describeDeath(item.death) } : {}),
    })),
  };
}
