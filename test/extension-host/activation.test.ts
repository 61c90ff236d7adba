import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { ourExtension } from './manifest';

describe('activation', () => {
  it('activates in the test window and returns its API', async () => {
    const extension = ourExtension();
    const api = (await extension.activate()) as EventFlowsApi;
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.tree.getChildren, 'function');
    assert.deepEqual(
      api.connections.all().map((c) => c.id),
      ['local'],
      'a fresh window has the Local store and no saved connection',
    );
  });

  it('shows its Connections view when the Event Flows container is opened', async () => {
    const api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('workbench.view.extension.eventFlows');
    const deadline = Date.now() + 10_000;
    while (!api.treeView.visible && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(api.treeView.visible, true, 'the Connections view did not become visible');
  });

  it('opens the folder the window was started on', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });
});
