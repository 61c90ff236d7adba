/** Replay throughput: 1,000,000 events through the `order` reducer via Replayer, against a hand-written loop. */
import * as assert from 'node:assert/strict';
import { orderReducer } from '../src/core/reducers/order';
import { Replayer } from '../src/core/replay';
import { foldOrdersByHand } from './baselines/orderFoldByHand';
import type { Benchmark } from './benchmark';
import { comparedRow, settle, timePair } from './measure';
import { orderStream } from './data/orderStream';

const EVENTS = 1_000_000;
const TARGET_SPEED = 0.8;

export const replayFoldBenchmark: Benchmark = {
  name: 'replay-fold',
  title: 'replay fold of 1,000,000 events through the order reducer',
  target: `≥ ${TARGET_SPEED}× the baseline's speed`,
  async run(context) {
    const events = orderStream(EVENTS);
    // Same answer first: a fast fold of the wrong thing would prove nothing.
    assert.deepStrictEqual(new Replayer(orderReducer, events).fold(), foldOrdersByHand(events));
    await settle();
    const samples = await timePair(
      () => new Replayer(orderReducer, events).fold(),
      () => foldOrdersByHand(events),
      // Folds whose samples spread by a third on this machine: a median of 5 moved between 0.78× and 0.84×.
      { warmup: 1, repetitions: Math.max(context.repetitions, 11) },
    );
    return comparedRow(
      { name: this.name, title: this.title, size: `${EVENTS.toLocaleString('en-US')} events, one aggregate`, target: this.target, note: 'ours: new Replayer(orderReducer).fold() with its checkpoints' },
      samples,
      'hand-written loop',
      (speedup) => speedup >= TARGET_SPEED,
    );
  },
};
