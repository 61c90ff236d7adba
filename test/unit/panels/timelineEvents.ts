/** Streams for the timeline tests: the sample Order flow as a store returns it, and long generated ones. */
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { sampleOrderFlows } from '../../../src/core/samples';

export function sampleOrderStream(): { aggregateId: string; aggregateType: string; events: FlowEvent[] } {
  const order = sampleOrderFlows({ orders: 1 })[0];
  if (order === undefined) throw new Error('sampleOrderFlows gave no order');
  const events = order.events.map(
    (event, index): FlowEvent => ({
      ...event,
      aggregateId: order.aggregateId,
      aggregateType: order.aggregateType,
      version: index + 1,
      source: { system: 'local', file: 'events.ndjson', line: index + 1 },
    }),
  );
  return { aggregateId: order.aggregateId, aggregateType: order.aggregateType, events };
}

const TYPES = ['CounterOpened', 'CounterIncremented', 'CounterIncremented', 'LabelChanged', 'CounterIncremented'];

/**
 * `count` events, versions 1..count. Types cycle through five slots, so every fifth event is
 * CounterOpened and every fifth from the fourth is LabelChanged; the data changes a counter and a label.
 */
export function generatedStream(count: number, aggregateId = 'Counter-1'): FlowEvent[] {
  const events = new Array<FlowEvent>(count);
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length];
    const data: JsonValue = type === 'LabelChanged' ? { label: `label ${i}` } : { counter: i, [`slot${i % 4}`]: i };
    events[i] = {
      id: `evt-${i + 1}`,
      type,
      timestamp: new Date(start + i * 1000).toISOString(),
      data,
      aggregateId,
      aggregateType: 'Counter',
      version: i + 1,
      metadata: { correlationId: `corr-${Math.floor(i / 10)}`, causationId: i === 0 ? undefined : `evt-${i}` },
      source: { system: 'local', file: 'events.ndjson', line: i + 1 },
    };
    if (events[i]?.metadata.causationId === undefined) delete events[i]?.metadata.causationId;
  }
  return events;
}
