import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { chapterOrderFlows } from '../../../src/core/chapterSamples';
import type { NewEvent } from '../../../src/core/envelope';
import type { JsonObject } from '../../../src/core/json';
import { readStoreStatistics, scanStoreStatistics, type StoreStatistics } from '../../../src/connectors/reads/statistics';
import { freshTempStore } from './helpers';

const ORDERS = 40;
/** From this order on, OrderCreated is written without `currency` (a release that dropped it). */
const FIRST_DRIFTED = 30;

/** The chapter's orders, one a day from 2026-11-01, OrderCreated with a currency until the drift. */
function chapterEventsWithDrift(): { aggregateId: string; events: NewEvent[] }[] {
  return chapterOrderFlows({ orders: ORDERS, seed: 7 }).map((flow, n) => ({
    aggregateId: flow.aggregateId,
    events: flow.events.map((event, i) => {
      const data = { ...(event.data as JsonObject) };
      if (event.type === 'OrderCreated' && n < FIRST_DRIFTED) data.currency = 'EUR';
      const day = new Date(Date.UTC(2026, 10, 1 + n, 9, 0, i)).toISOString();
      return { id: event.id, type: event.type, timestamp: day, data, metadata: event.metadata };
    }),
  }));
}

function withoutSource(statistics: StoreStatistics): unknown {
  const { source: _source, sample: _sample, limits: _limits, largestAggregates, ...rest } = statistics;
  for (const type of rest.types) for (const variant of type.variants) for (const ref of [variant.example, variant.latest]) delete ref.position;
  return { ...rest, largestAggregates: largestAggregates.map((aggregate) => aggregate.events) };
}

describe('LocalEventStore: statistics and schema variants', () => {
  const temp = freshTempStore();

  async function seed(): Promise<{ aggregateId: string; events: NewEvent[] }[]> {
    const flows = chapterEventsWithDrift();
    for (const flow of flows) await temp().store.append(flow.aggregateId, 'Order', flow.events, 0);
    await temp().store.append('Customer-1', 'Customer', [{ type: 'CustomerRegistered', timestamp: '2026-11-03T08:00:00.000Z', data: { customer_id: 'customer-42' } }], 0);
    return flows;
  }

  it('finds the OrderCreated that lost currency on the day it did, with the example to open', async () => {
    const flows = await seed();
    const statistics = await readStoreStatistics(temp().store, { aggregateType: 'Order' });
    assert.equal(statistics.sample.method, 'all');
    assert.equal(statistics.sample.read, flows.reduce((sum, flow) => sum + flow.events.length, 0));
    assert.equal(statistics.aggregateType, 'Order');
    assert.deepEqual(statistics.types.map((type) => type.type).sort(), ['ItemAdded', 'OrderCreated', 'OrderPaid', 'PaymentCompleted']);
    const created = statistics.types.find((type) => type.type === 'OrderCreated');
    assert.ok(created);
    assert.equal(created.variants.length, 2);
    const [usual, drifted] = created.variants;
    assert.equal(usual.events, FIRST_DRIFTED);
    assert.equal(drifted.events, ORDERS - FIRST_DRIFTED);
    assert.deepEqual(drifted.missing, ['data.currency: string']);
    assert.equal(drifted.firstAt, '2026-12-01T09:00:00.000Z');
    assert.equal(usual.lastAt, '2026-11-30T09:00:00.000Z');
    assert.equal(drifted.example.aggregateId, flows[FIRST_DRIFTED].aggregateId);
    assert.equal(drifted.example.version, 1);
    assert.equal(drifted.example.eventId, flows[FIRST_DRIFTED].events[0].id);
    // The line it is on in the file, 1-based.
    const lines = (await fs.readFile(temp().eventsFile, 'utf8')).split('\n');
    assert.match(lines[(drifted.example.position ?? 0) - 1], new RegExp(`"event_id":"${flows[FIRST_DRIFTED].events[0].id}"`));
    assert.equal(statistics.days.length, ORDERS);
    assert.deepEqual(statistics.days[0], { day: '2026-11-01', events: flows[0].events.length });
    assert.equal(statistics.aggregates.counted, ORDERS);
    const biggest = Math.max(...flows.map((flow) => flow.events.length));
    assert.equal(statistics.largestAggregates[0].events, biggest);
  });

  it('gives the same statistics from the file scan as a generic read through readAll', async () => {
    await seed();
    const own = await readStoreStatistics(temp().store);
    const generic = await scanStoreStatistics(temp().store);
    assert.equal(own.types.find((type) => type.type === 'CustomerRegistered')?.events, 1);
    assert.deepEqual(withoutSource(own), withoutSource(generic));
  });

  it('samples a store above maxEvents evenly, says so, and keeps the largest aggregates exact', async () => {
    const flows = await seed();
    const total = flows.reduce((sum, flow) => sum + flow.events.length, 0) + 1;
    const statistics = await readStoreStatistics(temp().store, { maxEvents: 50 });
    assert.equal(statistics.sample.method, 'every-nth');
    assert.equal(statistics.sample.total, total);
    assert.equal(statistics.sample.every, Math.ceil(total / 50));
    assert.equal(statistics.sample.read, Math.ceil(total / Math.ceil(total / 50)));
    assert.equal(statistics.events, statistics.sample.read);
    assert.match(statistics.sample.note, /a sample of \d+ of \d+ events/);
    const sizes = flows.map((flow) => flow.events.length).sort((a, b) => b - a);
    assert.deepEqual(statistics.largestAggregates.map((aggregate) => aggregate.events), sizes.slice(0, 20));

    const generic = await scanStoreStatistics(temp().store, { maxEvents: 50 });
    assert.equal(generic.sample.method, 'first');
    assert.equal(generic.events, 50);
  });

  it('steps over a damaged line and counts it', async () => {
    await seed();
    await fs.appendFile(temp().eventsFile, '{"aggregate_id": "Order-x", not json\n');
    const statistics = await readStoreStatistics(temp().store);
    assert.equal(statistics.skipped, 1);
    assert.equal(statistics.events, statistics.sample.read);
  });
});
