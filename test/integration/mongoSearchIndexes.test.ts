// A correlation-id search on a real FerretDB says which of the fields it asks the server for no index
// covers (and which no index can cover), offers those in `unindexed`, and once Create Search Indexes has
// made them, says nothing more of them and still finds the same events.
import * as assert from 'node:assert/strict';
import { DEFAULT_IDENTITY_RULES } from '../../src/core/identity';
import type { SourceSearchRequest } from '../../src/connectors/reads/search';
import { MongoFixture } from './support/mongoFixture';

const t0 = Date.parse('2026-01-01T00:00:00.000Z');

function orderDocs(): Record<string, unknown>[] {
  return Array.from({ length: 6 }, (_, i) => ({
    aggregate_id: `Order-${Math.floor(i / 3)}`,
    event_type: i % 3 === 0 ? 'OrderCreated' : 'ItemAdded',
    data: { n: i },
    version: (i % 3) + 1,
    timestamp: new Date(t0 + i * 60_000),
    event_id: `e${i}`,
    metadata: { correlation_id: i < 3 ? 'corr-a' : 'corr-b' },
  }));
}

const byCorrelation = (value: string): SourceSearchRequest => ({ source: 'events', window: {}, predicate: { field: 'correlationId', value }, limit: 100 });

describe('MongoDB search indexes on FerretDB', function () {
  this.timeout(60_000);
  const fixture = new MongoFixture('efx_searchidx');

  before(async () => {
    await fixture.start();
    await fixture.db.collection('events').insertMany(orderDocs());
  });
  after(() => fixture.dispose());

  it('reports the uncovered correlation fields, and not once their indexes exist', async () => {
    const store = fixture.open();
    const before = await store.search(byCorrelation('corr-a'));
    assert.deepEqual(before.events.map((e) => e.id), ['e0', 'e1', 'e2']);
    assert.deepEqual(before.unindexed, ['metadata.correlation_id', 'metadata.correlationId']);
    assert.ok(before.notes.some((note) => note.startsWith('No index covers metadata.correlation_id, metadata.correlationId:')), before.notes.join(' | '));
    assert.ok(before.notes.some((note) => note.startsWith('metadata.$correlationId cannot be indexed')), before.notes.join(' | '));

    assert.deepEqual(await store.createSearchIndexes(before.unindexed ?? []), ['metadata.correlation_id', 'metadata.correlationId']);
    const names = (await fixture.db.collection('events').indexes()).map((index) => String(index.name));
    assert.ok(names.includes('search_metadata.correlation_id') && names.includes('search_metadata.correlationId'), names.join(', '));

    const after = await store.search(byCorrelation('corr-a'));
    assert.equal(after.unindexed, undefined);
    assert.ok(!after.notes.some((note) => note.startsWith('No index covers')), after.notes.join(' | '));
    assert.deepEqual(after.events.map((e) => e.id), ['e0', 'e1', 'e2']);
    // Asked again, there is nothing left to create.
    assert.deepEqual(await store.createSearchIndexes(['metadata.correlation_id']), []);
  });

  it('with the identity places narrowed to indexable ones, an indexed search carries no index note at all', async () => {
    const store = fixture.open({ identity: { ...DEFAULT_IDENTITY_RULES, correlationId: ['metadata:correlation_id'] } });
    const result = await store.search(byCorrelation('corr-b'));
    assert.deepEqual(result.events.map((e) => e.id), ['e3', 'e4', 'e5']);
    assert.equal(result.unindexed, undefined);
    assert.deepEqual(result.notes, []);
  });

  it('says so of a field an index is missing on for another predicate, and refuses to index a field its searches never ask for', async () => {
    const store = fixture.open();
    const byType = await store.search({ ...byCorrelation('OrderCreated'), predicate: { field: 'eventType', value: 'OrderCreated' } });
    assert.equal(byType.events.length, 2);
    assert.deepEqual(byType.unindexed, ['event_type']);
    await assert.rejects(store.createSearchIndexes(['data.secret']), /data\.secret is not a field the searches of .* ask for/);
    await assert.rejects(store.createSearchIndexes(['metadata.$correlationId']), /starts with \$/);
  });
});
