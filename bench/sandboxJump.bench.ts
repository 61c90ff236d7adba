/**
 * Jumping to a random version of a 100,000-event stream held in the sandbox (a workspace reducer, one
 * round trip to the worker), against replaying from version 0 in the same sandbox.
 */
import * as assert from 'node:assert/strict';
import { ReducerSandbox } from '../src/sandbox/reducerSandbox';
import type { Benchmark } from './benchmark';
import { comparedRow, round, settle } from './measure';
import { orderStream } from './data/orderStream';
import { seededRandom } from './random';
import { BENCH_ORDER_REDUCER_JS, writeWorkspaceFile } from './sandbox/workspaceFiles';

const EVENTS = 100_000;
const JUMPS = 100;
const WARMUP_JUMPS = 10;
const MAX_MEDIAN_MS = 20;

export const sandboxJumpBenchmark: Benchmark = {
  name: 'sandbox-jump',
  title: 'jump to a random version, 100,000 events, workspace reducer in the sandbox',
  target: `≤ ${MAX_MEDIAN_MS} ms median`,
  async run(context) {
    const events = orderStream(EVENTS);
    const file = writeWorkspaceFile(context.cacheDir, 'reducers/order.js', BENCH_ORDER_REDUCER_JS);
    const sandbox = new ReducerSandbox({ timeLimitMs: 10_000, memoryLimitMb: 1024 });
    // The baseline: no checkpoints, and back to version 0 before each jump.
    const fromZero = new ReducerSandbox({ timeLimitMs: 10_000, memoryLimitMb: 1024, checkpointEvery: EVENTS * 10 });
    try {
      await sandbox.load([file]);
      await fromZero.load([file]);
      const stream = await sandbox.openStream('Order', events);
      const baselineStream = await fromZero.openStream('Order', events);
      await stream.fold();
      const random = seededRandom(20261203);
      const targets = Array.from({ length: JUMPS + WARMUP_JUMPS }, () => Math.floor(random() * EVENTS));
      await baselineStream.stateAt(-1);
      assert.deepStrictEqual(await stream.stateAt(targets[0]), await baselineStream.stateAt(targets[0]));
      await settle();
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let k = 0; k < targets.length; k++) {
        let started = performance.now();
        await stream.stateAt(targets[k]);
        const oursMs = performance.now() - started;
        await baselineStream.stateAt(-1);
        started = performance.now();
        await baselineStream.stateAt(targets[k]);
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
          size: `${EVENTS.toLocaleString('en-US')} events, ${JUMPS} jumps`,
          target: this.target,
          note: 'ours: stateAt over postMessage, checkpoints every 256 events in the worker; the state comes back as JSON',
          extra: { p95OursMs: round(sorted[Math.floor(sorted.length * 0.95)], 3) },
        },
        { ours, baseline },
        'replay from version 0 in the sandbox',
        (_speedup, figure) => figure.median <= MAX_MEDIAN_MS,
      );
    } finally {
      await sandbox.dispose();
      await fromZero.dispose();
    }
  },
};
