import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { LocalEventStore } from '../../../src/connectors/local';
import { readAll, runAppender, freshTempStore } from './helpers';

describe('LocalEventStore: several processes on one file', function () {
  // Generous, for hangs only: each child appends one event at a time with an fsync.
  this.timeout(120_000);

  const temp = freshTempStore();

  it('serializes two processes appending 200 events each to the same aggregate: 400 events, versions 1..400', async () => {
    const common = { eventsFile: temp().eventsFile, aggregateId: 'counter-1', aggregateType: 'Counter', count: 200 };
    const [first, second] = await Promise.all([runAppender({ ...common, writer: 'p1' }), runAppender({ ...common, writer: 'p2' })]);
    assert.equal(first.length, 200);
    assert.equal(second.length, 200);

    const events = await readAll(temp().store, 'counter-1');
    assert.equal(events.length, 400);
    assert.deepEqual(
      events.map((e) => e.version),
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 400, 'no event stored twice');
    const storedAt = new Map(events.map((e) => [e.id, e.version]));
    for (const ack of [...first, ...second]) assert.equal(storedAt.get(ack.eventId), ack.version, `${ack.eventId} is where its append said`);
    // Each writer's own events keep their order.
    for (const writer of ['p1', 'p2']) {
      const ns = events.filter((e) => e.id.startsWith(`${writer}-`)).map((e) => (e.data as { n: number }).n);
      assert.deepEqual(
        ns,
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
    }
    assert.deepEqual(temp().store.problems(), []);
    const lines = (await fs.readFile(temp().eventsFile, 'utf8')).split('\n');
    assert.equal(lines.length, 401);
    assert.equal(lines[400], '');
  });

  it('keeps two processes appending to different aggregates from disturbing each other', async () => {
    const [first, second] = await Promise.all([
      runAppender({ eventsFile: temp().eventsFile, aggregateId: 'left', aggregateType: 'Counter', count: 150, writer: 'l' }),
      runAppender({ eventsFile: temp().eventsFile, aggregateId: 'right', aggregateType: 'Counter', count: 150, writer: 'r' }),
    ]);
    assert.deepEqual(
      first.map((a) => a.version),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      second.map((a) => a.version),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    for (const [id, writer] of [
      ['left', 'l'],
      ['right', 'r'],
    ]) {
      const events = await readAll(temp().store, id);
      assert.deepEqual(
        events.map((e) => [e.version, e.id]),
        Array.from({ length: 150 }, (_, i) => [i + 1, `${writer}-${i + 1}`]),
      );
    }
    assert.deepEqual(temp().store.problems(), []);
    assert.deepEqual(await temp().store.listAggregateTypes(), [{ name: 'Counter', aggregateCount: 2 }]);
  });

  it('sees events another process appended, on its next read', async () => {
    await temp().store.append('mine', 'Counter', [{ type: 'Counted', data: 0 }], 0);
    assert.deepEqual(await temp().store.listAggregateTypes(), [{ name: 'Counter', aggregateCount: 1 }]);

    await runAppender({ eventsFile: temp().eventsFile, aggregateId: 'theirs', aggregateType: 'Counter', count: 3, writer: 'x' });
    await runAppender({ eventsFile: temp().eventsFile, aggregateId: 'mine', aggregateType: 'Counter', count: 2, writer: 'y' });

    assert.deepEqual(
      (await temp().store.listAggregates('Counter')).items.map((a) => [a.id, a.version]),
      [
        ['mine', 3],
        ['theirs', 3],
      ],
    );
    const mine = await readAll(temp().store, 'mine');
    assert.deepEqual(
      mine.map((e) => e.version),
      [1, 2, 3],
    );
    assert.deepEqual(
      mine.slice(1).map((e) => e.id),
      ['y-1', 'y-2'],
    );
    // And this instance appends on top of what it just learned about.
    await temp().store.append('mine', 'Counter', [{ type: 'Counted', data: 4 }], 3);
  });

  it('starts over when the file is replaced by a shorter one', async () => {
    await temp().store.append('a', 'T', [{ type: 'X', data: 1 }, { type: 'X', data: 2 }], 0);
    assert.equal((await readAll(temp().store, 'a')).length, 2);
    const other = new LocalEventStore({ eventsFile: `${temp().eventsFile}.new` });
    await other.append('b', 'T', [{ type: 'Y', data: 'b' }], 0);
    await fs.rename(`${temp().eventsFile}.new`, temp().eventsFile);
    assert.deepEqual(await readAll(temp().store, 'a'), []);
    assert.deepEqual(
      (await readAll(temp().store, 'b')).map((e) => e.data),
      ['b'],
    );
  });

  it('starts over when the file is rewritten in place and then grows', async () => {
    await temp().store.append('a', 'T', [{ type: 'X', data: 1 }], 0);
    await readAll(temp().store, 'a');
    const text = await fs.readFile(temp().eventsFile, 'utf8');
    // Same first line length, different aggregate; then another line, so the file only "grew".
    await fs.writeFile(temp().eventsFile, text.replace('"aggregate_id":"a"', '"aggregate_id":"z"') + text);
    assert.deepEqual(
      (await readAll(temp().store, 'z')).map((e) => e.version),
      [1],
    );
    assert.deepEqual(
      (await readAll(temp().store, 'a')).map((e) => e.source.system === 'local' && e.source.line),
      [2],
    );
  });

  it('sees a file deleted by someone else as an empty store', async () => {
    await temp().store.append('a', 'T', [{ type: 'X', data: 1 }], 0);
    await fs.rm(temp().eventsFile);
    assert.deepEqual(await temp().store.listAggregateTypes(), []);
    assert.deepEqual(await temp().store.append('a', 'T', [{ type: 'X', data: 1 }], 0), { fromVersion: 1, toVersion: 1 });
  });
});
