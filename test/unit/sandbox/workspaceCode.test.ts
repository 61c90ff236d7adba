import * as assert from 'node:assert/strict';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { UntrustedWorkspaceError, WorkspaceCode } from '../../../src/sandbox/workspaceCode';
import { sampleOrderEvents, tempWorkspace, type TempWorkspace } from './workspace';

describe('sandbox: the Workspace Trust gate', function () {
  this.timeout(20_000);
  let workspace: TempWorkspace;
  let trusted: boolean;
  let code: WorkspaceCode;

  beforeEach(() => {
    workspace = tempWorkspace();
    workspace.write('bus.js', STARTER_BUS_JS);
    workspace.write('reducers/order.py', 'class Order:\n    def __init__(self, id):\n        self.id = id\n    def apply(self, event):\n        pass\n');
    trusted = false;
    code = new WorkspaceCode({ root: () => workspace.root, isTrusted: () => trusted });
  });

  afterEach(async () => {
    await code.dispose();
    workspace.remove();
  });

  it('in an untrusted workspace refuses every use, says why, and starts no worker and no python3', async () => {
    await assert.rejects(code.runBus(sampleOrderEvents()), (error: unknown) => error instanceof UntrustedWorkspaceError && /run only in a trusted workspace/.test(error.message));
    assert.throws(() => code.reducerSandbox(), UntrustedWorkspaceError);
    assert.throws(() => code.pythonSandbox(), UntrustedWorkspaceError);
    assert.equal(code.workerStarts, 0);
    assert.equal(code.processStarts, 0);
  });

  it('once trust is granted, runs the bus file in a worker', async () => {
    await assert.rejects(code.runBus(sampleOrderEvents()), UntrustedWorkspaceError);
    trusted = true;
    const run = await code.runBus(sampleOrderEvents());
    assert.equal(run.deadLetters.length, 1);
    assert.equal(code.workerStarts, 1);
    assert.equal(code.processStarts, 0);
  });
});
