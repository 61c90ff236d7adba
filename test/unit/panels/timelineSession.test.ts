import * as assert from 'node:assert/strict';
import type { Snapshot } from '../../../src/connectors/eventStore';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { chooseReducer, genericReducer } from '../../../src/core/reducers';
import type { Reducer } from '../../../src/core/reducers/types';
import { replayAll } from '../../../src/core/replay';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';
import { generatedStream, sampleOrderStream } from './timelineEvents';

function orderSession(snapshots: Snapshot[] = []): TimelineSession {
  const { aggregateId, aggregateType, events } = sampleOrderStream();
  return new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, snapshots, reducer: chooseReducer(aggregateType) });
}

function counterSession(count: number, options: { snapshots?: Snapshot[]; checkpointEvery?: number } = {}): TimelineSession {
  return new TimelineSession({ storeLabel: 'Local', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(count), reducer: genericReducer, ...options });
}

/** Counts reducer calls, so replay from a snapshot can be told apart from replay from the start. */
function countingReducer(inner: Reducer): Reducer & { calls: number } {
  const counting = {
    name: inner.name,
    description: inner.description,
    calls: 0,
    initial: () => inner.initial(),
    apply: (state: JsonValue, event: FlowEvent) => {
      counting.calls++;
      return inner.apply(state, event);
    },
  };
  return counting;
}

