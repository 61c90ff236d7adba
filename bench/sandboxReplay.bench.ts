/**
 * 1,000,000 events replayed through a workspace reducer in the sandbox worker, against the same reducer
 * file required in the host and called in a plain loop over the same events. Both sides fold events that
 * are already where they run: the host's in its heap, the sandbox's in the worker, where they went once,
 * in batches, when the stream opened (that crossing is the `sandbox-open` row). A replay is what a save of
 * the reducer, a what-if or a breakpoint search costs: the file read again, then every event folded.
 */
import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../src/core/envelope';
import { ReducerSandbox } from '../src/sandbox/reducerSandbox';
import type { Benchmark } from './benchmark';
import { comparedRow, round, settle, timePair } from './measure';
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
      const openStarted = performance.now();
      const stream = await sandbox.openStream('Order', events);
      const openMs = performance.now() - openStarted;
      // Reloading drops every state and checkpoint: the fold that follows starts from the first event.
      const replay = async (): Promise<unknown> => {
        await sandbox.reload();
        return stream.fold();
      };
      assert.deepStrictEqual(await replay(), JSON.parse(JSON.stringify(hostLoop())));
      await settle();
      const samples = await timePair(replay, hostLoop, { warmup: 1, repetitions: Math.min(context.repetitions, 5) });
      await stream.close();
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${EVENTS.toLocaleString('en-US')} events, one aggregate`,
          target: this.target,
          note: 'ours: reload the reducer file, then fold every event in the worker with checkpoints (the stream already in the worker); baseline: the same file required in the host, a bare loop',
          extra: { firstOpenMs: round(openMs, 0) },
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
