// A read that ends early ends on the server too, while a long read of many quick batches completes.
import * as assert from 'node:assert/strict';
import { cursorBatches } from '../../src/connectors/mongo/mongoCursor';
import { MongoFixture } from './support/mongoFixture';

const DOCUMENTS = 2_000;

describe('MongoDB cursors on FerretDB: stopped on the server, bounded per batch', function () {
  this.timeout(60_000);
  const fixture = new MongoFixture('efx_cursor');

  before(async () => {
    await fixture.start();
    const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({ aggregate_id: `a-${String(i % 50).padStart(2, '0')}`, version: Math.floor(i / 50) + 1, data: { n: i } }));
    await fixture.db.collection('events').insertMany(docs);
  });
  after(() => fixture.dispose());

  const sortedFind = (batchSize: number) => fixture.db.collection('events').find({}, { sort: { aggregate_id: 1, version: 1 }, batchSize });

  /** Whether the server still holds the cursor: killCursors names it killed (it was alive) or not found. */
  async function stillOpen(id: bigint): Promise<boolean> {
    const { Long } = await import('mongodb');
    const answer = await fixture.db.command({ killCursors: 'events', cursors: [Long.fromBigInt(id)] });
    return (answer.cursorsKilled as unknown[]).length > 0;
  }

  it('kills the cursor on the server when the read is cancelled', async () => {
    const controller = new AbortController();
    const cursor = sortedFind(100);
    let id: bigint | undefined;
    await assert.rejects(async () => {
      for await (const batch of cursorBatches(cursor, { signal: controller.signal, batchTimeoutMs: 10_000, subject: 'the test events' })) {
        assert.equal(batch.length, 100);
        id = cursor.id?.toBigInt();
        controller.abort();
      }
    }, { name: 'AbortError' });
    assert.ok(id !== undefined && id !== 0n);
    assert.equal(await stillOpen(id), false, 'the cursor was killed on the server');
  });

  it('kills the cursor when the reader stops iterating, and leaves it open otherwise', async () => {
    const cursor = sortedFind(100);
    let id: bigint | undefined;
    for await (const batch of cursorBatches(cursor, { batchTimeoutMs: 10_000, subject: 'the test events' })) {
      assert.ok(batch.length > 0);
      id = cursor.id?.toBigInt();
      break;
    }
    assert.ok(id !== undefined && id !== 0n);
    assert.equal(await stillOpen(id), false);
    // The control: a cursor nobody closed is still there (so the check above can fail).
    const open = sortedFind(100);
    await open.next();
    const openId = open.id?.toBigInt();
    assert.ok(openId !== undefined);
    assert.equal(await stillOpen(openId), true);
    await open.close();
  });

  it('completes a long read of many batches, each well within the bound, whose whole time is beyond it', async () => {
    const boundMs = 400;
    const started = performance.now();
    let count = 0;
    let batches = 0;
    for await (const batch of cursorBatches(sortedFind(50), { batchTimeoutMs: boundMs, subject: 'the test events' })) {
      count += batch.length;
      batches += 1;
      // A slow reader: the bound is on the server's batches, not on the time between them.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(count, DOCUMENTS);
    assert.equal(batches, DOCUMENTS / 50);
    assert.ok(performance.now() - started > boundMs, 'the read as a whole took longer than one batch may');
  });

  it('stops a batch that does not come in time, saying so', async () => {
    // A sorted read of every document cannot produce its first batch in a millisecond.
    const received: number[] = [];
    await assert.rejects(
      async () => {
        for await (const batch of cursorBatches(sortedFind(DOCUMENTS), { batchTimeoutMs: 1, subject: 'the test events' })) received.push(batch.length);
      },
      { name: 'MongoStoreError', message: /sent no batch of the test events within 1 ms; the read was stopped on the server/ },
    );
    assert.deepEqual(received, [], 'the read stopped before any batch arrived');
  });
});
