// Search Across Systems in the extension host: the command opens the view filled with what it was given
// and makes the read plan of every connection. A row opens as a node of the flow view does: a store's event
// as its aggregate's timeline at that version, a Kafka record as the message browser's document, a RabbitMQ
// message as the peek's document. After a reload the serializer brings the view back with its query, window
// and ticks, and searches again only when nothing it reads changes state.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { SearchPanel } from '../../src/panels/search/searchPanel';
import type { SearchFirstView, SearchState } from '../../src/protocol/search';
import { host, rabbitmq } from '../services/ports';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import { useKafkaTopic } from './kafkaSuite';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

const LOCAL = 'Local ›';

/** The view the command opened (or brought forward) once its plan is made. */
async function planned(given?: unknown): Promise<SearchPanel> {
  const panel = await vscode.commands.executeCommand<SearchPanel>('eventFlows.searchAcrossSystems', given);
  assert.ok(panel, 'the command gave no view');
  await waitFor(() => Promise.resolve(panel.session.view().planVersion > 0 && !panel.session.view().planning), 60_000, 'the read plan');
  return panel;
}

/** The plan's index of the one source whose label is this (or, for the Local store, starts so). */
function sourceIndex(panel: SearchPanel, label: string): number {
  const sources = panel.session.view().sources.filter((s) => (label === LOCAL ? s.label.startsWith(LOCAL) : s.label === label));
  assert.equal(sources.length, 1, `${label} in ${JSON.stringify(panel.session.view().sources.map((s) => s.label))}`);
  return sources[0].index;
}

/** The editor a row opened: waits for one of `scheme` to be the active one. */
async function openedDocument(scheme: string): Promise<vscode.TextDocument> {
  await waitFor(() => Promise.resolve(vscode.window.activeTextEditor?.document.uri.scheme === scheme), 15_000, `a ${scheme} document`);
  const document = vscode.window.activeTextEditor?.document;
  assert.ok(document);
  return document;
}

