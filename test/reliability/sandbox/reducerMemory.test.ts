/** A reducer that allocates without end is stopped by the worker's heap limit, at its event. */
import * as assert from 'node:assert/strict';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents, watchHostLoop } from './responsiveness';

const MEMORY_MB = 64;

describe('sandbox fault: a reducer that allocates without end', function () {
  this.timeout(60_000);

  it(`is stopped by the ${MEMORY_MB} MB heap limit with a memory error at its event; the host's heap stays put`, async () => {
    const workspace = tempWorkspace();
    // A long time limit: the heap limit, not the watchdog, must be what stops it.
    const sandbox = new ReducerSandbox({ timeLimitMs: 30_000, memoryLimitMb: MEMORY_MB });
    try {
      const file = workspace.write(
        'reducers/hoarder.js',
        `const hoard = [];\nmodule.exports = { Counter: { initial: { n: 0 }, apply(state, event) {\n  if (event.type === 'Poisoned') { for (;;) hoard.push(new Array(100000).fill(event.version)); }\n  return { n: state.n + 1 };\n} } };\n`,
      );
      await sandbox.load([file]);
      const stream = await sandbox.openStream('Counter', tickEvents(50));
      const hostHeapBefore = process.memoryUsage().heapUsed;
      const loop = watchHostLoop();
      const started = performance.now();
      const error = await stream.fold().then(
        () => assert.fail('cannot finish'),
        (e: unknown) => e,
      );
      const seconds = (performance.now() - started) / 1000;
      const longestHostGap = loop.stop();
      const hostHeapGrowthMb = (process.memoryUsage().heapUsed - hostHeapBefore) / 1024 / 1024;
      assert.ok(error instanceof SandboxError, String(error));
      assert.equal(error.failure.kind, 'memory');
      assert.equal(error.failure.eventIndex, 49);
      assert.equal(error.failure.eventType, 'Poisoned');
      figure('sandbox.memory.limitMb', MEMORY_MB);
      figure('sandbox.memory.stoppedAfterSeconds', Math.round(seconds * 100) / 100);
      figure('sandbox.memory.hostHeapGrowthMb', Math.round(hostHeapGrowthMb));
      figure('sandbox.memory.longestHostLoopGapMs', longestHostGap);
      assert.ok(seconds < 20, `took ${seconds} s`);
      assert.ok(hostHeapGrowthMb < MEMORY_MB / 2, `the host's heap grew by ${hostHeapGrowthMb} MB`);
      assert.ok(longestHostGap < 250, `the host's event loop stalled for ${longestHostGap} ms`);
      assert.deepEqual(await stream.stateAt(10), { n: 11 });
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
