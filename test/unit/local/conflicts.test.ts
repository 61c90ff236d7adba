import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { VersionConflictError } from '../../../src/connectors/eventStore';
import { makeTempStore, readAll, type TempStore } from './helpers';

describe('LocalEventStore: optimistic appends', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  let temp: TempStore;
  beforeEach(async () => {
    temp = await makeTempStore();
    await temp.store.append('order-1', 'Order', [{ type: 'A', data: 1 }, { type: 'B', data: 2 }], 0);
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  for (const expected of [0, 1, 3]) {
    it(`throws VersionConflictError for expected version ${expected} when the stream is at 2, leaving the file byte-identical`, async () => {
      const before = await fs.readFile(temp.eventsFile);
      const error = await temp.store.append('order-1', 'Order', [{ type: 'C', data: 3 }], expected).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof VersionConflictError, `expected a VersionConflictError, got ${String(error)}`);
      assert.equal(error.aggregateId, 'order-1');
      assert.equal(error.expectedVersion, expected);
      assert.equal(error.actualVersion, 2);
      assert.deepEqual(await fs.readFile(temp.eventsFile), before);
      assert.deepEqual(
        (await readAll(temp.store, 'order-1')).map((e) => e.version),
        [1, 2],
      );
    });
  }

  it('throws VersionConflictError when a new aggregate is appended with a non-zero expected version', async () => {
    await assert.rejects(temp.store.append('order-2', 'Order', [{ type: 'A', data: 1 }], 1), VersionConflictError);
  });

  it('lets exactly one of two concurrent appends with the same expected version through', async () => {
    const outcomes = await Promise.allSettled([
      temp.store.append('order-1', 'Order', [{ type: 'First', data: 'x' }], 2),
      temp.store.append('order-1', 'Order', [{ type: 'Second', data: 'y' }], 2),
    ]);
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 1);
    assert.ok(rejected[0].reason instanceof VersionConflictError);
    const events = await readAll(temp.store, 'order-1');
    assert.deepEqual(
      events.map((e) => e.version),
      [1, 2, 3],
    );
  });

  it('takes over a lock left behind by a process that died once it is stale', async function () {
    this.timeout(20_000);
    const stale = await makeTempStore({ lockStaleMs: 2000 });
    try {
      await stale.store.append('a', 'T', [{ type: 'X', data: 1 }], 0);
      const lockFolder = `${stale.eventsFile}.lock`;
      await fs.mkdir(lockFolder);
      const longAgo = new Date(Date.now() - 60_000);
      await fs.utimes(lockFolder, longAgo, longAgo);
      assert.deepEqual(await stale.store.append('a', 'T', [{ type: 'X', data: 2 }], 1), { fromVersion: 2, toVersion: 2 });
      await assert.rejects(fs.stat(lockFolder), { code: 'ENOENT' });
    } finally {
      await stale.cleanup();
    }
  });
});
