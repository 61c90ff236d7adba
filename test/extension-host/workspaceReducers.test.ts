import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { ourExtension } from './manifest';

const reducerSource = (label: string): string => `module.exports = {
  Order: {
    initial: { label: ${JSON.stringify(label)}, events: 0 },
    apply(state, event) {
      return { ...state, events: state.events + 1, last: event.type };
    },
  },
};
`;

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A workspace reducer replays the timeline, and saving it replays the open timeline again. */
describe('Workspace reducers on the timeline', function () {
  this.timeout(90_000);
  let api: EventFlowsApi;
  let reducerFile: string;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    reducerFile = path.join(root, '.eventflow', 'reducers', 'order.js');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, reducerSource('first'));
  });

  after(() => {
    fs.rmSync(reducerFile, { force: true });
  });

  it('opens a timeline replayed by the workspace reducer, and re-replays it when the file is saved', async () => {
    const localId = api.localConnection().id;
    api.panels.get(localId, 'Order-1002')?.dispose();
    const panel = await api.panels.open({ connectionId: localId, store: await api.localConnection().open() }, 'Order-1002', 'Order');
    assert.equal(panel.session.reducerName, 'workspace:order.js');
    const last = panel.session.total - 1;
    const state = panel.session.select(last).state as { label: string; events: number };
    assert.equal(state.label, 'first');
    assert.equal(state.events, panel.session.total);
    assert.ok(api.workspaceCode.workerStarts >= 1);

    fs.writeFileSync(reducerFile, reducerSource('second'));
    await until(() => ((api.panels.get(localId, 'Order-1002')?.session.select(last).state as { label?: string } | undefined)?.label === 'second' ? true : undefined), 'the re-replay after the save');
  });
});
