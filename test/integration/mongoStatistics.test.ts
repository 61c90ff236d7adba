// Statistics of a MongoDB store counted on the real FerretDB: the figures and schema variants must be
// exactly those of the seeded events, the same as the client-side finder gives when it reads every event,
// including the OrderCreated that lost `currency` on a known day. Small data: one database, 60 documents.
import * as assert from 'node:assert/strict';
import type { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { scanStoreStatistics, type StoreStatistics } from '../../src/connectors/reads/statistics';
import { MongoFixture } from './support/mongoFixture';

const t0 = Date.parse('2026-12-01T09:00:00.000Z');
const HOUR = 3_600_000;
/** Orders 0..11 are created with a currency; from order 12 on (2026-12-08) it is gone. */
const ORDERS = 20;
const LOST_FROM = 12;

function seedDocuments(): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const aggregateId = `Order-${String(i).padStart(2, '0')}`;
    const day = i < LOST_FROM ? Math.floor(i / 4) : 7;
    const at = t0 + day * 24 * HOUR + (i % 4) * HOUR;
    const created: Record<string, unknown> = { orderId: aggregateId, total: 10 + i, lines: [{ sku: 'SKU-1', quantity: 1 }] };
    if (i < LOST_FROM) created.currency = 'EUR';
    docs.push({ aggregate_id: aggregateId, aggregate_type: 'Order', event_id: `evt-${i}-1`, event_type: 'OrderCreated', version: 1, timestamp: new Date(at), data: created });
    // Every third order has items; their discount is `null` on odd orders, an int or a double otherwise.
    const items = i % 3 === 0 ? 2 : 0;
    for (let v = 2; v < 2 + items; v++) {
      const data: Record<string, unknown> = { sku: `SKU-${v}`, quantity: v };
      if (i % 2 === 1) data.discount = null;
      else data.discount = v === 2 ? 1 : 0.5;
      docs.push({ aggregate_id: aggregateId, aggregate_type: 'Order', event_id: `evt-${i}-${v}`, event_type: 'ItemAdded', version: v, timestamp: new Date(at + v * 60_000), data });
    }
  }
  for (let c = 0; c < 5; c++) {
    docs.push({ aggregate_id: `Customer-${c}`, aggregate_type: 'Customer', event_id: `cust-${c}`, event_type: 'CustomerRegistered', version: 1, timestamp: new Date(t0 + c * HOUR), data: { name: `C${c}`, address: { city: 'Oslo' } } });
  }
  // Inserted in time order, as an event store appends: the oldest by _id is the earliest.
  return docs.sort((a, b) => (a.timestamp as Date).getTime() - (b.timestamp as Date).getTime());
}

/** The figures both ways of counting must agree on (notes and the sample's wording differ by design). */
function figures(statistics: StoreStatistics): unknown {
  return {
    events: statistics.events,
    firstAt: statistics.firstAt,
    lastAt: statistics.lastAt,
    types: statistics.types,
    otherTypes: statistics.otherTypes,
    days: statistics.days,
    largestAggregates: statistics.largestAggregates,
    aggregates: statistics.aggregates,
    cutPayloads: statistics.cutPayloads,
  };
}

describe('MongoEventStore on FerretDB: statistics counted on the server', function () {
  this.timeout(120_000);
  const fixture = new MongoFixture('efx_statistics');
  let store: MongoEventStore;
  let seeded: Record<string, unknown>[];

  before(async () => {
    await fixture.start();
    seeded = seedDocuments();
    await fixture.db.collection('events').insertMany(seeded);
    store = fixture.open();
  });
  after(() => fixture.dispose());

  it('finds the OrderCreated that lost currency on 2026-12-08, with both variants exactly as seeded', async () => {
    const statistics = await store.statistics();
    assert.equal(statistics.events, seeded.length);
    assert.equal(statistics.sample.method, 'all');
    const created = statistics.types.find((type) => type.type === 'OrderCreated');
    assert.ok(created);
    assert.equal(created.events, ORDERS);
    assert.equal(created.variants.length, 2);
    const [usual, drifted] = created.variants;
    assert.equal(usual.events, LOST_FROM);
    assert.ok(usual.fields.includes('data.currency: string'));
    assert.ok(usual.fields.includes('data.lines[].sku: string'));
    assert.equal(drifted.events, ORDERS - LOST_FROM);
    assert.deepEqual(drifted.missing, ['data.currency: string']);
    assert.deepEqual(drifted.added, []);
    assert.equal(drifted.firstAt, '2026-12-08T09:00:00.000Z');
    assert.equal(drifted.lastAt, '2026-12-08T12:00:00.000Z');
    assert.deepEqual(drifted.example, { timestamp: '2026-12-08T09:00:00.000Z', eventId: 'evt-12-1', aggregateId: 'Order-12', version: 1 });
    assert.deepEqual(drifted.latest, { timestamp: '2026-12-08T12:00:00.000Z', eventId: 'evt-19-1', aggregateId: 'Order-19', version: 1 });
    assert.equal(usual.lastAt, '2026-12-03T12:00:00.000Z');
  });

  it('gives exactly the figures of the client-side finder reading every event', async () => {
    const server = await store.statistics();
    const client = await scanStoreStatistics(store);
    assert.equal(client.events, seeded.length);
    assert.deepEqual(figures(server), figures(client));
    // An int and a double discount are both numbers: one variant, not two groups.
    const items = server.types.find((type) => type.type === 'ItemAdded');
    assert.deepEqual(
      items?.variants.map((variant) => [variant.events, variant.fields.find((field) => field.startsWith('data.discount'))]),
      [
        [8, 'data.discount: number'],
        [6, 'data.discount: null'],
      ],
    );
  });

  it('says what the server counted and which operators FerretDB lacks', async () => {
    const { notes = [] } = await store.statistics();
    assert.match(notes.join('\n'), /Counted on the server: events per type and schema variants/);
    assert.match(notes.join('\n'), /has no \$min \/ \$max/);
    assert.match(notes.join('\n'), /has no \$dateToString/);
  });

  it('finds a variant the path sample did not show by asking the server for one of its documents', async () => {
    // The first 3 documents are Customers and orders of 2026-12-01: no OrderCreated without currency among them.
    const variants = await store.schemaVariants({ pathSample: 3 });
    const created = variants.types.find((type) => type.type === 'OrderCreated');
    assert.deepEqual(
      created?.variants.map((variant) => [variant.events, variant.missing ?? []]),
      [
        [LOST_FROM, []],
        [ORDERS - LOST_FROM, ['data.currency: string']],
      ],
    );
    assert.equal(created?.variants[1].example.aggregateId, 'Order-12');
  });

  it('counts one aggregate type alone', async () => {
    const statistics = await store.statistics({ aggregateType: 'Customer' });
    assert.equal(statistics.aggregateType, 'Customer');
    assert.equal(statistics.events, 5);
    assert.deepEqual(
      statistics.types.map((type) => [type.type, type.events, type.variants.length]),
      [['CustomerRegistered', 5, 1]],
    );
    assert.deepEqual(statistics.days, [{ day: '2026-12-01', events: 5 }]);
  });
});
