/** An untrusted workspace never loads a reducer or bus file: no worker thread and no python3 ever start. */
import * as assert from 'node:assert/strict';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { UntrustedWorkspaceError, WorkspaceCode } from '../../../src/sandbox/workspaceCode';
import { ORDER_REDUCER_JS, sampleOrderEvents, tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';

/** The three uses of a workspace's own code, each of which starts a worker (or python3) when trusted. */
function uses(code: WorkspaceCode): (() => Promise<unknown>)[] {
  return [() => code.runBus(sampleOrderEvents()), async () => code.reducerSandbox().load(['reducers/order.js']), async () => code.pythonSandbox().load([])];
}

describe('sandbox fault: an untrusted workspace', function () {
  this.timeout(30_000);

  it('the counters see a worker start: trusted, the same uses start workers, and so does a breakpoint condition', async () => {
    const workspace = tempWorkspace();
    const code = new WorkspaceCode({ root: () => workspace.root, isTrusted: () => true });
    try {
      workspace.write('bus.js', STARTER_BUS_JS);
      workspace.write('reducers/order.js', ORDER_REDUCER_JS);
      await code.runBus(sampleOrderEvents());
      const afterBus = code.workerStarts;
      assert.ok(afterBus >= 1, `running the bus started ${afterBus} worker(s)`);
      await code.conditionSandbox().evaluate('state === null', []);
      assert.equal(code.workerStarts, afterBus + 1, 'the condition worker is counted too');
    } finally {
      await code.dispose();
      workspace.remove();
    }
  });

  it('refuses every use of its reducers and bus, and starts nothing', async () => {
    const workspace = tempWorkspace();
    const code = new WorkspaceCode({ root: () => workspace.root, isTrusted: () => false });
    try {
      workspace.write('bus.js', STARTER_BUS_JS);
      workspace.write('reducers/order.js', ORDER_REDUCER_JS);
      let refused = 0;
      for (const attempt of uses(code)) {
        await attempt().then(
          () => assert.fail('an untrusted workspace ran code'),
          (error: unknown) => {
            assert.ok(error instanceof UntrustedWorkspaceError);
            refused += 1;
          },
        );
      }
      figure('sandbox.untrusted.refused', `${refused}/3`);
      figure('sandbox.untrusted.workerStarts', code.workerStarts);
      figure('sandbox.untrusted.pythonStarts', code.processStarts);
      assert.equal(code.workerStarts, 0);
      assert.equal(code.processStarts, 0);
    } finally {
      await code.dispose();
      workspace.remove();
    }
  });
});
