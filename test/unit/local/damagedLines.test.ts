import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { LocalEventStore } from '../../../src/connectors/local';
import { eventLine, readAll, writeFileIn, freshTempStore } from './helpers';

describe('LocalEventStore: damaged lines', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  const temp = freshTempStore();

  const lineOf = (event: { source: { system: string } }): number | undefined =>
    'line' in event.source && typeof event.source.line === 'number' ? event.source.line : undefined;

  it('reports damaged lines in the middle with their line numbers, skips them and keeps them in the file', async () => {
    const original = [
      eventLine('a', 1),
      'this is not json',
      eventLine('a', 2),
      JSON.stringify({ aggregate_id: 'a', aggregate_type: 'Note', event_id: 7, event_type: 'X', version: 3, timestamp: 't', data: {} }),
      '',
      JSON.stringify({ aggregate_id: 'a', aggregate_type: 'Note', event_id: 'x', event_type: 'X', version: 'three', timestamp: 't', data: {} }),
      '[1, 2]',
      eventLine('a', 3),
      '',
    ].join('\n');
    await writeFileIn(temp().eventsFile, original);

    const events = await readAll(temp().store, 'a');
    assert.deepEqual(
      events.map((e) => [e.version, lineOf(e)]),
      [
        [1, 1],
        [2, 3],
        [3, 8],
      ],
    );
    const problems = temp().store.problems();
    assert.deepEqual(
      problems.map((p) => p.line),
      [2, 4, 6, 7],
    );
    assert.match(problems[0].message, /^line 2: not valid JSON \(.+\)$/);
    assert.equal(problems[1].message, 'line 4: field "event_id" must be a string');
    assert.equal(problems[2].message, 'line 6: field "version" must be a positive integer');
    assert.equal(problems[3].message, 'line 7: not a JSON object');

    await temp().store.append('a', 'Note', [{ type: 'Later', data: { ok: true } }], 3);
    const text = await fs.readFile(temp().eventsFile, 'utf8');
    assert.ok(text.startsWith(original), 'everything that was there is still there, unchanged');
    const after = await readAll(temp().store, 'a');
    assert.deepEqual(
      after.map((e) => [e.version, lineOf(e)]),
      [
        [1, 1],
        [2, 3],
        [3, 8],
        [4, 9],
      ],
    );
    assert.deepEqual(
      temp().store.problems().map((p) => p.line),
      [2, 4, 6, 7],
    );
  });

  it('reports a torn last line, keeps it on its own line after the next append, and reads the new event', async () => {
    const torn = eventLine('a', 2).slice(0, 40);
    const original = `${eventLine('a', 1)}\n${torn}`;
    await writeFileIn(temp().eventsFile, original);

    assert.deepEqual(
      (await readAll(temp().store, 'a')).map((e) => e.version),
      [1],
    );
    const [problem] = temp().store.problems();
    assert.equal(problem.line, 2);
    assert.match(problem.message, /^line 2: incomplete last line/);

    assert.deepEqual(await temp().store.append('a', 'Note', [{ type: 'Next', data: 2 }], 1), { fromVersion: 2, toVersion: 2 });
    const text = await fs.readFile(temp().eventsFile, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines[1], torn, 'the torn text stays, alone on its line');
    assert.equal((JSON.parse(lines[2]) as { event_type: string }).event_type, 'Next');
    assert.ok(text.startsWith(original));

    const events = await readAll(temp().store, 'a');
    assert.deepEqual(
      events.map((e) => [e.version, e.type, lineOf(e)]),
      [
        [1, 'Noted', 1],
        [2, 'Next', 3],
      ],
    );
    const problems = temp().store.problems();
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 2);
    assert.match(problems[0].message, /^line 2: not valid JSON/);
  });

  it('sees a torn last line from a fresh instance too, after the append repaired the line break', async () => {
    await writeFileIn(temp().eventsFile, `${eventLine('a', 1)}\n{"aggregate_id":"a","ver`);
    await temp().store.append('a', 'Note', [{ type: 'Next', data: 2 }], 1);
    const fresh = new LocalEventStore({ eventsFile: temp().eventsFile });
    assert.deepEqual(
      (await readAll(fresh, 'a')).map((e) => [e.version, lineOf(e)]),
      [
        [1, 1],
        [2, 3],
      ],
    );
    assert.deepEqual(
      fresh.problems().map((p) => p.line),
      [2],
    );
  });

  it('indexes a whole event that only lacks its final newline, and keeps line numbers right after an append', async () => {
    await writeFileIn(temp().eventsFile, `${eventLine('a', 1)}\n${eventLine('a', 2)}`);
    assert.deepEqual(
      (await readAll(temp().store, 'a')).map((e) => e.version),
      [1, 2],
    );
    assert.deepEqual(temp().store.problems(), []);
    await assert.rejects(temp().store.append('a', 'Note', [{ type: 'X', data: 3 }], 1), /expected version 1 but the stream is at 2/);
    await temp().store.append('a', 'Note', [{ type: 'X', data: 3 }], 2);
    assert.deepEqual(
      (await readAll(temp().store, 'a')).map((e) => [e.version, lineOf(e)]),
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    );
    assert.deepEqual(temp().store.problems(), []);
  });

  it('yields a hand-edited stream in version order whatever order its lines are in', async () => {
    await writeFileIn(temp().eventsFile, `${[eventLine('a', 2), eventLine('b', 1), eventLine('a', 1), eventLine('a', 3)].join('\n')}\n`);
    assert.deepEqual(
      (await readAll(temp().store, 'a')).map((e) => [e.version, lineOf(e)]),
      [
        [1, 3],
        [2, 1],
        [3, 4],
      ],
    );
    assert.deepEqual(
      (await readAll(temp().store, 'a', { fromVersion: 2 })).map((e) => e.version),
      [2, 3],
    );
    assert.equal((await temp().store.listAggregates('Note')).items.find((a) => a.id === 'a')?.version, 3);
  });

  it('reports a line whose aggregate type disagrees with earlier lines of the same aggregate', async () => {
    await writeFileIn(temp().eventsFile, `${eventLine('a', 1, 'X', 'Order')}\n${eventLine('a', 2, 'X', 'User')}\n`);
    await readAll(temp().store, 'a');
    assert.deepEqual(temp().store.problems(), [{ line: 2, message: 'line 2: aggregate a is of type "Order" but this event says "User"' }]);
  });
});
