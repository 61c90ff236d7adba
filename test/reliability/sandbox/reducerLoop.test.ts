/** A reducer with `while (true) {}` at one event is stopped within its time limit; the host never stalls. */
import * as assert from 'node:assert/strict';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents, watchHostLoop } from './responsiveness';

const LIMIT_MS = 500;
/** Watchdog period (limit / 10) + terminating a worker under load. */
const STOP_SLACK_MS = 400;

describe('sandbox fault: a reducer that never returns', function () {
  this.timeout(30_000);

  it(`is stopped within its ${LIMIT_MS} ms limit, at the event it hung on, and the next request works again`, async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox({ timeLimitMs: LIMIT_MS, checkpointEvery: 16 });
    try {
      const file = workspace.write(
        'reducers/counter.js',
        `module.exports = { Counter: { initial: { n: 0 }, apply(state, event) {\n  if (event.type === 'Poisoned') { while (true) {} }\n  return { n: state.n + 1 };\n} } };\n`,
      );
      await sandbox.load([file]);
      const events = tickEvents(100);
      const stream = await sandbox.openStream('Counter', events);
      const loop = watchHostLoop();
      const started = performance.now();
      const error = await stream.fold().then(
        () => assert.fail('the loop cannot finish'),
        (e: unknown) => e,
      );
      const stoppedAfter = Math.round(performance.now() - started);
      const longestHostGap = loop.stop();
      assert.ok(error instanceof SandboxError);
      assert.equal(error.failure.kind, 'timeout');
      assert.equal(error.failure.eventIndex, 99);
      assert.equal(error.failure.eventType, 'Poisoned');
      figure('sandbox.loop.limitMs', LIMIT_MS);
      figure('sandbox.loop.stoppedAfterMs', stoppedAfter);
      figure('sandbox.loop.longestHostLoopGapMs', longestHostGap);
      assert.ok(stoppedAfter >= LIMIT_MS, `stopped before its limit (${stoppedAfter} ms): the watchdog fired early`);
      assert.ok(stoppedAfter <= LIMIT_MS + STOP_SLACK_MS, `stopped after ${stoppedAfter} ms, limit ${LIMIT_MS} ms`);
      assert.ok(longestHostGap < 250, `the host's event loop stalled for ${longestHostGap} ms`);
      // A new worker takes over, loads the file again and gets the stream again.
      assert.deepEqual(await stream.stateAt(97), { n: 98 });
      figure('sandbox.loop.workerStarts', sandbox.workerStarts);
      assert.equal(sandbox.workerStarts, 2);
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });

  it('a file whose top level never returns fails its load with a timeout, naming the file', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox({ timeLimitMs: LIMIT_MS });
    try {
      // The worker is started first: its start-up is not user code's time and the watchdog does not charge it.
      await sandbox.load([workspace.write('reducers/ok.js', 'module.exports = { Counter: { initial: 0, apply: (s) => s + 1 } };\n')]);
      const file = workspace.write('reducers/spin.js', 'for (;;) {}\n');
      const started = performance.now();
      await assert.rejects(sandbox.load([file]), (error: unknown) => error instanceof SandboxError && error.failure.kind === 'timeout' && error.failure.location?.file === file);
      const stoppedAfter = Math.round(performance.now() - started);
      figure('sandbox.loadLoop.stoppedAfterMs', stoppedAfter);
      assert.ok(stoppedAfter >= LIMIT_MS && stoppedAfter <= LIMIT_MS + STOP_SLACK_MS, `load stopped after ${stoppedAfter} ms, limit ${LIMIT_MS} ms`);
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
