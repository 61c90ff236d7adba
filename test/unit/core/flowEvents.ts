import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import type { SampleAggregate } from '../../../src/core/samples';

/** A FlowEvent with test defaults; `overrides` win. */
export function flowEvent(type: string, data: JsonValue, overrides: Partial<FlowEvent> = {}): FlowEvent {
  return {
    id: `evt-${type}-${overrides.version ?? 0}`,
    type,
    timestamp: '2026-01-05T09:00:00.000Z',
    data,
    metadata: {},
    source: { system: 'local', file: 'events.ndjson', line: 1 },
    ...overrides,
  };
}

/** A sample aggregate as a store would return it: versions 1..n in order. */
export function sampleToFlowEvents(aggregate: SampleAggregate): FlowEvent[] {
  return aggregate.events.map((event, index) => ({
    ...event,
    aggregateId: aggregate.aggregateId,
    aggregateType: aggregate.aggregateType,
    version: index + 1,
    source: { system: 'local', file: 'events.ndjson', line: index + 1 },
  }));
}

/** `count` generic events numbered from version 1, each carrying a counter and a field that changes. */
export function numberedEvents(count: number): FlowEvent[] {
  const events: FlowEvent[] = new Array<FlowEvent>(count);
  for (let i = 0; i < count; i++) {
    events[i] = flowEvent(i % 3 === 0 ? 'Ticked' : 'Tocked', { n: i, [`k${i % 7}`]: i * 2 }, { id: `e${i}`, version: i + 1 });
  }
  return events;
}
