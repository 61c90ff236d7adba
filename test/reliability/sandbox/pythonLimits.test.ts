/**
 * A Python reducer past its time limit is killed (the process, not just the call), one past its memory limit
 * fails with a memory error; either way the harness comes back for the next request, and the host never stalls.
 */
import * as assert from 'node:assert/strict';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { tempWorkspace, type TempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents, watchHostLoop } from './responsiveness';

const LIMIT_MS = 1000;
/** The harness's watchdog period (limit / 10), its message, and the kill under load. */
const STOP_SLACK_MS = 600;
const MEMORY_MB = 200;

const COUNTER_PY = `class Counter:
    def __init__(self, id):
        self.id = id
        self.n = 0
        self.hoard = []

    def apply(self, event):
        if event["event_type"] == "Poisoned":
            KIND
        self.n += 1
`;

describe('sandbox fault: Python reducers over their limits', function () {
  this.timeout(60_000);
  let workspace: TempWorkspace;

  beforeEach(() => {
    workspace = tempWorkspace();
  });

  afterEach(() => {
    workspace.remove();
  });

  it(`a loop that never ends is killed within its ${LIMIT_MS} ms limit, at its event`, async () => {
    const sandbox = new PythonSandbox({ timeLimitMs: LIMIT_MS, memoryLimitMb: MEMORY_MB });
    try {
      const file = workspace.write('reducers/counter.py', COUNTER_PY.replace('KIND', 'while True:\n                pass'));
      await sandbox.load([file]);
      const stream = await sandbox.openStream('Counter', 'Counter-1', tickEvents(500));
      const loop = watchHostLoop();
      const started = performance.now();
      const error = await stream.fold().then(
        () => assert.fail('cannot finish'),
        (e: unknown) => e,
      );
      const stoppedAfter = Math.round(performance.now() - started);
      const gap = loop.stop();
      assert.ok(error instanceof SandboxError, String(error));
      assert.equal(error.failure.kind, 'timeout');
      assert.equal(error.failure.eventIndex, 499);
      assert.equal(error.failure.eventType, 'Poisoned');
      assert.match(error.message, /killed/);
      figure('sandbox.python.loop.limitMs', LIMIT_MS);
      figure('sandbox.python.loop.killedAfterMs', stoppedAfter);
      figure('sandbox.python.loop.longestHostLoopGapMs', gap);
      assert.ok(stoppedAfter >= LIMIT_MS && stoppedAfter <= LIMIT_MS + STOP_SLACK_MS, `killed after ${stoppedAfter} ms, limit ${LIMIT_MS} ms`);
      // A host that waited on python3 would stall for the whole limit; half of it stays clear of what a busy
      // 2-core machine's scheduler alone adds (261 ms seen at load 13).
      assert.ok(gap < LIMIT_MS / 2, `the host stalled for ${gap} ms`);
      assert.deepEqual(((await stream.stateAt(9)) as { n: number }).n, 10);
      figure('sandbox.python.loop.processStarts', sandbox.processStarts);
      assert.equal(sandbox.processStarts, 2);
    } finally {
      sandbox.dispose();
    }
  });

  it(`endless allocation fails with a memory error under the ${MEMORY_MB} MB cap, and python3 is replaced`, async () => {
    const sandbox = new PythonSandbox({ timeLimitMs: 10_000, memoryLimitMb: MEMORY_MB });
    try {
      const file = workspace.write('reducers/counter.py', COUNTER_PY.replace('KIND', 'while True:\n                self.hoard.append(bytearray(8 * 1024 * 1024))'));
      await sandbox.load([file]);
      const stream = await sandbox.openStream('Counter', 'Counter-1', tickEvents(20));
      const started = performance.now();
      const error = await stream.fold().then(
        () => assert.fail('cannot finish'),
        (e: unknown) => e,
      );
      const seconds = (performance.now() - started) / 1000;
      assert.ok(error instanceof SandboxError, String(error));
      figure('sandbox.python.memory.limitMb', MEMORY_MB);
      figure('sandbox.python.memory.stoppedAfterSeconds', Math.round(seconds * 100) / 100);
      assert.equal(error.failure.kind, 'memory');
      assert.equal(error.failure.eventIndex, 19);
      assert.match(error.failure.message, /MemoryError/);
      assert.equal(error.failure.location?.line, 10);
      assert.ok(seconds < 10, `took ${seconds} s`);
      assert.equal(((await stream.stateAt(4)) as { n: number }).n, 5);
      assert.equal(sandbox.processStarts, 2);
    } finally {
      sandbox.dispose();
    }
  });
});
