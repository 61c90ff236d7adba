// The unique-index check and repair, binary and non-JSON payloads, and documents that cannot be events.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Binary } from 'mongodb';
import { collectBatches, MongoFixture } from './support/mongoFixture';

describe('MongoEventStore on FerretDB: index check and stored data', function () {
  this.timeout(60_000);
  const fixture = new MongoFixture('efx_data');

  before(() => fixture.start());
  after(() => fixture.dispose());

  describe('checkIndex / ensureIndexes', () => {
    it('reports a missing index, and ensureIndexes creates the unique one', async () => {
      await fixture.db.collection('noindex').insertOne({ aggregate_id: 'a', event_type: 'X', data: {}, version: 1, timestamp: new Date() });
      const store = fixture.open({ eventsCollection: 'noindex' });
      const missing = await store.checkIndex();
      assert.equal(missing.ok, false);
      assert.match(missing.message, /No index on \(aggregate_id, version\)/);
      await store.ensureIndexes();
      assert.equal((await store.checkIndex()).ok, true);
      // Idempotent.
      await store.ensureIndexes();
      assert.equal((await store.checkIndex()).ok, true);
    });

    it('reports a missing index on a collection that does not exist yet', async () => {
      const store = fixture.open({ eventsCollection: 'never_written' });
      assert.equal((await store.checkIndex()).ok, false);
    });

    it('reports a non-unique index, and ensureIndexes replaces it so that conflicts are detected', async () => {
      const collection = fixture.db.collection('nonunique');
      await collection.createIndex({ aggregate_id: 1, version: 1 }, { name: 'plain' });
      const store = fixture.open({ eventsCollection: 'nonunique' });
      const check = await store.checkIndex();
      assert.equal(check.ok, false);
      assert.match(check.message, /not unique/);
      await store.ensureIndexes();
      const fixed = await store.checkIndex();
      assert.equal(fixed.ok, true, fixed.message);
      await store.append('a', 'T', [{ type: 'X', data: {} }], 0);
      await assert.rejects(collection.insertOne({ aggregate_id: 'a', version: 1 }), /duplicate key|E11000/);
    });

    it('does not count an index with a third key as the unique (id, version) index', async () => {
      const collection = fixture.db.collection('threekeys');
      await collection.createIndex({ aggregate_id: 1, version: 1, tenant: 1 }, { unique: true });
      const store = fixture.open({ eventsCollection: 'threekeys' });
      assert.equal((await store.checkIndex()).ok, false);
    });
  });

  describe('payloads and damaged documents', () => {
    const bytes = randomBytes(300);
    before(async () => {
      bytes[0] = 0; // a NUL settles it: binary, not text
      await fixture.db.collection('payloads').insertMany([
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'Raw', data: new Binary(bytes), version: 1, timestamp: new Date(0) },
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'Text', data: new Binary(Buffer.from('héllo, world', 'utf8')), version: 2, timestamp: new Date(0) },
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'Json', data: new Binary(Buffer.from('{"a":[1,2]}', 'utf8')), version: 3, timestamp: new Date(0) },
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'NoData', version: 4, timestamp: new Date(0) },
        { aggregate_id: 'p-1', aggregate_type: 'P', version: 5, timestamp: new Date(0), data: {} },
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'BadVersion', version: 'six', timestamp: new Date(0), data: {} },
        { aggregate_id: 'p-1', aggregate_type: 'P', event_type: 'After', version: 7, timestamp: new Date(0), data: { fine: true } },
        { aggregate_type: 'P', event_type: 'Orphan', version: 1, timestamp: new Date(0), data: {} },
      ]);
    });

    it('keeps binary, text and JSON bytes with a preview, and reports documents that are not events', async () => {
      const store = fixture.open({ eventsCollection: 'payloads' });
      const skipped: string[] = [];
      const { items } = await collectBatches(store.readStream('p-1', { onProblem: (p) => skipped.push(p.message) }));
      assert.deepEqual(items.map((e) => [e.version, e.type]), [
        [1, 'Raw'],
        [2, 'Text'],
        [3, 'Json'],
        [4, 'NoData'],
        [7, 'After'],
      ]);
      const [raw, text, json, noData] = items;
      assert.equal(raw.payload?.kind, 'binary');
      assert.equal(raw.payload?.size, 300);
      assert.deepEqual(Buffer.from(raw.payload?.base64 ?? '', 'base64'), bytes, 'every byte kept');
      assert.equal(text.payload?.kind, 'text');
      assert.equal(text.data, 'héllo, world');
      assert.equal(Buffer.from(text.payload?.base64 ?? '', 'base64').toString('utf8'), 'héllo, world');
      assert.deepEqual(json.data, { a: [1, 2] });
      assert.equal(json.payload, undefined, 'small JSON needs no preview');
      assert.equal(noData.data, null);
      // The problems come back with the read that found them; the store keeps no list of its own.
      assert.deepEqual(store.problems(), []);
      const problems = skipped;
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0], /"event_type" is not a string/);
      assert.match(problems[1], /"version" is not a whole number/);
    });

    it('a document without an aggregate id is not listed as an aggregate', async () => {
      const store = fixture.open({ eventsCollection: 'payloads' });
      const page = await store.listAggregates('P');
      assert.deepEqual(page.items.map((a) => a.id), ['p-1']);
    });
  });
});
