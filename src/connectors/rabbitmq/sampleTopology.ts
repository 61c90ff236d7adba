import type { OutgoingMessage } from '../broker';
import { sampleOrderFlows, type SampleOptions } from '../../core/samples';
import type { ConfirmChannel } from 'amqplib';
import type { AmqpSession } from './amqpSession';

/** The names of the sample topology; `prefix` keeps several of them apart (tests, several users of one broker). */
export interface SampleTopologyNames {
  exchange: string;
  deadLetterExchange: string;
  deadLetterQueue: string;
  delayExchange: string;
  delayQueue: string;
  /** Work queues and the routing keys bound to each. */
  queues: Record<string, string[]>;
}

/** How long the sample delay queue holds a message before handing it to the orders exchange. */
export const SAMPLE_DELAY_MS = 5000;

export function sampleTopologyNames(prefix = ''): SampleTopologyNames {
  return {
    exchange: `${prefix}orders`,
    deadLetterExchange: `${prefix}orders.dlx`,
    deadLetterQueue: `${prefix}orders.dlq`,
    delayExchange: `${prefix}orders.delay`,
    delayQueue: `${prefix}orders.delay`,
    queues: {
      [`${prefix}orders.created`]: ['order.created'],
      [`${prefix}orders.items`]: ['order.item-added'],
      [`${prefix}orders.payments`]: ['order.payment-completed', 'order.paid'],
      [`${prefix}orders.shipping`]: ['order.shipped', 'order.cancelled'],
    },
  };
}

/** `OrderCreated` → `order.created`, `ItemAdded` → `order.item-added`: the aggregate type, then the event in kebab case. */
export function routingKeyFor(eventType: string, aggregateType = 'Order'): string {
  const rest = eventType.startsWith(aggregateType) && eventType.length > aggregateType.length ? eventType.slice(aggregateType.length) : eventType;
  const kebab = rest.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${aggregateType.toLowerCase()}.${kebab}`;
}

/**
 * Declares, on one confirm channel, a topic exchange with a queue per kind of event, a dead-letter exchange
 * with its queue (every work queue dead-letters there) and a delay queue (messages wait `SAMPLE_DELAY_MS`,
 * then go to the orders exchange with their own routing key). Declaring is idempotent: running it twice
 * changes nothing; arguments that differ from an existing queue fail with the broker's 406.
 */
export async function declareSampleTopology(session: AmqpSession, names: SampleTopologyNames, signal?: AbortSignal): Promise<void> {
  await session.withChannel(
    'confirm',
    async (channel) => {
      const ch = channel as ConfirmChannel;
      await ch.assertExchange(names.exchange, 'topic', { durable: true });
      await ch.assertExchange(names.deadLetterExchange, 'fanout', { durable: true });
      await ch.assertExchange(names.delayExchange, 'fanout', { durable: true });
      await ch.assertQueue(names.deadLetterQueue, { durable: true });
      await ch.bindQueue(names.deadLetterQueue, names.deadLetterExchange, '');
      await ch.assertQueue(names.delayQueue, { durable: true, arguments: { 'x-message-ttl': SAMPLE_DELAY_MS, 'x-dead-letter-exchange': names.exchange } });
      await ch.bindQueue(names.delayQueue, names.delayExchange, '');
      for (const [queue, keys] of Object.entries(names.queues)) {
        await ch.assertQueue(queue, { durable: true, arguments: { 'x-dead-letter-exchange': names.deadLetterExchange, 'x-max-priority': 10 } });
        for (const key of keys) await ch.bindQueue(queue, names.exchange, key);
      }
    },
    signal,
  );
}

/** Deletes what `declareSampleTopology` made (tests; a user's "remove sample topology"). */
export async function deleteSampleTopology(session: AmqpSession, names: SampleTopologyNames): Promise<void> {
  await session.withChannel('plain', async (ch) => {
    for (const queue of [...Object.keys(names.queues), names.deadLetterQueue, names.delayQueue]) await ch.deleteQueue(queue);
    for (const exchange of [names.exchange, names.deadLetterExchange, names.delayExchange]) await ch.deleteExchange(exchange);
  });
}

/**
 * The sample Order flow as messages for the orders exchange: routing key by event type, persistent, the
 * event id as `message_id`, the correlation id as `correlation_id`, the type as `type`, the aggregate and
 * causation in headers; cancellations go with a higher priority.
 */
export function sampleMessages(options: SampleOptions = {}): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (const aggregate of sampleOrderFlows(options)) {
    aggregate.events.forEach((event, index) => {
      const headers = [
        { key: 'aggregate-id', value: aggregate.aggregateId },
        { key: 'aggregate-type', value: aggregate.aggregateType },
        { key: 'event-version', value: String(index + 1) },
      ];
      if (event.metadata.causationId !== undefined) headers.push({ key: 'causation-id', value: event.metadata.causationId });
      messages.push({
        key: routingKeyFor(event.type, aggregate.aggregateType),
        headers,
        properties: {
          contentType: 'application/json',
          persistent: true,
          priority: event.type === 'OrderCancelled' ? 5 : 1,
          messageId: event.id,
          type: event.type,
          timestamp: event.timestamp,
          appId: 'event-flow-explorer',
          ...(event.metadata.correlationId === undefined ? {} : { correlationId: event.metadata.correlationId }),
        },
        body: JSON.stringify(event.data),
      });
    });
  }
  return messages;
}
