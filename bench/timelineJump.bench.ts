/**
 * Jumping to a random version of a loaded 100,000-event stream through TimelineSession.select (what the
 * panel calls for a click in the list), against replaying from version 0 to the same event.
 */
import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../src/core/envelope';
import type { JsonValue } from '../src/core/json';
import { orderReducer } from '../src/core/reducers/order';
import type { Reducer } from '../src/core/reducers/types';
import { answerTimelineRequest } from '../src/panels/timeline/timelineMessages';
import { TimelineSession } from '../src/panels/timeline/timelineSession';
import type { Benchmark } from './benchmark';
import { comparedRow, settle } from './measure';
import { orderStream } from './data/orderStream';
import { seededRandom } from './random';

const EVENTS = 100_000;
const JUMPS = 100;
const WARMUP_JUMPS = 10;
const MAX_MEDIAN_MS = 20;
const MIN_SPEEDUP = 50;

function replayFromStart(reducer: Reducer<JsonValue>, events: readonly FlowEvent[], index: number): JsonValue {
  let state = reducer.initial();
  for (let i = 0; i <= index; i++) state = reducer.apply(state, events[i]);
  return state;
}

export const timelineJumpBenchmark: Benchmark = {
  name: 'timeline-jump',
  title: 'jump to a random version of a loaded 100,000-event stream (TimelineSession.select)',
  target: `≤ ${MAX_MEDIAN_MS} ms median and ≥ ${MIN_SPEEDUP}× faster than the baseline`,
  async run() {
    const events = orderStream(EVENTS);
    const reducer = orderReducer as unknown as Reducer<JsonValue>;
    const session = new TimelineSession({ storeLabel: 'bench', aggregateId: 'Order-1', aggregateType: 'Order', events, reducer });
    // Loading as the panel does: the webview says ready, gets init, and the timeline opens at the last event.
    answerTimelineRequest(session, { type: 'ready' });
    answerTimelineRequest(session, { type: 'step', to: 'last' });
    const random = seededRandom(20261126);
    const targets = Array.from({ length: JUMPS + WARMUP_JUMPS }, () => Math.floor(random() * EVENTS));
    // Same state as a replay from the start, or the speed means nothing.
    assert.deepStrictEqual(session.select(targets[0]).state, replayFromStart(reducer, events, targets[0]));
    await settle();
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let k = 0; k < targets.length; k++) {
      const index = targets[k];
      let started = performance.now();
      session.select(index);
      const oursMs = performance.now() - started;
      started = performance.now();
      replayFromStart(reducer, events, index);
      const baselineMs = performance.now() - started;
      if (k >= WARMUP_JUMPS) {
        ours.push(oursMs);
        baseline.push(baselineMs);
      }
    }
    const sorted = [...ours].sort((a, b) => a - b);
    return comparedRow(
      {
        name: this.name,
        title: this.title,
        size: `${EVENTS.toLocaleString('en-US')} events (order reducer), ${JUMPS} jumps`,
        target: this.target,
        note: 'ours includes building the detail the webview gets (state, diff, payload truncation)',
        extra: { p95OursMs: Math.round(sorted[Math.floor(sorted.length * 0.95)] * 1000) / 1000 },
      },
      { ours, baseline },
      'replay from version 0',
      (speedup, figure) => speedup >= MIN_SPEEDUP && figure.median <= MAX_MEDIAN_MS,
    );
  },
};
