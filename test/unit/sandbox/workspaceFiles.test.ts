import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { findWorkspaceReducers, watchWorkspaceReducers } from '../../../src/sandbox/workspaceFiles';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { ORDER_REDUCER_JS, sampleOrderEvents, tempWorkspace, type TempWorkspace } from './workspace';

describe('sandbox: workspace reducer files', function () {
  this.timeout(20_000);
  let workspace: TempWorkspace;

  beforeEach(() => {
    workspace = tempWorkspace();
  });

  afterEach(() => {
    workspace.remove();
  });

  it('lists .js/.ts and .py reducers apart, and none in a workspace without the folder', async () => {
    assert.deepEqual(await findWorkspaceReducers(workspace.root), { javascript: [], python: [] });
    workspace.write('reducers/b.ts', '');
    workspace.write('reducers/a.js', '');
    workspace.write('reducers/types.d.ts', '');
    workspace.write('reducers/order.py', '');
    workspace.write('reducers/notes.md', '');
    const folder = path.join(workspace.root, '.eventflow', 'reducers');
    assert.deepEqual(await findWorkspaceReducers(workspace.root), { javascript: [path.join(folder, 'a.js'), path.join(folder, 'b.ts')], python: [path.join(folder, 'order.py')] });
  });

  it('reloads on a save: the watcher fires once per burst and the sandbox folds with the new code', async () => {
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const sandbox = new ReducerSandbox();
    let changes = 0;
    let notify: () => void = () => undefined;
    const stop = watchWorkspaceReducers(workspace.root, () => {
      changes += 1;
      notify();
    }, 100);
    try {
      await sandbox.load([file]);
      const stream = await sandbox.openStream('Order', sampleOrderEvents());
      assert.equal(((await stream.fold()) as { status: string }).status, 'shipped');
      const saved = new Promise<void>((resolve) => (notify = resolve));
      for (let i = 0; i < 3; i++) workspace.write('reducers/order.js', ORDER_REDUCER_JS.replace("status: 'shipped'", `status: 'sent ${i}'`));
      await saved;
      await sandbox.reload();
      assert.equal(((await stream.fold()) as { status: string }).status, 'sent 2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(changes, 1);
    } finally {
      stop();
      await sandbox.dispose();
    }
  });
});
