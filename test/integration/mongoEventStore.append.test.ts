// Optimistic appends against a real server: stale expected versions, 100 writers racing on one
// aggregate, a multi-event append that loses part way, and snapshots.
import * as assert from 'node:assert/strict';
import type { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { VersionConflictError } from '../../src/connectors/eventStore';
import { collectBatches, MongoFixture } from './support/mongoFixture';

const WRITERS = 100;
/**
 * Nearly every attempt loses (one winner per round of 100 writers), so the work is about writers × events
 * × tries appends, and FerretDB on SQLite serves one in ~40 ms on a busy 2-core machine (every non-_id
 * query scans the collection) when other suites share it. The default suite runs
 * 100 writers × 10 events (~20 s); EFX_RACE_EVENTS_PER_WRITER=100 runs the full race.
 */
const EVENTS_PER_WRITER = Number(process.env.EFX_RACE_EVENTS_PER_WRITER ?? 10);
/** A writer gives up on an event after this many conflicts in a row and reports it as a conflict. */
const MAX_TRIES = 3;

function figure(name: string, value: string | number): void {
  console.log(`      ${name}: ${value}`);
}

async function versionsOf(store: MongoEventStore, id: string): Promise<number[]> {
  const { items } = await collectBatches(store.readStream(id, { batchSize: 5000 }));
  return items.map((e) => e.version ?? -1);
}

describe('MongoEventStore on FerretDB: appends and snapshots', function () {
  this.timeout(180_000);
  const fixture = new MongoFixture('efx_append');
  let store: MongoEventStore;

  before(async () => {
    await fixture.start();
    store = fixture.open({ timeoutMs: 30_000 });
    await store.ensureIndexes();
    assert.equal((await store.checkIndex()).ok, true);
  });
  after(() => fixture.dispose());

  it('appends to a new aggregate, then after its version', async () => {
    assert.deepEqual(await store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: { total: 1 } }], 0), { fromVersion: 1, toVersion: 1 });
    assert.deepEqual(
      await store.append('Order-1', 'Order', [{ type: 'ItemAdded', data: { sku: 'a' } }, { type: 'ItemAdded', data: { sku: 'b' } }], 1),
      { fromVersion: 2, toVersion: 3 },
    );
    const { items } = await collectBatches(store.readStream('Order-1'));
    assert.deepEqual(items.map((e) => [e.version, e.type, e.aggregateType]), [
      [1, 'OrderCreated', 'Order'],
      [2, 'ItemAdded', 'Order'],
      [3, 'ItemAdded', 'Order'],
    ]);
    assert.deepEqual(items[2].data, { sku: 'b' });
  });

  it('refuses a stale expected version with VersionConflictError and writes nothing', async () => {
    await store.append('Order-2', 'Order', [{ type: 'OrderCreated', data: {} }, { type: 'OrderPaid', data: {} }], 0);
    for (const stale of [0, 1, 3]) {
      await assert.rejects(
        store.append('Order-2', 'Order', [{ type: 'OrderShipped', data: {} }], stale),
        (error: unknown) => error instanceof VersionConflictError && error.expectedVersion === stale && error.actualVersion === 2,
      );
    }
    assert.deepEqual(await versionsOf(store, 'Order-2'), [1, 2]);
    assert.equal(await fixture.db.collection('events').countDocuments({ aggregate_id: 'Order-2', event_type: 'OrderShipped' }), 0);
  });

  it('rejects an empty append and non-JSON data before writing, as the Local store does', async () => {
    await assert.rejects(store.append('Order-3', 'Order', [], 0), RangeError);
    await assert.rejects(store.append('Order-3', 'Order', [{ type: 'X', data: { when: new Date() } as never }], 0), TypeError);
    await assert.rejects(store.append('Order-3', 'Order', [{ type: 'X', data: {} }], -1), RangeError);
    assert.equal(await fixture.db.collection('events').countDocuments({ aggregate_id: 'Order-3' }), 0);
  });

  it('a multi-event append that collides part way leaves nothing of itself behind', async () => {
    await store.append('Order-4', 'Order', [{ type: 'OrderCreated', data: {} }, { type: 'ItemAdded', data: { n: 2 } }], 0);
    // Another writer (not going through this store) took version 4 while we meant to write 3, 4 and 5.
    await fixture.db.collection('events').insertOne({ aggregate_id: 'Order-4', aggregate_type: 'Order', event_type: 'Foreign', data: {}, version: 4, timestamp: new Date() });
    await assert.rejects(
      store.append('Order-4', 'Order', [{ type: 'Mine', data: { n: 3 } }, { type: 'Mine', data: { n: 4 } }, { type: 'Mine', data: { n: 5 } }], 2),
      (error: unknown) => error instanceof VersionConflictError && error.actualVersion === 4,
    );
    assert.equal(await fixture.db.collection('events').countDocuments({ aggregate_id: 'Order-4', event_type: 'Mine' }), 0);
    const { items } = await collectBatches(store.readStream('Order-4'));
    assert.deepEqual(items.map((e) => [e.version, e.type]), [
      [1, 'OrderCreated'],
      [2, 'ItemAdded'],
      [4, 'Foreign'],
    ]);
  });

  it(`${WRITERS} concurrent writers appending ${EVENTS_PER_WRITER} events each to one aggregate: none lost, none duplicated`, async function () {
    this.timeout(Math.max(180_000, WRITERS * EVENTS_PER_WRITER * MAX_TRIES * 100));
    const id = 'Counter-race';
    // A collection of its own: FerretDB scans the whole collection for every non-_id query, so the race
    // pays only for its own events. Each writer has its own store (own pool), as separate processes would.
    const writers = Array.from({ length: WRITERS }, () => fixture.open({ eventsCollection: 'race', timeoutMs: 60_000 }));
    await writers[0].ensureIndexes();
    const conflicts = new Set<string>();
    let retries = 0;
    const started = Date.now();
    await Promise.all(
      writers.map(async (writer, w) => {
        let expected = 0;
        for (let n = 0; n < EVENTS_PER_WRITER; n++) {
          const eventId = `w${w}-e${n}`;
          let stored = false;
          for (let attempt = 1; attempt <= MAX_TRIES && !stored; attempt++) {
            try {
              const result = await writer.append(id, 'Counter', [{ id: eventId, type: 'Incremented', data: { w, n } }], expected);
              expected = result.toVersion;
              stored = true;
            } catch (error) {
              if (!(error instanceof VersionConflictError)) throw error;
              // The error carries the version the store re-read after losing: the retry starts there.
              expected = error.actualVersion;
              if (attempt < MAX_TRIES) retries++;
            }
          }
          if (!stored) conflicts.add(eventId);
        }
      }),
    );
    const elapsed = Date.now() - started;
    for (const writer of writers) await writer.close();

    const reader = fixture.open({ eventsCollection: 'race', timeoutMs: 60_000 });
    const { items } = await collectBatches(reader.readStream(id, { batchSize: 5000 }));
    const storedIds = items.map((e) => e.id);
    figure('attempted', WRITERS * EVENTS_PER_WRITER);
    figure('stored', storedIds.length);
    figure('conflicts (gave up)', conflicts.size);
    figure('retries', retries);
    figure('time ms', elapsed);
    assert.equal(new Set(storedIds).size, storedIds.length, 'no event stored twice');
    assert.deepEqual(items.map((e) => e.version), Array.from({ length: items.length }, (_, i) => i + 1), 'versions 1..N with no gap');
    for (const eventId of storedIds) assert.ok(!conflicts.has(eventId), `${eventId} both stored and reported as a conflict`);
    assert.equal(storedIds.length + conflicts.size, WRITERS * EVENTS_PER_WRITER, 'every event stored once or reported');
    assert.ok(storedIds.length > 0);
  });

  it(`${WRITERS} concurrent writers each appending a batch of 100 events to one aggregate: every event stored once or reported`, async function () {
    this.timeout(300_000);
    const id = 'Counter-batches';
    const perWriter = 100;
    const writers = Array.from({ length: WRITERS }, () => fixture.open({ eventsCollection: 'batch_race', timeoutMs: 60_000 }));
    await writers[0].ensureIndexes();
    const reported = new Set<string>();
    const storedBatches = new Set<number>();
    const started = Date.now();
    // Every writer read version 0 and appends its 100 events in one call: one batch wins each version,
    // the rest collide part way through their ordered insert and must leave nothing of themselves behind.
    await Promise.all(
      writers.map(async (writer, w) => {
        const batch = Array.from({ length: perWriter }, (_, n) => ({ id: `b${w}-e${n}`, type: 'Incremented', data: { w, n } }));
        try {
          await writer.append(id, 'Counter', batch, 0);
          storedBatches.add(w);
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          for (const event of batch) reported.add(event.id);
        }
      }),
    );
    const elapsed = Date.now() - started;
    for (const writer of writers) await writer.close();
    const reader = fixture.open({ eventsCollection: 'batch_race', timeoutMs: 60_000 });
    const { items } = await collectBatches(reader.readStream(id, { batchSize: 5000 }));
    const storedIds = items.map((e) => e.id);
    figure('batch race: events attempted', WRITERS * perWriter);
    figure('batch race: stored', storedIds.length);
    figure('batch race: reported as conflicts', reported.size);
    figure('batch race: time ms', elapsed);
    assert.equal(storedBatches.size, 1, 'exactly one batch wins version 1');
    assert.equal(new Set(storedIds).size, storedIds.length, 'no event stored twice');
    assert.deepEqual(items.map((e) => e.version), Array.from({ length: perWriter }, (_, i) => i + 1), 'the winner is whole: versions 1..100');
    const [winner] = storedBatches;
    assert.ok(storedIds.every((eventId) => eventId.startsWith(`b${winner}-`)), 'only the winning batch is stored: no partial batch of a loser remains');
    for (const eventId of storedIds) assert.ok(!reported.has(eventId), `${eventId} both stored and reported`);
    assert.equal(storedIds.length + reported.size, WRITERS * perWriter, 'every event stored once or reported');
  });

  describe('snapshots', () => {
    it('writes, lists in version order, and replaces a snapshot of the same version', async () => {
      assert.deepEqual(await store.listSnapshots('Order-1'), []);
      await store.writeSnapshot({ aggregateId: 'Order-1', aggregateType: 'Order', version: 3, state: { items: 2 }, takenAt: '2026-01-02T00:00:00.000Z' });
      await store.writeSnapshot({ aggregateId: 'Order-1', aggregateType: 'Order', version: 1, state: { items: 0 }, takenAt: '2026-01-01T00:00:00.000Z' });
      await store.writeSnapshot({ aggregateId: 'Order-2', version: 2, state: null, takenAt: '2026-01-01T00:00:00.000Z' });
      assert.deepEqual(await store.listSnapshots('Order-1'), [
        { aggregateId: 'Order-1', aggregateType: 'Order', version: 1, state: { items: 0 }, takenAt: '2026-01-01T00:00:00.000Z' },
        { aggregateId: 'Order-1', aggregateType: 'Order', version: 3, state: { items: 2 }, takenAt: '2026-01-02T00:00:00.000Z' },
      ]);
      await store.writeSnapshot({ aggregateId: 'Order-1', aggregateType: 'Order', version: 3, state: { items: 2, fixed: true }, takenAt: '2026-01-03T00:00:00.000Z' });
      const after = await store.listSnapshots('Order-1');
      assert.equal(after.length, 2);
      assert.deepEqual(after[1], { aggregateId: 'Order-1', aggregateType: 'Order', version: 3, state: { items: 2, fixed: true }, takenAt: '2026-01-03T00:00:00.000Z' });
      assert.equal(await fixture.db.collection('snapshots').countDocuments({ aggregate_id: 'Order-1', version: 3 }), 1);
      assert.deepEqual(await store.listSnapshots('Order-2'), [{ aggregateId: 'Order-2', version: 2, state: null, takenAt: '2026-01-01T00:00:00.000Z' }]);
    });

    it('rejects a snapshot whose state is not JSON', async () => {
      await assert.rejects(store.writeSnapshot({ aggregateId: 'Order-1', version: 9, state: { n: Number.NaN }, takenAt: '2026-01-01T00:00:00.000Z' }), TypeError);
    });
  });
});
