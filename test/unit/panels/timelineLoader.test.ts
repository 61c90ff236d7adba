import * as assert from 'node:assert/strict';
import type { EventStore, ReadProblem, Snapshot } from '../../../src/connectors/eventStore';
import type { FlowEvent } from '../../../src/core/envelope';
import { genericReducer } from '../../../src/core/reducers';
import { loadTimelineSession } from '../../../src/panels/timeline/timelineLoader';
import { generatedStream } from './timelineEvents';

/** An in-memory store that yields a stream in fixed batches and can be told to abort mid-read. */
function fakeStore(events: FlowEvent[], options: { batch: number; snapshots?: Snapshot[]; problems?: ReadProblem[]; onBatch?: (n: number) => void }): EventStore {
  const unused = (): never => {
    throw new Error('not used by the timeline loader');
  };
  return {
    kind: 'local',
    label: '.eventflow/events.ndjson',
    listAggregateTypes: unused,
    listAggregates: unused,
    append: unused,
    writeSnapshot: unused,
    connect: () => Promise.resolve(),
    close: () => Promise.resolve(),
    async *readStream(_aggregateId, readOptions) {
      for (let offset = 0; offset < events.length; offset += options.batch) {
        if (readOptions?.signal?.aborted) return;
        options.onBatch?.(offset);
        await Promise.resolve();
        yield events.slice(offset, offset + options.batch);
      }
    },
    listSnapshots: () => Promise.resolve(options.snapshots ?? []),
    problems: () => options.problems ?? [],
  };
}

describe('loadTimelineSession', () => {
  it('reads every batch, reports progress, and builds a session with the snapshots', async () => {
    const events = generatedStream(2500);
    const progress: number[] = [];
    const session = await loadTimelineSession({
      store: fakeStore(events, { batch: 1000, snapshots: [{ aggregateId: 'Counter-1', version: 2000, state: {}, takenAt: '' }] }),
      aggregateId: 'Counter-1',
      aggregateType: 'Counter',
      reducer: genericReducer,
      onProgress: (loaded) => progress.push(loaded),
    });
    assert.equal(session.total, 2500);
    assert.deepEqual(progress, [1000, 2000, 2500]);
    const init = session.init();
    assert.equal(init.storeLabel, '.eventflow/events.ndjson');
    assert.deepEqual(init.snapshotVersions, [2000]);
  });

  it("shows the store's read problems as warnings that point at no event", async () => {
    const session = await loadTimelineSession({
      store: fakeStore(generatedStream(3), { batch: 10, problems: [{ message: 'Unexpected token } in JSON', line: 7 }] }),
      aggregateId: 'Counter-1',
      aggregateType: 'Counter',
      reducer: genericReducer,
    });
    const [warning] = session.init().warnings;
    assert.equal(warning?.kind, 'damaged');
    assert.equal(warning?.index, -1);
    assert.match(warning?.message ?? '', /line 7: Unexpected token/);
    assert.ok(session.rows(0, 3).every((row) => row.warning === undefined));
  });

  it('stops with an AbortError when the signal fires during the read', async () => {
    const controller = new AbortController();
    const store = fakeStore(generatedStream(5000), { batch: 1000, onBatch: (offset) => offset === 2000 && controller.abort() });
    await assert.rejects(
      loadTimelineSession({ store, aggregateId: 'Counter-1', aggregateType: 'Counter', reducer: genericReducer, signal: controller.signal }),
      (error: Error) => error.name === 'AbortError',
    );
  });
});
