// The flow monitor in a real editor: Open Flow Monitor on the Local store opens one panel whose events chart
// fills from the connection's sampler as events are appended, a second open shows the same panel, and closing
// it ends the monitor's reads. A monitor VS Code brings back after a reload (the serializer hands over the
// panel and the state the page saved) shows the same targets' charts and reads them again; a state it
// cannot read opens an empty monitor rather than failing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

describe('Flow monitor', function () {
  this.timeout(90_000);
  let api: EventFlowsApi;
  const configuration = () => vscode.workspace.getConfiguration('eventFlows');

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await configuration().update('monitor.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.monitor.panels.dispose();
    await configuration().update('monitor.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens on the Local store, charts its events per second while visible, and stops reading when closed', async () => {
    const local = api.localConnection();
    const store = await local.open();
    const target = { connectionId: local.id, kind: 'store' as const };
    await vscode.commands.executeCommand('eventFlows.openMonitor', undefined, { targets: [target] });
    const panel = api.monitor.panels.panel;
    assert.ok(panel, 'no monitor panel');
    assert.equal(panel.viewType, 'eventFlows.monitor');
    assert.match(panel.webview.html, /monitor\.js/);
    await waitFor(() => Promise.resolve(api.monitor.panels.session?.polling.includes(local.id) === true), 15_000, 'the monitor to read the Local store');
    const run = Date.now().toString(36);
    let appended = 0;
    await waitFor(
      async () => {
        await store.append(`MonitorProbe-${run}-${appended}`, 'MonitorProbe', [{ type: 'Probed', data: { n: appended } }], 0);
        appended += 1;
        const chart = api.monitor.panels.session?.view().charts.find((c) => c.kind === 'events');
        return (chart?.values[0] ?? []).some((v) => v !== null && v > 0);
      },
      30_000,
      'the events chart to show events coming in',
    );
    await vscode.commands.executeCommand('eventFlows.openMonitor', undefined, { targets: [target] });
    assert.equal(api.monitor.panels.panel, panel, 'a second open shows the same monitor');
    assert.equal(api.monitor.panels.session?.view().charts.length, 1, 'and the same target once');
    const session = api.monitor.panels.session;
    panel.dispose();
    await waitFor(() => Promise.resolve(api.monitor.panels.panel === undefined), 5000, 'the monitor to close');
    assert.deepEqual(session?.polling, [], 'closed: the monitor reads nothing');
  });

  it('comes back after a reload with the targets the page saved, and reads them again', async () => {
    const local = api.localConnection();
    await local.open();
    const target = { connectionId: local.id, kind: 'store' as const };
    // What VS Code hands the serializer after a reload: a panel of the monitor's type and the page's saved state.
    const restored = vscode.window.createWebviewPanel('eventFlows.monitor', 'Flow Monitor', vscode.ViewColumn.Active, {});
    api.monitor.panels.restore(restored, { targets: [target] });
    try {
      assert.equal(api.monitor.panels.panel, restored, 'the restored panel is the monitor');
      assert.match(restored.webview.html, /monitor\.js/);
      assert.deepEqual(api.monitor.panels.session?.targets, [target]);
      assert.deepEqual(api.monitor.panels.session?.view().charts.map((c) => c.kind), ['events']);
      await waitFor(() => Promise.resolve(api.monitor.panels.session?.polling.includes(local.id) === true), 15_000, 'the restored monitor to read the Local store');
    } finally {
      restored.dispose();
    }
    await waitFor(() => Promise.resolve(api.monitor.panels.panel === undefined), 5000, 'the restored monitor to close');

    const unreadable = vscode.window.createWebviewPanel('eventFlows.monitor', 'Flow Monitor', vscode.ViewColumn.Active, {});
    api.monitor.panels.restore(unreadable, { targets: 'not a list' });
    try {
      assert.equal(api.monitor.panels.panel, unreadable);
      assert.deepEqual(api.monitor.panels.session?.targets, [], 'a state it cannot read: an empty monitor');
    } finally {
      unreadable.dispose();
    }
  });
});
