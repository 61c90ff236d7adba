// Paging through 10,000 aggregates and reading a 100,000-event stream, seeded with insertMany in big
// batches. FerretDB does not push range filters and sorts down, so the figures printed here say nothing
// about real MongoDB; the assertions are about completeness and order.
import * as assert from 'node:assert/strict';
import type { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { collectBatches, insertInBatches, MongoFixture } from './support/mongoFixture';

/**
 * Full sizes: 10,000 aggregates and a 100,000-event stream. FerretDB scans and sorts the whole collection
 * for every page (about 1.3 s a page here, 2 minutes for the walk) and reads the sorted 100k stream in about
 * a minute; EFX_VOLUME_AGGREGATES and EFX_VOLUME_STREAM_EVENTS make a quicker local run.
 */
const AGGREGATES = Number(process.env.EFX_VOLUME_AGGREGATES ?? 10_000);
const CUSTOMERS = Math.round(AGGREGATES / 10);
const STREAM_EVENTS = Number(process.env.EFX_VOLUME_STREAM_EVENTS ?? 100_000);
const FROM_VERSION = STREAM_EVENTS - 999;
const t0 = Date.parse('2026-01-01T00:00:00.000Z');

/** `Order-00000` .. : zero-padded so that id order is numeric order. */
const orderId = (i: number): string => `Order-${String(i).padStart(5, '0')}`;

function* aggregateDocs(): Generator<Record<string, unknown>> {
  for (let i = 0; i < AGGREGATES; i++) {
    yield { aggregate_id: orderId(i), aggregate_type: 'Order', event_type: 'OrderCreated', data: { i }, version: 1, timestamp: new Date(t0 + i) };
    // A second type in the same collection, so the type filter has something to leave out.
    if (i < CUSTOMERS) {
      yield { aggregate_id: `Customer-${i}`, aggregate_type: 'Customer', event_type: 'CustomerRegistered', data: { i }, version: 1, timestamp: new Date(t0 + i) };
    }
  }
}

function* streamDocs(id: string): Generator<Record<string, unknown>> {
  for (let v = 1; v <= STREAM_EVENTS; v++) {
    yield { aggregate_id: id, aggregate_type: 'Ledger', event_type: 'Posted', data: { v }, version: v, timestamp: new Date(t0 + v) };
  }
}

function figure(name: string, value: string | number): void {
  console.log(`      ${name}: ${value}`);
}

describe('MongoEventStore on FerretDB: volume', function () {
  this.timeout(Math.max(120_000, AGGREGATES * 30 + STREAM_EVENTS * 2));
  const fixture = new MongoFixture('efx_volume');

  before(() => fixture.start());
  after(() => fixture.dispose());

  // Each part has a collection of its own: FerretDB scans the whole collection for any query not on _id.
  describe(`${AGGREGATES} aggregates of one event each`, () => {
    const orders = Array.from({ length: AGGREGATES }, (_, i) => orderId(i));
    let store: MongoEventStore;

    before(async () => {
      store = fixture.open({ eventsCollection: 'aggregates', timeoutMs: 60_000 });
      await store.ensureIndexes();
      const started = Date.now();
      assert.equal(await insertInBatches(fixture.db, 'aggregates', aggregateDocs()), AGGREGATES + CUSTOMERS);
      figure('seeded aggregates', AGGREGATES);
      figure('seed ms', Date.now() - started);
    });

    it('walks every page of 100 Orders: each id once, in order, and the last page has no next', async () => {
      const started = Date.now();
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.listAggregates('Order', { after, limit: 100 });
        pages++;
        assert.ok(page.items.length <= 100, `page ${pages} has ${page.items.length} items`);
        for (const item of page.items) {
          assert.equal(item.type, 'Order');
          assert.equal(item.version, 1);
          seen.push(item.id);
        }
        after = page.next;
        assert.ok(pages <= orders.length / 100 + 1, 'paging ends');
      } while (after !== undefined);
      figure('pages', pages);
      figure('paging ms', Date.now() - started);
      assert.equal(seen.length, AGGREGATES);
      assert.equal(new Set(seen).size, seen.length, 'no duplicates');
      assert.deepEqual(seen, orders, 'every Order id, in id order');
    });

    it('searches by id prefix', async () => {
      const page = await store.listAggregates('Order', { idPrefix: 'Order-012', limit: 100 });
      assert.deepEqual(page.items.map((item) => item.id), orders.filter((id) => id.startsWith('Order-012')));
      assert.equal(page.next, undefined);
      assert.deepEqual(await store.listAggregates('Order', { idPrefix: 'Customer-', limit: 100 }), { items: [] });
      const customers = await store.listAggregates('Customer', { idPrefix: 'Customer-1', limit: 1000 });
      const expected = Array.from({ length: CUSTOMERS }, (_, i) => `Customer-${i}`).filter((cid) => cid.startsWith('Customer-1')).sort();
      assert.deepEqual(customers.items.map((item) => item.id), expected);
      // Regex characters in the prefix are taken literally.
      assert.deepEqual(await store.listAggregates('Order', { idPrefix: 'Order.*' }), { items: [] });
    });

    it('counts aggregates per type', async () => {
      assert.deepEqual(await store.listAggregateTypes(), [
        { name: 'Customer', aggregateCount: CUSTOMERS },
        { name: 'Order', aggregateCount: AGGREGATES },
      ]);
    });
  });

  describe(`one stream of ${STREAM_EVENTS} events`, () => {
    const id = 'Ledger-big';
    let store: MongoEventStore;

    before(async function () {
      // A sorted read of 100k documents takes FerretDB ~10 s before the first batch: a per-call bound to match.
      store = fixture.open({ eventsCollection: 'stream', timeoutMs: 60_000 });
      await store.ensureIndexes();
      const started = Date.now();
      assert.equal(await insertInBatches(fixture.db, 'stream', streamDocs(id), 20_000), STREAM_EVENTS);
      figure('seeded stream events', STREAM_EVENTS);
      figure('seed ms', Date.now() - started);
    });

    it('reads every version in order in batches of at most 2,000', async () => {
      const started = Date.now();
      let expected = 1;
      let batches = 0;
      const skipped: string[] = [];
      for await (const batch of store.readStream(id, { batchSize: 2000, onProblem: (p) => skipped.push(p.message) })) {
        batches++;
        assert.ok(batch.length >= 1 && batch.length <= 2000, `batch ${batches} has ${batch.length} events`);
        for (const event of batch) {
          assert.equal(event.version, expected);
          expected++;
        }
      }
      figure('read batches', batches);
      figure('read ms', Date.now() - started);
      assert.equal(expected - 1, STREAM_EVENTS);
      assert.equal(batches, Math.ceil(STREAM_EVENTS / 2000));
      assert.deepEqual(skipped, []);
    });

    it('reads the last 1,000 events with fromVersion', async () => {
      const { items, sizes } = await collectBatches(store.readStream(id, { fromVersion: FROM_VERSION, batchSize: 300 }));
      assert.equal(items.length, 1000);
      assert.deepEqual(items.map((e) => e.version), Array.from({ length: 1000 }, (_, i) => FROM_VERSION + i));
      assert.deepEqual(sizes, [300, 300, 300, 100]);
      assert.deepEqual(items[0].data, { v: FROM_VERSION });
    });
  });
});
