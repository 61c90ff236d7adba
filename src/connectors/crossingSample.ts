/**
 * The chapter's first Order flow as it crosses three systems, with the ids real services write on the way:
 * the order service records each event to Kafka (`event-id`, `correlation-id`, `causation-id` headers and a
 * W3C `traceparent`), a relay forwards it to the RabbitMQ orders exchange under the same message id (the
 * `correlation_id` property, a new span), and the order store appends what it received, then `OrderPaid`,
 * caused by the payment. Only `OrderPaid` is new in the store; every other event is the same event seen three
 * times. Times are a few seconds apart per hop so the flow reads in order, ending about a minute ago.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chapterOrderFlows } from '../core/chapterSamples';
import type { NewEvent } from '../core/envelope';
import type { SampleEvent } from '../core/samples';
import type { OutgoingMessage } from './broker';
import { HEADER_CAUSATION_ID, HEADER_CORRELATION_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE } from './kafka/records';
import { routingKeyFor } from './rabbitmq/sampleTopology';

/** The topic the crossing flow is recorded to; made with three partitions when missing. */
export const CROSSING_TOPIC = 'orders';
/** The event the payment service rejects once: the broker dead-letters it, the retry sends it back. */
export const CROSSING_RETRIED_TYPE = 'PaymentCompleted';
/** Above the sample flow's priorities (1, 5): the payment consumer gets this message before older ones. */
export const CROSSING_RETRIED_PRIORITY = 10;

const HOP_MS = 2_000;
const EVENT_MS = 10_000;

export interface CrossingSample {
  orderId: string;
  correlationId: string;
  traceId: string;
  /** Kafka records, in order; `eventIds[i]` is record i's event id. */
  kafka: OutgoingMessage[];
  /** RabbitMQ messages for the orders exchange, in order (the same events, relayed). */
  rabbit: OutgoingMessage[];
  /** The Order aggregate as the store appends it. */
  store: { aggregateId: string; aggregateType: string; events: NewEvent[] };
  /** The events that cross all three systems, in order. */
  crossing: SampleEvent[];
  /** The event only the store holds (`OrderPaid`). */
  storedOnly: SampleEvent[];
  /** When the first Kafka record was written (ms). */
  startsAt: number;
}

const span = (): string => randomBytes(8).toString('hex');
const traceparent = (traceId: string, spanId: string): string => `00-${traceId}-${spanId}-01`;

export function crossingSample(now = Date.now(), seed = randomInt(1, 2 ** 31)): CrossingSample {
  const [order] = chapterOrderFlows({ orders: 1, seed });
  const crossing = order.events.filter((event) => event.type !== 'OrderPaid');
  const storedOnly = order.events.filter((event) => event.type === 'OrderPaid');
  const traceId = randomBytes(16).toString('hex');
  const correlationId = order.events[0].metadata.correlationId ?? order.aggregateId;
  // Whole seconds: an AMQP timestamp has no milliseconds, and the hops must keep their order.
  const startsAt = Math.floor(now / 1000) * 1000 - 60_000 - order.events.length * EVENT_MS;
  const at = (index: number, hop: number): number => startsAt + index * EVENT_MS + hop * HOP_MS;
  const kafka: OutgoingMessage[] = [];
  const rabbit: OutgoingMessage[] = [];
  const stored: NewEvent[] = [];
  order.events.forEach((event, index) => {
    const causation = event.metadata.causationId;
    if (event.type !== 'OrderPaid') {
      kafka.push({
        key: order.aggregateId,
        headers: [
          { key: HEADER_EVENT_ID, value: event.id },
          { key: HEADER_EVENT_TYPE, value: event.type },
          { key: HEADER_CORRELATION_ID, value: correlationId },
          ...(causation === undefined ? [] : [{ key: HEADER_CAUSATION_ID, value: causation }]),
          { key: 'traceparent', value: traceparent(traceId, span()) },
        ],
        properties: { timestamp: String(at(index, 0)) },
        body: JSON.stringify(event.data),
      });
      rabbit.push({
        key: routingKeyFor(event.type, order.aggregateType),
        headers: [
          { key: 'aggregate-id', value: order.aggregateId },
          { key: 'aggregate-type', value: order.aggregateType },
          ...(causation === undefined ? [] : [{ key: 'causation-id', value: causation }]),
          { key: 'traceparent', value: traceparent(traceId, span()) },
        ],
        properties: {
          contentType: 'application/json',
          persistent: true,
          priority: event.type === CROSSING_RETRIED_TYPE ? CROSSING_RETRIED_PRIORITY : 1,
          messageId: event.id,
          correlationId,
          type: event.type,
          timestamp: new Date(at(index, 1)).toISOString(),
          appId: 'event-flow-explorer',
        },
        body: JSON.stringify(event.data),
      });
    }
    stored.push({
      id: event.id,
      type: event.type,
      timestamp: new Date(at(index, 2)).toISOString(),
      data: event.data,
      metadata: { correlationId, ...(causation === undefined ? {} : { causationId: causation }), traceId, parentSpanId: span(), schemaVersion: 1 },
    });
  });
  return { orderId: order.aggregateId, correlationId, traceId, kafka, rabbit, store: { aggregateId: order.aggregateId, aggregateType: order.aggregateType, events: stored }, crossing, storedOnly, startsAt };
}
