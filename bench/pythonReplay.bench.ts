/**
 * 100,000 events through the chapter's own Order (§3.1 + §3.2, test/fixtures/sandbox/chapter_order.py) in
 * the Python harness, against the same class applied in a plain Python loop to the same events read from
 * NDJSON (bench/sandbox/python_order_loop.py).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonSandbox } from '../src/sandbox/python/pythonSandbox';
import { toPythonEvent } from '../src/sandbox/python/pythonEvents';
import { SkipBenchmark, type Benchmark } from './benchmark';
import { comparedRow, settle } from './measure';
import { chapterOrderStream } from './sandbox/chapterEvents';

const EVENTS = 100_000;
const TARGET_SPEED = 0.5;

export const pythonReplayBenchmark: Benchmark = {
  name: 'python-replay',
  title: "replay 100,000 events through the chapter's Python Order in the harness",
  target: `≥ ${TARGET_SPEED}× the speed of the same class in a plain Python loop`,
  async run(context) {
    if (spawnSync('python3', ['--version']).status !== 0) throw new SkipBenchmark('python3 is not installed');
    const chapterOrder = path.join(context.repoRoot, 'test', 'fixtures', 'sandbox', 'chapter_order.py');
    const loopScript = path.join(context.repoRoot, 'bench', 'sandbox', 'python_order_loop.py');
    const events = chapterOrderStream(EVENTS);
    const eventsFile = path.join(context.cacheDir, 'chapter-order-100k.ndjson');
    fs.writeFileSync(eventsFile, events.map((event) => JSON.stringify(toPythonEvent(event))).join('\n') + '\n');
    const plainLoop = (): { ms: number; state: unknown } => {
      const run = spawnSync('python3', [loopScript, chapterOrder, eventsFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) throw new Error(`the plain Python loop failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as { ms: number; state: unknown };
    };
    const sandbox = new PythonSandbox({ timeLimitMs: 10_000, memoryLimitMb: 1024 });
    try {
      await sandbox.load([chapterOrder]);
      const openAndFold = async (): Promise<unknown> => {
        const stream = await sandbox.openStream('Order', 'Order-1', events);
        const state = await stream.fold();
        await stream.close();
        return state;
      };
      assert.deepStrictEqual(await openAndFold(), plainLoop().state);
      await settle();
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < Math.min(context.repetitions, 5); i++) {
        const started = performance.now();
        await openAndFold();
        ours.push(performance.now() - started);
        baseline.push(plainLoop().ms);
      }
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${EVENTS.toLocaleString('en-US')} events, one Order`,
          target: this.target,
          note: 'ours: events sent as NDJSON to python3 over stdio in batches of 5,000, folded with checkpoints (deepcopy every 256 events), state back as JSON; baseline: json.loads per line + apply() in a loop, timed inside Python',
        },
        { ours, baseline },
        'plain Python loop (decode + apply)',
        (speedup) => speedup >= TARGET_SPEED,
      );
    } finally {
      sandbox.dispose();
    }
  },
};
