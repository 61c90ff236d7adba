import { strict as assert } from 'node:assert';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { genericReducer } from '../../../src/core/reducers/generic';
import { orderReducer } from '../../../src/core/reducers/order';
import { NotApplied, type Reducer } from '../../../src/core/reducers/types';
import { Replayer, replayAll } from '../../../src/core/replay';
import { sampleOrderFlows } from '../../../src/core/samples';
import { flowEvent, numberedEvents, sampleToFlowEvents } from './flowEvents';

type Tally = { count: number; sum: number; lastVersion: number };

/** Cheap and order-sensitive: any event skipped, repeated or reordered shows in the state. */
const tallyReducer: Reducer<Tally> = {
  name: 'tally',
  description: 'counts events',
  initial: () => ({ count: 0, sum: 0, lastVersion: 0 }),
  apply: (state, event) => ({
    count: state.count + 1,
    sum: (state.sum * 31 + (event.version ?? 0)) % 1_000_000_007,
    lastVersion: event.version ?? state.lastVersion,
  }),
};

/** The state after each prefix, computed the slow obvious way. */
function prefixStates<S extends JsonValue>(reducer: Reducer<S>, events: readonly FlowEvent[]): S[] {
  const states: S[] = [];
  let state = reducer.initial();
  for (const event of events) {
    const next = reducer.apply(state, event);
    if (!(next instanceof NotApplied)) state = next;
    states.push(state);
  }
  return states;
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

describe('replayAll', () => {
  it('folds the sample order to its final state', () => {
    const events = sampleToFlowEvents(sampleOrderFlows()[0]);
    const state = replayAll(orderReducer, events);
    assert.equal(state.status, 'shipped');
    assert.equal(state.total, 109.97);
    assert.equal(state.version, events.length);
  });

  it('returns the initial state for no events', () => {
    assert.deepEqual(replayAll(genericReducer, []), {});
  });
});

describe('Replayer', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('gives the same state as replaying each prefix from scratch, for every index', () => {
    const events = numberedEvents(1000);
    const expected = prefixStates(genericReducer, events);
    const replayer = new Replayer(genericReducer, events, { checkpointEvery: 32 });
    for (const index of [999, 0, 500, 31, 32, 33, 998, 1, 640, 639, 641]) {
      assert.deepEqual(replayer.stateAt(index), expected[index], `index ${index}`);
    }
    for (let index = 0; index < events.length; index++) assert.deepEqual(replayer.stateAt(index), expected[index]);
    assert.deepEqual(replayer.fold(), replayAll(genericReducer, events));
  });

  it('gives the initial state at index -1 and refuses indexes outside the stream', () => {
    const events = numberedEvents(10);
    const replayer = new Replayer(tallyReducer, events);
    assert.deepEqual(replayer.stateAt(-1), tallyReducer.initial());
    assert.throws(() => replayer.stateAt(10), RangeError);
    assert.throws(() => replayer.stateAt(-2), RangeError);
    assert.throws(() => replayer.stateAt(1.5), RangeError);
    assert.throws(() => new Replayer(tallyReducer, events, { checkpointEvery: 0 }), RangeError);
  });

  it('folds an empty stream to the initial state', () => {
    const replayer = new Replayer(tallyReducer, []);
    assert.deepEqual(replayer.fold(), tallyReducer.initial());
    assert.equal(replayer.appliedCount, 0);
  });

  it('builds checkpoints on the first far jump, then costs at most checkpointEvery applies per jump', () => {
    const events = numberedEvents(100_000);
    const checkpointEvery = 256;
    const replayer = new Replayer(tallyReducer, events, { checkpointEvery });

    const last = replayer.stateAt(events.length - 1);
    assert.equal(replayer.appliedCount, events.length, 'the first jump replays exactly up to the target');
    assert.equal(last.count, events.length);

    const random = seededRandom(7);
    let worst = 0;
    for (let jump = 0; jump < 2000; jump++) {
      const index = Math.floor(random() * events.length);
      const before = replayer.appliedCount;
      const state = replayer.stateAt(index);
      const cost = replayer.appliedCount - before;
      worst = Math.max(worst, cost);
      assert.ok(cost <= checkpointEvery, `jump to ${index} cost ${cost} applies`);
      assert.equal(state.count, index + 1);
      assert.equal(state.lastVersion, index + 1);
    }
    assert.ok(worst > 0, 'jumps between checkpoints do replay');
  });

  it('steps forward one event with one apply, and back to a checkpoint with none', () => {
    const replayer = new Replayer(tallyReducer, numberedEvents(1000), { checkpointEvery: 100 });
    replayer.stateAt(550);
    const before = replayer.appliedCount;
    replayer.stateAt(551);
    replayer.stateAt(552);
    assert.equal(replayer.appliedCount - before, 2);
    const atCheckpoint = replayer.appliedCount;
    assert.equal(replayer.stateAt(499).count, 500);
    assert.equal(replayer.appliedCount, atCheckpoint);
  });

  it('only builds checkpoints as far as replay has gone', () => {
    const replayer = new Replayer(tallyReducer, numberedEvents(10_000), { checkpointEvery: 100 });
    replayer.stateAt(250);
    assert.equal(replayer.appliedCount, 251);
    // Jumping further on starts from the furthest point reached, not from the beginning.
    replayer.stateAt(5000);
    assert.equal(replayer.appliedCount, 5001);
  });

  it('hands out states that later jumps do not change (the reducer must not mutate)', () => {
    const events = numberedEvents(300);
    const replayer = new Replayer(genericReducer, events, { checkpointEvery: 16 });
    const early = replayer.stateAt(20);
    const copy = JSON.parse(JSON.stringify(early)) as JsonValue;
    replayer.fold();
    replayer.stateAt(21);
    assert.deepEqual(early, copy);
  });

  describe('from a snapshot', () => {
    const events = numberedEvents(50);
    const snapshotVersion = 20;
    const snapshotState = prefixStates(tallyReducer, events)[snapshotVersion - 1];

    it('starts from the snapshot state and skips events it already covers', () => {
      const replayer = new Replayer(tallyReducer, events, { start: { version: snapshotVersion, state: snapshotState } });
      assert.deepEqual(replayer.stateAt(-1), snapshotState);
      assert.deepEqual(replayer.stateAt(snapshotVersion - 1), snapshotState, 'indexes the snapshot covers show it');
      assert.equal(replayer.appliedCount, 0);
      assert.deepEqual(replayer.fold(), replayAll(tallyReducer, events));
      assert.equal(replayer.appliedCount, events.length - snapshotVersion);
    });

    it('replays only the tail when handed only the tail', () => {
      const tail = events.slice(snapshotVersion);
      const replayer = new Replayer(tallyReducer, tail, { start: { version: snapshotVersion, state: snapshotState } });
      assert.deepEqual(replayer.fold(), replayAll(tallyReducer, events));
      assert.equal(replayer.stateAt(0).lastVersion, snapshotVersion + 1);
    });

    it('applies events that carry no version', () => {
      const unversioned = [flowEvent('Note', { text: 'a' }), flowEvent('Note', { text: 'b' })];
      const replayer = new Replayer(genericReducer, unversioned, { start: { version: 5, state: { version: 5, old: true } } });
      assert.deepEqual(replayer.fold(), { version: 7, old: true, text: 'b', lastEventType: 'Note' });
    });

    it('jumps within the snapshot-backed stream at the same bound', () => {
      const long = numberedEvents(5000);
      const start = { version: 1000, state: prefixStates(tallyReducer, long)[999] };
      const replayer = new Replayer(tallyReducer, long, { checkpointEvery: 64, start });
      replayer.fold();
      const random = seededRandom(3);
      for (let jump = 0; jump < 300; jump++) {
        const index = Math.floor(random() * long.length);
        const before = replayer.appliedCount;
        const state = replayer.stateAt(index);
        assert.ok(replayer.appliedCount - before <= 64);
        assert.equal(state.count, Math.max(index + 1, 1000));
      }
    });
  });
});

