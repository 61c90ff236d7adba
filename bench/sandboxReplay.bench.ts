/**
 * 1,000,000 events through a workspace reducer in the sandbox worker (the events cross the thread boundary
 * in batches, then the worker folds them), against the same reducer file required in the host and called
 * in a plain loop over the same events.
 */
import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../src/core/envelope';
import { ReducerSandbox } from '../src/sandbox/reducerSandbox';
import type { Benchmark } from './benchmark';
import { comparedRow, median, round, settle, timePair } from './measure';
import { orderStream } from './data/orderStream';
import { BENCH_ORDER_REDUCER_JS, requireDirectly, writeWorkspaceFile } from './sandbox/workspaceFiles';

const EVENTS = 1_000_000;
const TARGET_SPEED = 0.7;

type UserReducer = { initial: () => unknown; apply: (state: unknown, event: FlowEvent) => unknown };

export const sandboxReplayBenchmark: Benchmark = {
  name: 'sandbox-replay',
  title: 'replay 1,000,000 events through a workspace reducer in the sandbox worker',
  target: `≥ ${TARGET_SPEED}× the speed of the same reducer in a plain host loop`,
  async run(context) {
    const events = orderStream(EVENTS);
    const file = writeWorkspaceFile(context.cacheDir, 'reducers/order.js', BENCH_ORDER_REDUCER_JS);
    const reducer = requireDirectly<Record<string, UserReducer>>(file).Order;
    const hostLoop = (): unknown => {
      let state = reducer.initial();
      for (let i = 0; i < events.length; i++) state = reducer.apply(state, events[i]);
      return state;
    };
    const sandbox = new ReducerSandbox({ timeLimitMs: 10_000, memoryLimitMb: 2048 });
    try {
      await sandbox.load([file]);
      // Ours: open the stream (events sent in batches) and fold it, as a timeline does when it opens.
      const openAndFold = async (): Promise<unknown> => {
        const stream = await sandbox.openStream('Order', events);
        const state = await stream.fold();
        await stream.close();
        return state;
      };
      assert.deepStrictEqual(await openAndFold(), JSON.parse(JSON.stringify(hostLoop())));
      await settle();
      const repetitions = Math.min(context.repetitions, 5);
      const samples = await timePair(openAndFold, hostLoop, { warmup: 1, repetitions });
      // The stream already in the worker (a reload after a save, a what-if): the fold alone.
      const resident = await sandbox.openStream('Order', events);
      const foldOnly: number[] = [];
      for (let i = 0; i < repetitions; i++) {
        await sandbox.reload();
        await settle();
        const started = performance.now();
        await resident.fold();
        foldOnly.push(performance.now() - started);
      }
      const residentFold = median(foldOnly);
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${EVENTS.toLocaleString('en-US')} events, one aggregate`,
          target: this.target,
          note: 'ours: openStream (JSON batches of 5,000 over postMessage) + fold in the worker, with checkpoints; baseline: the same file required in the host, a bare loop',
          // The one-time transfer dominates; what a re-replay after a save costs is the fold alone.
          extra: { residentFoldMedianMs: round(residentFold, 1), residentFoldSpeedup: round(median(samples.baseline) / residentFold, 2) },
        },
        samples,
        'same reducer, plain loop in the host',
        (speedup) => speedup >= TARGET_SPEED,
      );
    } finally {
      await sandbox.dispose();
    }
  },
};
