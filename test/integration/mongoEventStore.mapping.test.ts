// Field-mapping detection on documents read back from a real server, in the three common layouts, and
// listing and reading through each detected mapping (aggregate type from a field, an id prefix, or the
// first event's type).
import * as assert from 'node:assert/strict';
import { detectFieldMapping, type FieldMapping } from '../../src/connectors/mongo/fieldMapping';
import { collectBatches, MongoFixture } from './support/mongoFixture';

const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(t0 + minutes * 60_000);

/** Two Orders and a Customer in snake_case with an aggregate_type field. */
function snakeDocs(): Record<string, unknown>[] {
  return [
    { aggregate_id: 'o-1', aggregate_type: 'Order', event_type: 'OrderCreated', data: { total: 10 }, version: 1, timestamp: at(0), event_id: 'e1', metadata: { correlationId: 'c-1' } },
    { aggregate_id: 'o-1', aggregate_type: 'Order', event_type: 'OrderPaid', data: { paid: true }, version: 2, timestamp: at(1), event_id: 'e2', metadata: { correlationId: 'c-1', causationId: 'e1' } },
    { aggregate_id: 'o-2', aggregate_type: 'Order', event_type: 'OrderCreated', data: { total: 20 }, version: 1, timestamp: at(2), event_id: 'e3' },
    { aggregate_id: 'c-1', aggregate_type: 'Customer', event_type: 'CustomerRegistered', data: { name: 'Ada' }, version: 1, timestamp: at(3), event_id: 'e4' },
  ];
}

/** camelCase; ids carry no prefix, so the type comes from each aggregate's first event. */
function camelDocs(): Record<string, unknown>[] {
  return [
    { aggregateId: '1001', type: 'OrderCreated', payload: { total: 5 }, version: 1, timestamp: at(0) },
    { aggregateId: '1001', type: 'OrderShipped', payload: { carrier: 'dhl' }, version: 2, timestamp: at(1) },
    { aggregateId: '1002', type: 'OrderCreated', payload: { total: 7 }, version: 1, timestamp: at(2) },
    { aggregateId: '2001', type: 'CustomerRegistered', payload: { name: 'Bo' }, version: 1, timestamp: at(3) },
  ];
}

/** Stream layout (EventStoreDB-like): `Order-123` ids give the type by prefix. */
function streamDocs(positionField: 'revision' | 'streamPosition'): Record<string, unknown>[] {
  return [
    { streamId: 'Order-123', type: 'OrderCreated', data: { total: 1 }, [positionField]: 1, recordedAt: at(0) },
    { streamId: 'Order-123', type: 'OrderPaid', data: { paid: true }, [positionField]: 2, recordedAt: at(1) },
    { streamId: 'Order-124', type: 'OrderCreated', data: { total: 2 }, [positionField]: 1, recordedAt: at(2) },
    { streamId: 'Invoice-9', type: 'InvoiceIssued', data: { amount: 3 }, [positionField]: 1, recordedAt: at(3) },
  ];
}