describe('Search Across Systems', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  afterEach(() => api.searchView.current()?.dispose());

  it('opens the view with the plan, and a search over the Local store returns its row, which opens its timeline at that version', async () => {
    const suffix = randomUUID().slice(0, 8);
    const correlationId = `search-${suffix}`;
    const store = await api.localConnection().open();
    const at = new Date().toISOString();
    await store.append(`Order-${suffix}`, 'Order', [
      { id: `placed-${suffix}`, type: 'OrderPlaced', timestamp: at, data: {}, metadata: { correlationId } },
      { id: `paid-${suffix}`, type: 'OrderPaid', timestamp: at, data: {}, metadata: { correlationId: `other-${suffix}` } },
    ], 0);
    const panel = await planned({ kind: 'correlationId', text: correlationId });
    assert.equal(await vscode.commands.executeCommand<SearchPanel>('eventFlows.searchAcrossSystems'), panel, 'asked again, the one view comes forward');
    await panel.receive({ type: 'search', kind: 'correlationId', text: correlationId, from: Date.now() - 3_600_000, sources: [sourceIndex(panel, LOCAL)] });
    const view = panel.session.view();
    assert.equal(view.total, 1, view.status);
    const [row] = panel.session.results.rows(0, 10);
    assert.deepEqual([row.eventId, row.system, row.place, row.type], [`placed-${suffix}`, 'Local', `Local › Order-${suffix} v1`, 'OrderPlaced']);
    const timelines = api.panels.openCount;
    await panel.receive({ type: 'open', key: row.key });
    assert.equal(api.panels.openCount, timelines + 1, 'the row did not open its timeline');
    const timeline = api.panels.get('local', `Order-${suffix}`);
    assert.ok(timeline);
    try {
      // v1 of two: not the last event, where a timeline opens by itself.
      await waitFor(() => Promise.resolve(timeline.session.selectedIndex !== undefined), 30_000, 'the timeline selecting the row');
      assert.equal(timeline.session.selectedIndex, timeline.session.indexOfVersion(1));
    } finally {
      timeline.dispose();
    }
  });

  describe('a Kafka row', () => {
    const suffix = randomUUID().slice(0, 8);
    const topic = `efx-host-search-${suffix}`;
    const name = `Search Kafka ${suffix}`;
    useKafkaTopic('Search a Kafka topic', {
      topic,
      clusterName: name,
      messages: [{ key: 'order-1', value: JSON.stringify({ total: 12 }), headers: { 'event-id': `kafka-${suffix}`, 'event-type': 'OrderPlaced', 'correlation-id': `kafka-c-${suffix}` } }],
    });

    it('opens as the message browser opens a record: its read-only document, named by topic, partition and offset', async () => {
      const panel = await planned();
      await panel.receive({ type: 'search', kind: 'correlationId', text: `kafka-c-${suffix}`, from: Date.now() - 3_600_000, sources: [sourceIndex(panel, `${name} › ${topic}`)] });
      assert.equal(panel.session.view().total, 1, panel.session.view().status);
      const [row] = panel.session.results.rows(0, 10);
      await panel.receive({ type: 'open', key: row.key });
      const document = await openedDocument('eventflows-kafka-message');
      assert.match(document.uri.path, new RegExp(`/${topic}/${topic}-0-0\\.json$`));
      assert.match(document.getText(), /"total": 12/);
      assert.match(document.getText(), new RegExp(`kafka-${suffix}`));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  describe('a RabbitMQ row', () => {
    const vhost = `efx-search-${randomUUID().slice(0, 8)}`;
    const label = `Search RabbitMQ ${vhost}`;
    const queue = 'orders.placed';
    let raw: amqp.ChannelModel | undefined;

    before(async function () {
      raw = await openTestVhost(this, 'Search a RabbitMQ queue', vhost);
      const channel = await raw.createConfirmChannel();
      try {
        await channel.assertQueue(queue, { durable: true });
        channel.sendToQueue(queue, Buffer.from(JSON.stringify({ total: 7 })), { messageId: `rabbit-${vhost}`, correlationId: `rabbit-c-${vhost}`, type: 'OrderPlaced', timestamp: Math.floor(Date.now() / 1000), headers: { tenant: 'north' } });
        await channel.waitForConfirms();
      } finally {
        await channel.close();
      }
      const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: label, amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}`, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
      assert.ok(id, 'the broker was not saved');
    });

    after(async () => {
      await raw?.close().catch(() => undefined);
      const settings = vscode.workspace.getConfiguration('eventFlows');
      await settings.update('rabbitmq.brokers', (settings.get<{ name?: string }[]>('rabbitmq.brokers') ?? []).filter((b) => b.name !== label), vscode.ConfigurationTarget.Global);
      await deleteTestVhost(vhost);
    });

    it('opens as the peek opens a message: its read-only document with where it was read, its headers and body', async () => {
      const panel = await planned();
      const index = sourceIndex(panel, `${label} › ${queue}`);
      assert.equal(panel.session.view().sources[index].changesState, true, 'a classic queue is peeked');
      await panel.receive({ type: 'search', kind: 'correlationId', text: `rabbit-c-${vhost}`, sources: [index] });
      assert.equal(panel.session.view().total, 1, panel.session.view().status);
      const [row] = panel.session.results.rows(0, 10);
      await panel.receive({ type: 'open', key: row.key });
      const document = await openedDocument('eventflows-rabbitmq-message');
      assert.match(document.uri.path, /\/orders\.placed-0\.json$/);
      const shown = JSON.parse(document.getText()) as { position: number; routingKey: string; headers: Record<string, string>; ids: Record<string, string>; body: unknown };
      assert.deepEqual([shown.position, shown.routingKey, shown.headers.tenant, shown.ids.eventId, shown.ids.correlationId, shown.body], [0, queue, 'north', `rabbit-${vhost}`, `rabbit-c-${vhost}`, { total: 7 }]);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('after a reload: restores the query, window and ticks; a search that read the classic queue waits for Search', async () => {
      const first = await planned();
      const id = first.session.view().sources[sourceIndex(first, `${label} › ${queue}`)].id;
      first.dispose();
      const saved: SearchState = { kind: 'correlationId', text: `rabbit-c-${vhost}`, window: { from: Date.now() - 3_600_000 }, sources: [id], searched: true };
      const panel = await restore(api, saved);
      assert.equal(panel.session.view().searchVersion, 0, 'the classic queue was read again unasked');
      assert.match(panel.session.view().status, /not run again: reading .*orders\.placed changes state.*Press Search/);
      assert.deepEqual(firstViewOf(panel).restored, saved);
    });
  });

  it('after a reload: a search of sources that change nothing runs again, with the window it had', async () => {
    const suffix = randomUUID().slice(0, 8);
    const correlationId = `restored-${suffix}`;
    const store = await api.localConnection().open();
    await store.append(`Order-${suffix}`, 'Order', [{ id: `old-${suffix}`, type: 'OrderPlaced', timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString(), data: {}, metadata: { correlationId } }], 0);
    await store.append(`Order-${suffix}`, 'Order', [{ id: `new-${suffix}`, type: 'OrderPaid', timestamp: new Date().toISOString(), data: {}, metadata: { correlationId } }], 1);
    const first = await planned();
    const id = first.session.view().sources[sourceIndex(first, LOCAL)].id;
    first.dispose();
    // The last hour only: the older event is outside the window.
    const saved: SearchState = { kind: 'correlationId', text: correlationId, window: { from: Date.now() - 3_600_000 }, sources: [id], searched: true };
    const panel = await restore(api, saved);
    await waitFor(() => Promise.resolve(panel.session.view().searchVersion === 1 && !panel.session.view().running), 30_000, 'the restored search');
    assert.deepEqual(panel.session.results.rows(0, 10).map((r) => r.eventId), [`new-${suffix}`], panel.session.view().status);
    assert.equal(api.searchView.current(), panel, 'the restored view is the one the command brings forward');
    // Not searched before the reload: restored, not run.
    panel.dispose();
    const idle = await restore(api, { ...saved, searched: false });
    assert.equal(idle.session.view().searchVersion, 0);
    assert.deepEqual(firstViewOf(idle).restored, { ...saved, searched: false });
  });
});

/** What VS Code does after a reload: a panel of the view's type handed to its serializer with the page's saved state. */
async function restore(api: EventFlowsApi, state: unknown): Promise<SearchPanel> {
  const restored = vscode.window.createWebviewPanel('eventFlows.search', 'Search Across Systems', vscode.ViewColumn.Active, {});
  await api.searchView.serializer.deserializeWebviewPanel(restored, state);
  const panel = api.searchView.current();
  assert.ok(panel && panel.panel === restored, 'the serializer did not open the view on the restored panel');
  await waitFor(() => Promise.resolve(panel.session.view().planVersion > 0 && !panel.session.view().planning), 60_000, 'the restored plan');
  return panel;
}

function firstViewOf(panel: SearchPanel): SearchFirstView {
  const text = /<script[^>]*id="first-view"[^>]*>([\s\S]*?)<\/script>/.exec(panel.panel.webview.html)?.[1];
  assert.ok(text, 'the page carries no first view');
  return JSON.parse(text) as SearchFirstView;
}
