// The flow monitor in a real editor: Open Flow Monitor on the Local store opens one panel whose events chart
// fills from the connection's sampler as events are appended, a second open shows the same panel, and closing
// it ends the monitor's reads.
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
});
