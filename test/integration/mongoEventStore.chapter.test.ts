// The source chapter's layout on FerretDB, written through the raw driver exactly as its append_event writes:
// collection `events`, uuid4 aggregate ids, no type field, the chapter's Order events.
import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../src/core/envelope';
import { chooseReducer } from '../../src/core/reducers';
import { replayWithOutcomes } from '../../src/core/replay';
import { checkStoreIntegrity } from '../../src/core/storeIntegrity';
import { CHAPTER_ORDERS, chapterDocuments, chapterExpectations } from '../support/chapterFixture';
import { collectBatches, MongoFixture } from './support/mongoFixture';

describe("MongoEventStore on FerretDB: the chapter's layout", function () {
  this.timeout(60_000);
  const fixture = new MongoFixture('efx_chapter');
  // What the chapter's code writes, and nothing else: it creates no index and sets no type.
  const mapping = { aggregateId: 'aggregate_id', eventType: 'event_type', data: 'data', version: 'version', timestamp: 'timestamp' };

  before(async () => {
    await fixture.start();
    for (const doc of chapterDocuments()) await fixture.db.collection('events').insertOne({ ...doc });
  });
  after(() => fixture.dispose());

  it('lists one type Order with every aggregate, and each timeline replays to the chapter items and total', async () => {
    const store = fixture.open({ mapping });
    assert.deepEqual(await store.listAggregateTypes(), [{ name: 'Order', aggregateCount: CHAPTER_ORDERS }]);
    const expected = chapterExpectations();
    const page = await store.listAggregates('Order', { limit: 100 });
    assert.deepEqual(
      page.items.map((item) => item.id),
      [...expected.keys()].sort(),
    );
    for (const [aggregateId, expectation] of expected) {
      const { items: events } = await collectBatches(store.readStream(aggregateId));
      assert.equal(events.length, expectation.events);
      const { state, notApplied } = replayWithOutcomes(chooseReducer('Order'), events);
      assert.deepEqual(notApplied, [], aggregateId);
      const order = state as { items: { item: unknown }[]; total: number; status: string; customerId: string };
      assert.deepEqual(
        order.items.map((item) => item.item),
        expectation.items,
      );
      assert.equal(order.total, expectation.totalAmount);
      assert.equal(order.status, 'paid');
    }
    assert.deepEqual(store.problems(), []);
  });

  it('reads the whole store in (aggregate id, version) order with one cursor, each event typed, and checks it', async () => {
    const store = fixture.open({ mapping });
    const { items, sizes } = await collectBatches(store.readAll({ batchSize: 10 }));
    assert.equal(items.length, chapterDocuments().length);
    assert.ok(sizes.length > 1);
    const keys = items.map((event) => `${event.aggregateId ?? ''}#${String(event.version).padStart(4, '0')}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(items.every((event) => event.aggregateType === 'Order'));
    const report = await checkStoreIntegrity(store.readAll({ batchSize: 10 }), { reducerFor: (type) => chooseReducer(type ?? '') });
    assert.deepEqual(report.findings, []);
    assert.equal(report.aggregates, CHAPTER_ORDERS);
    const typed = await collectBatches(store.readAll({ aggregateType: 'Order' }));
    assert.equal(typed.items.length, items.length);
    assert.equal((await collectBatches(store.readAll({ aggregateType: 'Invoice' }))).items.length, 0);
  });

  it('counts aggregates whose stream does not start at version 1, in every type source', async () => {
    const late = fixture.db.collection('late');
    await late.insertMany([
      { aggregate_id: 'a1b2c3d4-0000-4000-8000-000000000001', event_type: 'OrderCreated', data: {}, version: 1, timestamp: new Date() },
      // A stream kept from version 40 on (older events purged): still an aggregate, typed by its lowest version.
      { aggregate_id: 'a1b2c3d4-0000-4000-8000-000000000002', event_type: 'OrderShipped', data: {}, version: 41, timestamp: new Date() },
      { aggregate_id: 'a1b2c3d4-0000-4000-8000-000000000002', event_type: 'OrderPaid', data: {}, version: 40, timestamp: new Date() },
    ]);
    const byFirstEvent = fixture.open({ mapping, eventsCollection: 'late' });
    assert.deepEqual(await byFirstEvent.listAggregateTypes(), [
      { name: 'Order', aggregateCount: 1 },
      { name: 'OrderPaid', aggregateCount: 1 },
    ]);
    const typedLate = fixture.db.collection('typed_late');
    await typedLate.insertMany([
      { aggregate_id: 'o-1', aggregate_type: 'Order', event_type: 'OrderCreated', data: {}, version: 1, timestamp: new Date() },
      { aggregate_id: 'o-2', aggregate_type: 'Order', event_type: 'ItemAdded', data: {}, version: 7, timestamp: new Date() },
      { aggregate_id: 'c-1', aggregate_type: 'Customer', event_type: 'CustomerMoved', data: {}, version: 3, timestamp: new Date() },
    ]);
    const byField = fixture.open({ eventsCollection: 'typed_late' });
    assert.deepEqual(await byField.listAggregateTypes(), [
      { name: 'Customer', aggregateCount: 1 },
      { name: 'Order', aggregateCount: 2 },
    ]);
    const { items } = await collectBatches(byField.readAll({ aggregateType: 'Order' }));
    assert.deepEqual(
      items.map((event: FlowEvent) => event.aggregateId),
      ['o-1', 'o-2'],
    );
  });
});