describe('MongoEventStore on FerretDB: field mapping', function () {
  this.timeout(60_000);
  const fixture = new MongoFixture('efx_mapping');

  before(() => fixture.start());
  after(() => fixture.dispose());

  /** Seeds `collection`, reads one document back through the store and detects the mapping from it. */
  async function detect(collection: string, docs: Record<string, unknown>[]): Promise<FieldMapping> {
    await fixture.db.collection(collection).insertMany(docs);
    const probe = fixture.open({ eventsCollection: collection });
    const [sample] = await probe.sampleDocuments(1);
    assert.ok(sample, 'a sample document came back');
    const detection = detectFieldMapping(sample);
    assert.deepEqual(detection.missing, [], detection.notes.join('; '));
    return detection.mapping;
  }

  it('snake_case defaults: detects them, types from the aggregate_type field', async () => {
    const mapping = await detect('snake', snakeDocs());
    assert.equal(mapping.aggregateId, 'aggregate_id');
    assert.equal(mapping.eventType, 'event_type');
    assert.equal(mapping.data, 'data');
    assert.equal(mapping.version, 'version');
    assert.equal(mapping.timestamp, 'timestamp');
    assert.equal(mapping.aggregateType, 'aggregate_type');
    assert.equal(mapping.eventId, 'event_id');
    assert.equal(mapping.metadata, 'metadata');

    const store = fixture.open({ eventsCollection: 'snake', mapping });
    await store.ensureIndexes();
    assert.deepEqual(await store.listAggregateTypes(), [
      { name: 'Customer', aggregateCount: 1 },
      { name: 'Order', aggregateCount: 2 },
    ]);
    const page = await store.listAggregates('Order');
    assert.deepEqual(page, {
      items: [
        { id: 'o-1', type: 'Order', version: 2, lastEventAt: at(1).toISOString() },
        { id: 'o-2', type: 'Order', version: 1, lastEventAt: at(2).toISOString() },
      ],
    });
    const skipped: string[] = [];
    const { items } = await collectBatches(store.readStream('o-1', { onProblem: (p) => skipped.push(p.message) }));
    assert.deepEqual(
      items.map((e) => [e.id, e.type, e.version, e.timestamp, e.aggregateType]),
      [
        ['e1', 'OrderCreated', 1, at(0).toISOString(), 'Order'],
        ['e2', 'OrderPaid', 2, at(1).toISOString(), 'Order'],
      ],
    );
    assert.deepEqual(items[1].data, { paid: true });
    assert.deepEqual(items[1].metadata, { correlationId: 'c-1', causationId: 'e1' });
    assert.deepEqual(items[0].source, { system: 'mongo', database: fixture.database, collection: 'snake' });
    assert.deepEqual(skipped, []);
  });

  it('camelCase: aggregateId / type / payload / version / timestamp, types from the first event', async () => {
    const mapping = await detect('camel', camelDocs());
    assert.deepEqual(
      [mapping.aggregateId, mapping.eventType, mapping.data, mapping.version, mapping.timestamp, mapping.aggregateType],
      ['aggregateId', 'type', 'payload', 'version', 'timestamp', undefined],
    );
    const store = fixture.open({ eventsCollection: 'camel', mapping });
    await store.ensureIndexes();
    assert.deepEqual(await store.listAggregateTypes(), [
      { name: 'Customer', aggregateCount: 1 },
      { name: 'Order', aggregateCount: 2 },
    ]);
    assert.deepEqual(await store.listAggregates('Order'), {
      items: [
        { id: '1001', type: 'Order', version: 2, lastEventAt: at(1).toISOString() },
        { id: '1002', type: 'Order', version: 1, lastEventAt: at(2).toISOString() },
      ],
    });
    assert.deepEqual((await store.listAggregates('Customer')).items.map((a) => a.id), ['2001']);
    const first = await store.listAggregates('Order', { limit: 1 });
    assert.deepEqual(first.items.map((a) => a.id), ['1001']);
    assert.equal(first.next, '1001');
    const second = await store.listAggregates('Order', { limit: 1, after: first.next });
    assert.deepEqual(second, { items: [{ id: '1002', type: 'Order', version: 1, lastEventAt: at(2).toISOString() }] });
    const { items } = await collectBatches(store.readStream('1001'));
    assert.deepEqual(items.map((e) => [e.type, e.version, e.data]), [
      ['OrderCreated', 1, { total: 5 }],
      ['OrderShipped', 2, { carrier: 'dhl' }],
    ]);
  });

  for (const positionField of ['revision', 'streamPosition'] as const) {
    it(`stream layout with ${positionField}: streamId / type / data / recordedAt, types from the id prefix`, async () => {
      const collection = `stream_${positionField}`;
      const mapping = await detect(collection, streamDocs(positionField));
      assert.deepEqual(
        [mapping.aggregateId, mapping.eventType, mapping.data, mapping.version, mapping.timestamp, mapping.aggregateType],
        ['streamId', 'type', 'data', positionField, 'recordedAt', undefined],
      );
      const store = fixture.open({ eventsCollection: collection, mapping });
      await store.ensureIndexes();
      assert.deepEqual(await store.listAggregateTypes(), [
        { name: 'Invoice', aggregateCount: 1 },
        { name: 'Order', aggregateCount: 2 },
      ]);
      assert.deepEqual((await store.listAggregates('Order')).items.map((a) => [a.id, a.version]), [
        ['Order-123', 2],
        ['Order-124', 1],
      ]);
      assert.deepEqual((await store.listAggregates('Invoice')).items.map((a) => a.id), ['Invoice-9']);
      const { items } = await collectBatches(store.readStream('Order-123'));
      assert.deepEqual(items.map((e) => [e.type, e.version, e.timestamp]), [
        ['OrderCreated', 1, at(0).toISOString()],
        ['OrderPaid', 2, at(1).toISOString()],
      ]);
      // An append through the detected mapping lands in the same layout and reads back.
      await store.append('Order-124', 'Order', [{ type: 'OrderPaid', data: { paid: true } }], 1);
      const raw = await fixture.db.collection(collection).findOne({ streamId: 'Order-124', [positionField]: 2 });
      assert.equal(raw?.type, 'OrderPaid');
      assert.ok(raw?.recordedAt instanceof Date);
    });
  }
});
