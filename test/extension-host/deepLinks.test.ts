import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { ourExtension } from './manifest';

/** Deep links through the registered URI handler: a malicious link opens nothing, a good one opens the timeline. */
describe('Deep links in the extension', function () {
  this.timeout(60_000);
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
  });

  it('refuses an unknown connection, a store path and a huge version, and opens no panel', async () => {
    const localId = api.localConnection().id;
    for (const query of [
      'connection=attacker&aggregate=Order-1001',
      `connection=${localId}&aggregate=Order-1001&store=..%2F..%2Fetc%2Fpasswd`,
      `connection=${localId}&aggregate=Order-1001&version=99999999999999`,
    ]) {
      await api.uriHandler.handleUri(vscode.Uri.parse(`vscode://event-flow-explorer.event-flow-explorer/timeline?${query}`));
      assert.equal(api.uriHandler.lastResult?.ok, false, query);
    }
    assert.equal(api.panels.get(localId, 'Order-1001'), undefined);
  });

  it('opens the timeline a valid link names, on a saved connection', async () => {
    const localId = api.localConnection().id;
    await api.uriHandler.handleUri(vscode.Uri.parse(`vscode://event-flow-explorer.event-flow-explorer/timeline?connection=${encodeURIComponent(localId)}&aggregate=Order-1001&type=Order`));
    assert.equal(api.uriHandler.lastResult?.ok, true);
    const panel = api.panels.get(localId, 'Order-1001');
    assert.ok(panel, 'no timeline panel for Order-1001');
    assert.ok(panel.session.total > 0);
    assert.equal(panel.session.aggregateId, 'Order-1001');
  });
});
