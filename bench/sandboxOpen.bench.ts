/**
 * Opening a 1,000,000-event stream in the sandbox: the events cross into the worker in batches of rows
 * (src/sandbox/eventBatch.ts), are frozen there and kept for every later replay. The baseline is the
 * platform's own way across: the same array posted to a worker as a structured clone, which the worker
 * keeps (and does not freeze).
 */
import * as assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ReducerSandbox } from '../src/sandbox/reducerSandbox';
import type { Benchmark } from './benchmark';
import { comparedRow, settle, timePair } from './measure';
import { orderStream } from './data/orderStream';
import { BENCH_ORDER_REDUCER_JS, writeWorkspaceFile } from './sandbox/workspaceFiles';

const EVENTS = 1_000_000;
const TARGET_SPEED = 1;

/** Keeps the last array it was sent and answers with its length. */
const KEEPER = `const { parentPort } = require('node:worker_threads'); let kept; parentPort.on('message', (events) => { kept = events; parentPort.postMessage(kept.length); });`;

export const sandboxOpenBenchmark: Benchmark = {
  name: 'sandbox-open',
  title: 'open a 1,000,000-event stream in the sandbox worker (the events cross the thread boundary once)',
  target: `≥ ${TARGET_SPEED}× the speed of posting the same array to a worker`,
  async run(context) {
    const events = orderStream(EVENTS);
    const file = writeWorkspaceFile(context.cacheDir, 'reducers/order.js', BENCH_ORDER_REDUCER_JS);
    const sandbox = new ReducerSandbox({ timeLimitMs: 10_000, memoryLimitMb: 2048 });
    const keeper = new Worker(KEEPER, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    try {
      await sandbox.load([file]);
      const open = async (): Promise<number> => {
        const stream = await sandbox.openStream('Order', events);
        const length = stream.length;
        await stream.close();
        return length;
      };
      const post = (): Promise<number> =>
        new Promise((resolve, reject) => {
          keeper.once('message', resolve);
          keeper.once('error', reject);
          keeper.postMessage(events);
        });
      assert.equal(await open(), EVENTS);
      assert.equal(await post(), EVENTS);
      // The opened stream folds to what a host loop gives: the events arrived whole.
      const check = await sandbox.openStream('Order', events);
      assert.equal((await check.stateAt(EVENTS - 1) as { version: number }).version, EVENTS);
      await check.close();
      await settle();
      const samples = await timePair(open, post, { warmup: 1, repetitions: Math.min(context.repetitions, 3) });
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${EVENTS.toLocaleString('en-US')} events, batches of ${sandbox.batchSize.toLocaleString('en-US')}`,
          target: this.target,
          note: 'ours: openStream (rows of values, shared fields once, encoded in the host while the worker parses and freezes the previous batch); baseline: postMessage(events) to a worker that keeps them (structured clone)',
        },
        samples,
        'postMessage of the array (structured clone)',
        (speedup) => speedup >= TARGET_SPEED,
      );
    } finally {
      await sandbox.dispose();
      await keeper.terminate();
    }
  },
};
