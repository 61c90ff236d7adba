import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { JsonValue } from '../../../src/core/json';
import type { NewEvent } from '../../../src/core/envelope';
import { LocalEventStore } from '../../../src/connectors/local';
import { readAll, freshTempStore } from './helpers';

interface PlannedAppend {
  aggregate: number;
  events: NewEvent[];
}

// JSON has no -0: what a JSON store keeps is the value after a JSON round trip.
const json: fc.Arbitrary<JsonValue> = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

const newEvent: fc.Arbitrary<NewEvent> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 12 }),
    type: fc.string({ minLength: 1, maxLength: 12 }),
    timestamp: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    data: json,
    metadata: fc.record(
      {
        correlationId: fc.string(),
        causationId: fc.string(),
        schemaVersion: fc.integer({ min: 1, max: 9 }),
        // Repeated keys and base64 values too: both must survive the file.
        headers: fc.array(
          fc.record(
            { key: fc.constantFrom('a', 'b', 'x-id'), value: fc.string({ maxLength: 6 }), encoding: fc.constant('base64' as const) },
            { requiredKeys: ['key', 'value'], noNullPrototype: true },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  },
  { requiredKeys: ['id', 'type', 'timestamp', 'data'], noNullPrototype: true },
);

const plan: fc.Arbitrary<PlannedAppend[]> = fc.array(
  fc.record({ aggregate: fc.integer({ min: 0, max: 3 }), events: fc.array(newEvent, { minLength: 1, maxLength: 4 }) }),
  { minLength: 1, maxLength: 12 },
);

describe('LocalEventStore: property', () => {
  const temp = freshTempStore();

  it('reads back exactly what was appended, for random sequences of appends', async function () {
    this.timeout(120_000);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (appends) => {
        run += 1;
        // A new file per run, and a second instance that reads it cold, to check the index both ways.
        const eventsFile = `${temp().folder}/run-${run}/events.ndjson`;
        const writer = new LocalEventStore({ eventsFile });
        const expected = new Map<string, NewEvent[]>();
        for (const { aggregate, events } of appends) {
          const id = `agg-${aggregate}`;
          const stream = expected.get(id) ?? [];
          const result = await writer.append(id, 'Thing', events, stream.length);
          assert.deepEqual(result, { fromVersion: stream.length + 1, toVersion: stream.length + events.length });
          expected.set(id, [...stream, ...events]);
        }
        const reader = new LocalEventStore({ eventsFile });
        for (const store of [writer, reader]) {
          for (const [id, stream] of expected) {
            const read = await readAll(store, id, { batchSize: 3 });
            assert.deepEqual(
              read.map((e) => ({ id: e.id, type: e.type, timestamp: e.timestamp, data: e.data, metadata: e.metadata, version: e.version })),
              stream.map((e, i) => ({ id: e.id, type: e.type, timestamp: e.timestamp, data: e.data, metadata: e.metadata ?? {}, version: i + 1 })),
            );
          }
          assert.deepEqual(store.problems(), []);
          assert.deepEqual((await store.listAggregateTypes()).map((t) => t.aggregateCount), [expected.size]);
        }
      }),
      { numRuns: 30 },
    );
  });
});
