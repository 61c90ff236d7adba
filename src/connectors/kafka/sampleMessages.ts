import { sampleOrderFlows, type SampleAggregate } from '../../core/samples';
import type { OutgoingMessage } from '../broker';
import { HEADER_CAUSATION_ID, HEADER_CORRELATION_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE } from './records';

/**
 * The sample Order flow as Kafka messages: keyed by order id (one order, one partition, in order), the
 * event's data as the JSON value, its identity in headers and its time as the record timestamp.
 */
export function sampleMessages(aggregates: readonly SampleAggregate[]): OutgoingMessage[] {
  return aggregates.flatMap((aggregate) =>
    aggregate.events.map((event) => ({
      key: aggregate.aggregateId,
      headers: [
        { key: HEADER_EVENT_TYPE, value: event.type },
        { key: HEADER_EVENT_ID, value: event.id },
        ...(event.metadata.correlationId ? [{ key: HEADER_CORRELATION_ID, value: event.metadata.correlationId }] : []),
        ...(event.metadata.causationId ? [{ key: HEADER_CAUSATION_ID, value: event.metadata.causationId }] : []),
      ],
      properties: { timestamp: String(Date.parse(event.timestamp)) },
      body: JSON.stringify(event.data),
    })),
  );
}

/**
 * Sample flows whose last event is a minute ago: brokers refuse record times far in the future (Kafka 4's
 * `log.message.timestamp.after.max.ms` is one hour) and delete those older than the topic's retention.
 */
export function recentSampleFlows(orders: number, now = Date.now()): SampleAggregate[] {
  const span = (flows: SampleAggregate[]) => {
    const times = flows.flatMap((f) => f.events.map((e) => Date.parse(e.timestamp)));
    return { first: Math.min(...times), last: Math.max(...times) };
  };
  const probe = span(sampleOrderFlows({ orders }));
  return sampleOrderFlows({ orders, start: new Date(now - 60_000 - (probe.last - probe.first)) });
}
