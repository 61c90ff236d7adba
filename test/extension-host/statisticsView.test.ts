// Show Event Statistics in the extension host: on an aggregate type of the Local store the command opens
// the statistics view (no format question), whose variants show the shape that lost `currency`; that
// variant's example opens its aggregate's timeline at the example's version, and the view exports CSV into
// an untitled document.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { AggregateTypeNode } from '../../src/explorer/eventStore/storeNodes';
import type { ConnectionNode } from '../../src/explorer/treeNode';
import type { StatisticsPanel } from '../../src/panels/statistics/statisticsPanel';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

describe('Statistics view', function () {
  this.timeout(90_000);

  it("opens for an aggregate type; a drifted variant's example opens its aggregate's timeline at its version; CSV exports", async () => {
    const api = (await ourExtension().activate()) as EventFlowsApi;
    const suffix = randomUUID().slice(0, 8);
    const aggregateType = `Stats${suffix}`;
    const [first, drifted] = [`${aggregateType}-1`, `${aggregateType}-2`];
    const store = await api.localConnection().open();
    await store.append(first, aggregateType, [{ type: 'OrderCreated', timestamp: '2026-12-01T10:00:00.000Z', data: { currency: 'EUR', total: 3 } }], 0);
    await store.append(
      drifted,
      aggregateType,
      [
        { type: 'NoteAdded', timestamp: '2026-12-08T09:00:00.000Z', data: { note: 'first' } },
        { type: 'OrderCreated', timestamp: '2026-12-08T10:00:00.000Z', data: { total: 4 } },
      ],
      0,
    );
    await store.append(`${aggregateType}-3`, aggregateType, [{ type: 'OrderCreated', timestamp: '2026-12-02T10:00:00.000Z', data: { currency: 'EUR', total: 5 } }], 0);

    const panel = await vscode.commands.executeCommand<StatisticsPanel>('eventFlows.showStatistics', await typeNode(api, aggregateType));
    assert.ok(panel && typeof panel.receive === 'function', 'the command gave no statistics view');
    try {
      assert.equal(panel.panel.viewType, 'eventFlows.statistics');
      const statistics = panel.statistics;
      assert.ok(statistics, 'the view has no statistics');
      assert.equal(statistics.aggregateType, aggregateType);
      const typeIndex = statistics.types.findIndex((type) => type.type === 'OrderCreated');
      const variants = statistics.types[typeIndex].variants;
      assert.equal(variants.length, 2);
      assert.deepEqual([variants[1].missing, variants[1].example.aggregateId, variants[1].example.version], [['data.currency: string'], drifted, 2]);

      const timelines = api.panels.openCount;
      await panel.receive({ type: 'openExample', typeIndex, variantIndex: 1, which: 'example' });
      assert.equal(api.panels.openCount, timelines + 1, "the example did not open its aggregate's timeline");
      const timeline = api.panels.get('local', drifted);
      assert.ok(timeline, `no timeline of ${drifted}`);
      await waitFor(() => Promise.resolve(timeline.session.selectedIndex === 1), 30_000, 'the timeline to select v2, the example');
      timeline.dispose();

      await panel.receive({ type: 'export', format: 'csv' });
      const document = vscode.window.activeTextEditor?.document;
      assert.ok(document?.isUntitled, 'the export opened no untitled document');
      const lines = document.getText().split('\n');
      assert.match(lines[0], /^section,event type,name,events,/);
      assert.ok(lines.some((line) => line.startsWith('variant,OrderCreated,variant 2,1,') && line.endsWith(',missing: data.currency: string')), lines.join('\n'));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      panel.dispose();
    }
  });
});

async function typeNode(api: EventFlowsApi, name: string): Promise<AggregateTypeNode> {
  api.tree.refresh();
  const local = (await api.tree.getChildren()).find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.kind === 'local');
  assert.ok(local, 'no Local root in the tree');
  let found: AggregateTypeNode | undefined;
  await waitFor(async () => {
    api.tree.refresh();
    found = (await api.tree.getChildren(local)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === name);
    return found !== undefined;
  }, 15_000, `${name} under Local`);
  assert.ok(found);
  return found;
}
