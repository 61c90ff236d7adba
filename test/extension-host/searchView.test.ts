// Search Across Systems in the extension host: the command opens the view filled with what it was given
// and makes the read plan of every connection; a search over the Local store returns its row with the
// place, and a click on the row opens the aggregate's timeline, as a node of the flow view does.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { SearchPanel } from '../../src/panels/search/searchPanel';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

describe('Search Across Systems', function () {
  this.timeout(60_000);

  it('opens the view with the plan, and a search over the Local store returns its row, which opens its timeline', async () => {
    const api = (await ourExtension().activate()) as EventFlowsApi;
    const suffix = randomUUID().slice(0, 8);
    const correlationId = `search-${suffix}`;
    const store = await api.localConnection().open();
    await store.append(`Order-${suffix}`, 'Order', [{ id: `placed-${suffix}`, type: 'OrderPlaced', timestamp: new Date().toISOString(), data: {}, metadata: { correlationId } }], 0);
    const panel = await vscode.commands.executeCommand<SearchPanel>('eventFlows.searchAcrossSystems', { kind: 'correlationId', text: correlationId });
    assert.ok(panel, 'the command gave no view');
    try {
      assert.equal(await vscode.commands.executeCommand<SearchPanel>('eventFlows.searchAcrossSystems'), panel, 'asked again, the one view comes forward');
      await waitFor(() => Promise.resolve(panel.session.view().planVersion > 0 && !panel.session.view().planning), 30_000, 'the read plan');
      const local = panel.session.view().sources.filter((s) => s.label.startsWith('Local ›')).map((s) => s.index);
      assert.equal(local.length, 1, JSON.stringify(panel.session.view().sources));
      await panel.receive({ type: 'search', kind: 'correlationId', text: correlationId, from: Date.now() - 3_600_000, sources: local });
      const view = panel.session.view();
      assert.equal(view.total, 1, view.status);
      const [row] = panel.session.results.rows(0, 10);
      assert.deepEqual([row.eventId, row.system, row.place, row.type], [`placed-${suffix}`, 'Local', `Local › Order-${suffix} v1`, 'OrderPlaced']);
      const timelines = api.panels.openCount;
      await panel.receive({ type: 'open', key: row.key });
      assert.equal(api.panels.openCount, timelines + 1, 'the row did not open its timeline');
      api.panels.get('local', `Order-${suffix}`)?.dispose();
    } finally {
      panel.dispose();
    }
  });
});