describe('Replayer: events not applied', () => {
  const events = [
    flowEvent('OrderCreated', { orderId: 'o-1' }, { version: 1 }),
    flowEvent('ItemAdded', { sku: 'A', unitPrice: 2 }, { version: 2 }),
    flowEvent('NoteAdded', { note: 'x' }, { version: 3 }),
    flowEvent('ItemAdded', { sku: 'B' }, { version: 4 }),
    flowEvent('ItemAdded', { sku: 'C', unitPrice: 1 }, { version: 5 }),
  ];

  it('lists each once, in stream order, however replay jumps back and forth', () => {
    const replayer = new Replayer(orderReducer, events, { checkpointEvery: 2 });
    replayer.stateAt(3);
    replayer.stateAt(0);
    replayer.stateAt(4);
    replayer.stateAt(2);
    assert.deepEqual(
      replayer.notApplied().map((skipped) => [skipped.index, skipped.version, skipped.eventType, skipped.reason]),
      [
        [2, 3, 'NoteAdded', 'the order reducer has no rule for NoteAdded'],
        [3, 4, 'ItemAdded', 'ItemAdded for B has no usable unitPrice, unit_price or price'],
      ],
    );
    assert.equal(replayer.notAppliedAt(3)?.eventId, events[3].id);
    assert.equal(replayer.notAppliedAt(4), undefined);
  });

  it('leaves the state of a row not applied equal to the row before it', () => {
    const replayer = new Replayer(orderReducer, events);
    assert.deepEqual(replayer.stateAt(2), replayer.stateAt(1));
    assert.equal(replayer.fold().total, 3);
    assert.equal(replayer.notApplied().length, 2);
  });

  it('lists only what replay has passed so far', () => {
    const replayer = new Replayer(orderReducer, events);
    replayer.stateAt(2);
    assert.deepEqual(
      replayer.notApplied().map((skipped) => skipped.index),
      [2],
    );
  });
});
