import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { freshTempStore } from './helpers';

describe('LocalEventStore: snapshots', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  const temp = freshTempStore();

  it('writes snapshots beside the events file and lists those of one aggregate by version', async () => {
    await temp().store.writeSnapshot({ aggregateId: 'a', aggregateType: 'Order', version: 10, state: { total: 10 }, takenAt: '2026-01-02T00:00:00.000Z' });
    await temp().store.writeSnapshot({ aggregateId: 'b', version: 1, state: null, takenAt: '2026-01-01T00:00:00.000Z' });
    await temp().store.writeSnapshot({ aggregateId: 'a', aggregateType: 'Order', version: 5, state: { total: 5, items: ['x'] }, takenAt: '2026-01-01T00:00:00.000Z' });

    assert.deepEqual(await temp().store.listSnapshots('a'), [
      { aggregateId: 'a', aggregateType: 'Order', version: 5, state: { total: 5, items: ['x'] }, takenAt: '2026-01-01T00:00:00.000Z' },
      { aggregateId: 'a', aggregateType: 'Order', version: 10, state: { total: 10 }, takenAt: '2026-01-02T00:00:00.000Z' },
    ]);
    assert.deepEqual(await temp().store.listSnapshots('b'), [{ aggregateId: 'b', version: 1, state: null, takenAt: '2026-01-01T00:00:00.000Z' }]);
    assert.deepEqual(await temp().store.listSnapshots('c'), []);

    const file = path.join(path.dirname(temp().eventsFile), 'snapshots.ndjson');
    assert.equal(temp().store.snapshotsFile, file);
    const first = (await fs.readFile(file, 'utf8')).split('\n')[0];
    assert.deepEqual(JSON.parse(first), { aggregate_id: 'a', aggregate_type: 'Order', version: 10, state: { total: 10 }, taken_at: '2026-01-02T00:00:00.000Z' });
    await assert.rejects(fs.stat(temp().eventsFile), { code: 'ENOENT' }, 'a snapshot does not create the events file');
  });

  it('uses the snapshots file it is given', async () => {
    const snapshotsFile = path.join(temp().folder, 'elsewhere', 'snaps.ndjson');
    const store = new LocalEventStore({ eventsFile: temp().eventsFile, snapshotsFile });
    await store.writeSnapshot({ aggregateId: 'a', version: 1, state: 1, takenAt: 't' });
    assert.equal((await fs.readFile(snapshotsFile, 'utf8')).split('\n').length, 2);
    assert.deepEqual(await temp().store.listSnapshots('a'), []);
  });

  it('reports damaged snapshot lines and skips them, and keeps a torn last line apart on the next write', async () => {
    const file = temp().store.snapshotsFile;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify({ aggregate_id: 'a', version: 1, state: 1, taken_at: 't' })}\nnope\n{"aggregate_id":"a","vers`);
    assert.deepEqual(
      (await temp().store.listSnapshots('a')).map((s) => s.version),
      [1],
    );
    assert.deepEqual(
      temp().store.problems().map((p) => p.line),
      [2, 3],
    );
    assert.match(temp().store.problems()[0].message, /^snapshots\.ndjson line 2: not valid JSON/);

    await temp().store.writeSnapshot({ aggregateId: 'a', version: 2, state: 2, takenAt: 't' });
    assert.deepEqual(
      (await temp().store.listSnapshots('a')).map((s) => s.version),
      [1, 2],
    );
    assert.equal((await fs.readFile(file, 'utf8')).split('\n')[2], '{"aggregate_id":"a","vers');
  });

  it('rejects a state that is not JSON-serializable, writing nothing', async () => {
    await assert.rejects(
      temp().store.writeSnapshot({ aggregateId: 'a', version: 1, state: { at: new Date() as never }, takenAt: 't' }),
      /Cannot store the snapshot of a at version 1: state\.at is a Date/,
    );
    await assert.rejects(fs.stat(temp().store.snapshotsFile), { code: 'ENOENT' });
  });
});
