import type { SampleAggregate } from '../../core/samples';
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
