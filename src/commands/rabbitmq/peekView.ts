import type { FlowEvent } from '../../core/envelope';
import { parseJsonSafely } from '../../core/codec';
import { describeDeath, readDeaths, type DeathRecord } from '../../connectors/rabbitmq/deadLetters';
import type { PeekedMessage } from '../../connectors/rabbitmq/messages';
import type { RabbitSource } from '../../connectors/rabbitmq/rabbitSource';
import type { PeekOutcome } from '../../connectors/rabbitmq/rabbitBroker';
import type { RedrivePlan } from '../../connectors/rabbitmq/redrivePlan';

/** One peeked message as a person reads it: body decoded (JSON, else text or hex), properties, headers, deaths. */
export function messageView(message: PeekedMessage): Record<string, unknown> {
  return {
    position: message.position,
    redelivered: message.redelivered,
    exchange: message.exchange,
    routingKey: message.routingKey,
    ...(message.deliveryCount === undefined ? {} : { 'x-delivery-count': message.deliveryCount }),
    ...(message.streamOffset === undefined ? {} : { streamOffset: message.streamOffset }),
    properties: message.properties,
    headers: Object.fromEntries(message.headers.filter((h) => h.key !== 'x-death').map((h) => [h.key, h.value])),
    ...deathsView(message.deaths),
    body: message.event.data,
  };
}

/**
 * A message a search or a trace found, shown as a peek shows it from what its event kept: where it was read,
 * its headers, deaths and body. The AMQP properties and the redelivered flag stay with the read, not the
 * event, so the ids the event was given (from those properties or headers) stand in their place.
 */
export function foundMessageView(event: FlowEvent, source: RabbitSource): Record<string, unknown> {
  const headers = event.metadata.headers ?? [];
  const death = headers.find((h) => h.key === 'x-death' && h.encoding === undefined);
  const parsed = death === undefined ? undefined : parseJsonSafely(death.value);
  const { correlationId, causationId, traceId } = event.metadata;
  const ids = { eventId: event.id, type: event.type, timestamp: event.timestamp, correlationId, causationId, traceId };
  return {
    position: source.position,
    exchange: source.exchange ?? '',
    routingKey: source.routingKey ?? '',
    ...(source.streamOffset === undefined ? {} : { streamOffset: source.streamOffset }),
    ids: Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined && value !== '')),
    headers: Object.fromEntries(headers.filter((h) => h.key !== 'x-death').map((h) => [h.key, h.value])),
    ...deathsView(parsed?.ok ? readDeaths({ 'x-death': parsed.value }) : []),
    body: event.data,
  };
}

function deathsView(deaths: readonly DeathRecord[]): Record<string, unknown> {
  return deaths.length === 0 ? {} : { 'x-death': deaths.map((d) => ({ why: describeDeath(d), ...d })) };
}

/** The whole peek as one read-only JSON document, with what the peek did to the queue said first. */
export function peekDocument(queue: string, vhost: string, outcome: PeekOutcome): string {
  const summary =
    outcome.kind === 'queue'
      ? {
          queue,
          vhost,
          peeked: outcome.messages.length,
          readyBefore: outcome.readyBefore,
          readyAfter: outcome.readyAfter,
          reachedEnd: outcome.reachedEnd,
          note: outcome.redeliveredNote,
          ...(outcome.leftAtLimit.length ? { leftAtDeliveryLimit: outcome.leftAtLimit } : {}),
          ...(outcome.deadLettered.length ? { deadLetteredBeforeThisPeek: outcome.deadLettered } : {}),
        }
      : { queue, vhost, stream: true, read: outcome.messages.length, reachedEnd: outcome.reachedEnd, note: 'Read from a stream offset: nothing was consumed.' };
  const problems = outcome.problems.map((p) => p.message);
  return JSON.stringify({ ...summary, ...(problems.length ? { problems } : {}), messages: outcome.messages.map(messageView) }, null, 2);
}

/** The dry run of a redrive as text: what would go where, and what stays and why. */
export function planText(queue: string, plan: RedrivePlan): string {
  const lines = [`Dry run: redrive from ${queue}`, `would send ${plan.toSend}, leave ${plan.skipped}`, ''];
  for (const [target, count] of Object.entries(plan.byTarget)) lines.push(`  ${count} → ${target}`);
  lines.push('');
  for (const item of plan.items) {
    const id = item.messageId ?? `#${item.position}`;
    const death = item.death ? ` (${describeDeath(item.death)})` : '';
    lines.push(item.target ? `${id}: → ${item.target.exchange || '(default)'} / ${item.target.routingKey}${death}` : `${id}: stays: ${item.skip ?? 'not selected'}${death}`);
  }
  return lines.join('\n');
}
