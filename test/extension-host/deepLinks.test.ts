import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { waitUntil } from '../support/waits';
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

  it("opens the timeline at the link's version with the link's filter, and moves an open one there", async () => {
    const localId = api.localConnection().id;
    const link = (query: string): vscode.Uri => vscode.Uri.parse(`vscode://event-flow-explorer.event-flow-explorer/timeline?connection=${encodeURIComponent(localId)}&${query}`);
    await api.uriHandler.handleUri(link('aggregate=Order-1002&type=Order&version=2&filter=ItemAdded'));
    assert.equal(api.uriHandler.lastResult?.ok, true);
    const panel = api.panels.get(localId, 'Order-1002');
    assert.ok(panel, 'no timeline panel for Order-1002');
    // The page's first position request is answered with the link's: nothing selects before it.
    const selected = await waitUntil('the linked selection', () => Promise.resolve(panel.session.selectedIndex), (index) => index !== undefined, 30_000);
    assert.equal(selected, panel.session.indexOfVersion(2));
    assert.deepEqual(panel.session.filter, ['ItemAdded']);
    assert.ok(panel.session.viewLength < panel.session.total, 'the filter hides the other event types');

    // A replay (a reducer file saved) keeps the link's position and filter, whatever the page saved before.
    await panel.reload();
    await waitUntil('the reloaded timeline at version 2', () => Promise.resolve(panel.session.selectedIndex), (index) => index === panel.session.indexOfVersion(2), 30_000);
    assert.deepEqual(panel.session.filter, ['ItemAdded']);

    // The same aggregate again, now open: it moves to the new version and filter at once.
    await api.uriHandler.handleUri(link('aggregate=Order-1002&type=Order&version=1&filter=OrderCreated'));
    await waitUntil('the open timeline at version 1', () => Promise.resolve(panel.session.selectedIndex), (index) => index === panel.session.indexOfVersion(1), 30_000);
    assert.deepEqual(panel.session.filter, ['OrderCreated']);
  });
});