describe('TimelineSession', () => {
  describe('init and rows', () => {
    it('describes the stream: total, event types in order of first appearance, reducer', () => {
      const init = orderSession().init();
      assert.equal(init.type, 'init');
      assert.equal(init.aggregateId, 'Order-1001');
      assert.equal(init.reducer, 'order');
      assert.equal(init.total, 6);
      assert.deepEqual(init.eventTypes, ['OrderCreated', 'ItemAdded', 'PaymentCompleted', 'OrderPaid', 'OrderShipped']);
      assert.deepEqual(init.warnings, []);
    });

    it('pages rows with stream index, version, type and a summary', () => {
      const session = counterSession(1000);
      const rows = session.rows(100, 50);
      assert.equal(rows.length, 50);
      assert.equal(rows[0]?.index, 100);
      assert.equal(rows[0]?.version, 101);
      assert.equal(rows[0]?.type, 'CounterOpened');
      assert.match(rows[0]?.summary ?? '', /counter=100/);
      assert.equal(rows[49]?.index, 149);
    });

    it('stops at the end of the view and never returns more than a request may ask for', () => {
      const session = counterSession(2000);
      assert.equal(session.rows(1990, 50).length, 10);
      assert.equal(session.rows(2000, 10).length, 0);
      assert.equal(session.rows(0, 100_000).length, 500);
    });

    it('marks snapshot rows and rows with integrity warnings', () => {
      const events = generatedStream(20);
      const gapped = events.filter((event) => event.version !== 8);
      const session = new TimelineSession({
        storeLabel: 'Local',
        aggregateId: 'Counter-1',
        aggregateType: 'Counter',
        events: gapped,
        snapshots: [{ aggregateId: 'Counter-1', version: 5, state: {}, takenAt: '2026-01-05T09:00:00.000Z' }],
        reducer: genericReducer,
      });
      const rows = session.rows(0, 20);
      assert.deepEqual(rows.filter((row) => row.snapshot).map((row) => row.version), [5]);
      const warned = rows.filter((row) => row.warning !== undefined);
      assert.deepEqual(warned.map((row) => row.version), [9]);
      assert.match(warned[0]?.warning ?? '', /8/);
      assert.equal(session.init().warnings.length, 1);
      assert.deepEqual(session.init().snapshotVersions, [5]);
    });
  });

  describe('filter', () => {
    it('shows only the chosen types, and everything again with an empty filter', () => {
      const session = counterSession(100);
      assert.equal(session.setFilter(['LabelChanged']), 20);
      const rows = session.rows(0, 500);
      assert.equal(rows.length, 20);
      assert.ok(rows.every((row) => row.type === 'LabelChanged'));
      assert.deepEqual(rows.slice(0, 3).map((row) => row.index), [3, 8, 13]);
      assert.equal(session.setFilter(['LabelChanged', 'CounterOpened']), 40);
      assert.equal(session.setFilter([]), 100);
      assert.equal(session.rows(0, 500).length, 100);
    });

    it('matches nothing for a type the stream does not have', () => {
      const session = counterSession(10);
      assert.equal(session.setFilter(['NoSuchType']), 0);
      assert.deepEqual(session.rows(0, 10), []);
      assert.equal(session.step('first'), undefined);
    });

    it('keeps a selection the filter hides, with position -1, and steps from it into the view', () => {
      const session = counterSession(100);
      session.select(4); // CounterIncremented
      session.setFilter(['LabelChanged']);
      assert.equal(session.current()?.position, -1);
      assert.equal(session.step('next')?.index, 8);
      session.select(4);
      assert.equal(session.step('previous')?.index, 3);
    });
  });

  describe('steps', () => {
    it('goes first, next, previous, last within the view and stays put at the edges', () => {
      const session = counterSession(50);
      session.setFilter(['CounterOpened']); // indices 0, 5, ..., 45
      assert.equal(session.step('first')?.index, 0);
      assert.equal(session.step('previous')?.index, 0);
      const next = session.step('next');
      assert.equal(next?.index, 5);
      assert.equal(next?.position, 1);
      assert.equal(session.step('last')?.index, 45);
      assert.equal(session.step('next')?.index, 45);
      assert.equal(session.step('previous')?.index, 40);
    });

    it('starts from the first (next) or the last (previous) when nothing is selected', () => {
      assert.equal(counterSession(10).step('next')?.index, 0);
      assert.equal(counterSession(10).step('previous')?.index, 9);
    });

    it('rejects an index outside the stream', () => {
      const session = counterSession(10);
      assert.throws(() => session.select(10), RangeError);
      assert.throws(() => session.select(-1), RangeError);
    });
  });

  describe('detail of the sample Order flow', () => {
    it('replays Order-1001 to paid with total 109.97 and reports what OrderPaid changed', () => {
      const session = orderSession();
      const paid = session.select(4);
      assert.equal(paid.type, 'OrderPaid');
      assert.equal(paid.version, 5);
      assert.equal(paid.position, 4);
      const state = paid.state as { status: string; total: number };
      assert.equal(state.status, 'paid');
      assert.equal(state.total, 109.97);
      assert.ok(paid.changedPaths.includes('status'), `changed: ${paid.changedPaths.join(', ')}`);
      assert.ok(!paid.changedPaths.includes('total'));
      assert.ok(!paid.changedPaths.includes('items'));
      assert.equal(paid.stateTruncated, false);
      assert.equal(paid.fromSnapshot, undefined);
    });

    it('reports the items array and the new element when an item is added', () => {
      const detail = orderSession().select(2);
      assert.equal(detail.type, 'ItemAdded');
      assert.ok(detail.changedPaths.includes('items'));
      assert.ok(detail.changedPaths.some((path) => path.startsWith('items.1')), `changed: ${detail.changedPaths.join(', ')}`);
      assert.ok(detail.changedPaths.includes('total'));
    });

    it('carries the event payload and metadata', () => {
      const { events } = sampleOrderStream();
      const detail = orderSession().select(3);
      assert.equal(detail.id, events[3]?.id);
      assert.deepEqual(detail.data, events[3]?.data);
      assert.deepEqual(detail.metadata, events[3]?.metadata);
      assert.ok(detail.metadata.correlationId);
    });
  });

  describe('snapshots', () => {
    it('replays from the latest snapshot below the selection, giving the same state as a full replay', () => {
      const events = generatedStream(1000);
      const full = replayAll(genericReducer, events);
      const snapshotState = replayAll(genericReducer, events.slice(0, 900));
      const reducer = countingReducer(genericReducer);
      const session = new TimelineSession({
        storeLabel: 'Local',
        aggregateId: 'Counter-1',
        aggregateType: 'Counter',
        events,
        snapshots: [
          { aggregateId: 'Counter-1', version: 500, state: { wrong: true }, takenAt: '' },
          { aggregateId: 'Counter-1', version: 900, state: snapshotState, takenAt: '' },
        ],
        reducer,
      });
      const last = session.step('last');
      assert.equal(last?.fromSnapshot, 900);
      assert.deepEqual(last?.state, full);
      assert.ok(reducer.calls <= 100, `replayed ${reducer.calls} events from the snapshot`);
    });

    it('replays from the start when no snapshot is below the selection', () => {
      const events = generatedStream(100);
      const session = new TimelineSession({
        storeLabel: 'Local',
        aggregateId: 'Counter-1',
        aggregateType: 'Counter',
        events,
        snapshots: [{ aggregateId: 'Counter-1', version: 50, state: { fromSnapshot: true }, takenAt: '' }],
        reducer: genericReducer,
      });
      const early = session.select(20);
      assert.equal(early.fromSnapshot, undefined);
      assert.deepEqual(early.state, replayAll(genericReducer, events.slice(0, 21)));
    });

    it('ignores snapshots past the end of the stream', () => {
      const session = counterSession(10, { snapshots: [{ aggregateId: 'Counter-1', version: 99, state: { bogus: true }, takenAt: '' }] });
      assert.deepEqual(session.init().snapshotVersions, []);
      assert.equal(session.step('last')?.fromSnapshot, undefined);
    });
  });

  describe('export', () => {
    it('exports the whole stream as NDJSON that parses back to the same events, whatever the filter', () => {
      const { events } = sampleOrderStream();
      const session = orderSession();
      session.setFilter(['ItemAdded']);
      const lines = session.exportStream().trimEnd().split('\n');
      assert.equal(lines.length, events.length);
      assert.deepEqual(
        lines.map((line) => JSON.parse(line) as unknown),
        events.map((event) => JSON.parse(JSON.stringify(event)) as unknown),
      );
    });

    it('exports the selected state whole, or the final state when nothing is selected', () => {
      const session = orderSession();
      const final = JSON.parse(session.exportState()) as { status: string };
      assert.equal(final.status, 'shipped');
      session.select(4);
      const paid = JSON.parse(session.exportState()) as { status: string; total: number };
      assert.equal(paid.status, 'paid');
      assert.equal(paid.total, 109.97);
    });

    it('exports a state larger than the display limits without cutting it', () => {
      const big = Array.from({ length: 6000 }, (_, i) => i);
      const events: FlowEvent[] = [
        { id: 'a', type: 'Big', timestamp: '2026-01-05T09:00:00.000Z', data: { big }, version: 1, metadata: {}, source: { system: 'local', file: 'f', line: 1 } },
      ];
      const session = new TimelineSession({ storeLabel: 'Local', aggregateId: 'Big-1', aggregateType: 'Big', events, reducer: genericReducer });
      const detail = session.select(0);
      assert.equal(detail.stateTruncated, true);
      assert.equal(detail.dataTruncated, true);
      const exported = JSON.parse(session.exportState()) as { big: number[] };
      assert.equal(exported.big.length, 6000);
    });
  });

  describe('100,000 events', function () {
    this.timeout(60_000);
    const checkpointEvery = 256;
    let session: TimelineSession;

    before(() => {
      session = counterSession(100_000, { checkpointEvery });
    });

    it('serves rows from anywhere in the stream', () => {
      const rows = session.rows(99_950, 100);
      assert.equal(rows.length, 50);
      assert.equal(rows[49]?.index, 99_999);
    });

    it('costs at most checkpointEvery reducer calls per step once replay has passed that way', () => {
      session.step('last');
      const costs: number[] = [];
      const measure = (run: () => unknown): void => {
        const before = session.appliedCount;
        run();
        costs.push(session.appliedCount - before);
      };
      for (let i = 0; i < 300; i++) measure(() => session.step('previous'));
      measure(() => session.step('first'));
      for (let i = 0; i < 300; i++) measure(() => session.step('next'));
      measure(() => session.step('last'));
      measure(() => session.select(50_000));
      measure(() => session.step('next'));
      assert.ok(Math.max(...costs) <= checkpointEvery, `most expensive step: ${Math.max(...costs)} applies`);
      assert.equal(session.current()?.index, 50_001);
    });

    it('filters to one type and steps within it', () => {
      assert.equal(session.setFilter(['LabelChanged']), 20_000);
      const last = session.step('last');
      assert.equal(last?.index, 99_998);
      assert.equal(last?.position, 19_999);
      assert.equal(session.step('previous')?.index, 99_993);
      session.setFilter([]);
    });
  });
});
