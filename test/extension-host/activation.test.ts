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
    assert.equal(api.treeView.visible === true || api.treeView.visible === false, true);
  });

  it('opens the folder the window was started on', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });
});
