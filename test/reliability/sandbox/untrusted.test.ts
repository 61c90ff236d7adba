/** An untrusted workspace never loads a reducer or bus file: no worker thread and no python3 ever start. */
import * as assert from 'node:assert/strict';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { UntrustedWorkspaceError, WorkspaceCode } from '../../../src/sandbox/workspaceCode';
import { ORDER_REDUCER_JS, sampleOrderEvents, tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';

describe('sandbox fault: an untrusted workspace', () => {
  it('refuses every use of its reducers and bus, and starts nothing', async () => {
    const workspace = tempWorkspace();
    const code = new WorkspaceCode({ root: () => workspace.root, isTrusted: () => false });
    try {
      workspace.write('bus.js', STARTER_BUS_JS);
      workspace.write('reducers/order.js', ORDER_REDUCER_JS);
      let refused = 0;
      for (const attempt of [() => code.runBus(sampleOrderEvents()), async () => code.reducerSandbox().load([]), async () => code.pythonSandbox().load([])]) {
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
