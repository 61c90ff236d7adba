/**
 * Two processes appending 1,000 events each to one aggregate, each with the version it last knew: every
 * append is either stored or refused as a conflict (and then retried on the version the error reported).
 * In the end 2,000 events are stored, none lost, none twice, each writer's in its own order.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import type { FlowEvent } from '../../../src/core/envelope';
import { figure } from '../support/figures';
import { resourcesBaseline, settledLeaks } from '../support/handles';
import { startFixture } from './childProcess';

const PER_WRITER = 1_000;

describe('Local store: two processes appending to one aggregate', function () {
  this.timeout(240_000);
  let folder: string;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-two-'));
  });

  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it(`2 × ${PER_WRITER} appends with expected versions: all stored or reported as conflicts, 0 lost, 0 duplicated`, async () => {
    const resources = await resourcesBaseline();
    const eventsFile = path.join(folder, 'events.ndjson');
    const started = performance.now();
    const writers = ['a', 'b'].map((writer) => startFixture('contendingAppender', { eventsFile, aggregateId: 'Counter-1', writer, count: PER_WRITER }));
    const exits = await Promise.all(writers.map((w) => w.exited));
    const seconds = (performance.now() - started) / 1000;
    exits.forEach((exit, i) => assert.equal(exit.code, 0, `writer ${i} failed: ${writers[i].stderr.join('')}`));
    const acks = writers.flatMap((w) => w.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ')));
    const conflicts = writers.reduce((n, w) => n + w.lines.filter((l) => l.startsWith('conflict ')).length, 0);

    const store = new LocalEventStore({ eventsFile });
    const events: FlowEvent[] = [];
    for await (const batch of store.readStream('Counter-1')) events.push(...batch);
    const storedAt = new Map(events.map((e) => [e.id, e.version]));
    const lost = acks.filter(([, version, id]) => storedAt.get(id) !== Number(version)).length;
    const duplicated = events.length - new Set(events.map((e) => e.id)).size;
    figure('local.twoWriters.attempts', acks.length + conflicts);
    figure('local.twoWriters.stored', events.length);
    figure('local.twoWriters.conflictsReported', conflicts);
    figure('local.twoWriters.lost', lost);
    figure('local.twoWriters.duplicated', duplicated);
    figure('local.twoWriters.seconds', Math.round(seconds * 10) / 10);
    assert.equal(acks.length, 2 * PER_WRITER);
    assert.equal(events.length, 2 * PER_WRITER);
    assert.deepEqual(events.map((e) => e.version), events.map((_, i) => i + 1));
    assert.equal(lost, 0);
    assert.equal(duplicated, 0);
    for (const writer of ['a', 'b']) {
      const ns = events.filter((e) => e.id.startsWith(`${writer}-`)).map((e) => (e.data as { n: number }).n);
      assert.deepEqual(ns, Array.from({ length: PER_WRITER }, (_, i) => i + 1), `${writer}'s events out of order`);
    }
    assert.deepEqual(store.problems(), []);
    await store.close();
    assert.deepEqual(await settledLeaks(resources), []);
  });
});
