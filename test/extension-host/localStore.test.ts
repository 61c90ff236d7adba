import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { IntegrityReport } from '../../src/commands/integrityCommands';
import type { AppendResult, Snapshot } from '../../src/connectors/eventStore';
import type { StoreStatistics } from '../../src/connectors/reads/statistics';
import type { EventFlowsApi } from '../../src/extension';
import type { AggregateNode, AggregateTypeNode } from '../../src/explorer/eventStore/storeNodes';
import type { ConnectionNode } from '../../src/explorer/treeNode';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

/** The Local store through the real commands, tree and timeline panel of a running extension. */
describe('Local store in the extension', function () {
  this.timeout(60_000);
  let api: EventFlowsApi;
  let published: { aggregates: string[]; events: number };

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    published = (await vscode.commands.executeCommand<{ aggregates: string[]; events: number }>('eventFlows.publishSampleEvents'))!;
  });

  it('shows the published sample orders under Local → Order with their versions', async () => {
    assert.equal(published.aggregates.length, api.settings().sampleOrders);
    const node = await aggregateNode(api, published.aggregates[0]);
    assert.equal(node.aggregate.type, 'Order');
    assert.equal(node.aggregate.version, 6);
    const item = api.tree.getTreeItem(node);
    assert.match(String(item.description), /^v6 · \d{4}-\d{2}-\d{2} /);
    assert.equal(item.contextValue, 'aggregate');
    assert.equal(item.command?.command, 'eventFlows.openTimeline');
    const typeItem = api.tree.getTreeItem(node.parent);
    assert.match(String(typeItem.description), /^\d+ aggregates$/);
  });

  it('appends with the expected version and refuses a stale one without writing', async () => {
    const id = published.aggregates[1];
    const before = await versionOf(api, id);
    const draft = { aggregateId: id, aggregateType: 'Order', expectedVersion: before, type: 'NoteAdded', data: { note: 'from a test' } };
    const result = await vscode.commands.executeCommand<AppendResult>('eventFlows.appendEvent', draft);
    assert.deepEqual(result, { fromVersion: before + 1, toVersion: before + 1 });
    const size = fs.statSync(api.localConnection().eventsFile).size;
    const stale = await vscode.commands.executeCommand<AppendResult | undefined>('eventFlows.appendEvent', draft);
    assert.equal(stale, undefined, 'a stale expected version must not append');
    assert.equal(fs.statSync(api.localConnection().eventsFile).size, size, 'the file changed on a refused append');
    assert.equal(await versionOf(api, id), before + 1);
  });

  it('refuses a malformed event draft with a message and writes nothing', async () => {
    const size = fs.statSync(api.localConnection().eventsFile).size;
    const result = await vscode.commands.executeCommand('eventFlows.appendEvent', { aggregateId: 'Order-x', aggregateType: 'Order', expectedVersion: -3, type: '', data: {} });
    assert.equal(result, undefined);
    assert.equal(fs.statSync(api.localConnection().eventsFile).size, size);
  });

  it('opens a timeline whose webview handshakes and answers the typed protocol', async () => {
    const node = await aggregateNode(api, published.aggregates[0]);
    const panel = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.openTimeline', node);
    assert.ok(panel, 'no panel');
    await withTimeout(panel.ready, 30_000, 'the webview never sent ready');
    assert.equal(panel.panel.title, `Timeline: ${node.aggregate.id}`);
    assert.equal(panel.session.total, 6);
    // The live webview opens at the last event on its own; let it, so its selection cannot land after ours.
    await waitFor(() => Promise.resolve(panel.session.current()?.index === 5), 15_000, 'the webview to select the last event');

    await panel.handleMessage({ type: 'select', index: 4 });
    const paid = panel.session.current();
    assert.equal(paid?.type, 'OrderPaid');
    assert.deepEqual([(paid?.state as { status: string }).status, (paid?.state as { total: number }).total], ['paid', 109.97]);
    assert.ok(paid?.changedPaths.includes('status'));

    // Untrusted input: unknown types, bad fields and oversized requests are ignored, never thrown.
    await panel.handleMessage({ type: 'select', index: -1 });
    await panel.handleMessage({ type: 'requestRows', requestId: 1, offset: 0, count: 1_000_000 });
    await panel.handleMessage({ type: 'runScript', code: 'alert(1)' });
    await panel.handleMessage('not even an object');
    assert.equal(panel.session.current()?.index, 4);

    await panel.handleMessage({ type: 'step', to: 'last' });
    assert.equal((panel.session.current()?.state as { status: string }).status, 'shipped');
    panel.dispose();
  });

  it('takes a snapshot that the timeline then marks and replays from', async () => {
    const node = await aggregateNode(api, published.aggregates[2]);
    const snapshot = await vscode.commands.executeCommand<Snapshot>('eventFlows.takeSnapshot', node);
    assert.ok(snapshot, 'no snapshot');
    assert.equal(snapshot.version, node.aggregate.version);
    assert.equal(snapshot.aggregateId, node.aggregate.id);
    const store = await api.localConnection().open();
    assert.deepEqual((await store.listSnapshots(node.aggregate.id)).map((s) => s.version), [snapshot.version]);
    const panel = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.openTimeline', node);
    assert.ok(panel);
    assert.deepEqual(panel.session.init().snapshotVersions, [snapshot.version]);
    panel.dispose();
  });

  it("publishes the chapter's own Order flow, which replays to the chapter's items and total, and checks clean by type", async () => {
    const chapter = (await vscode.commands.executeCommand<{ aggregates: string[]; events: number }>('eventFlows.publishChapterSampleEvents'));
    assert.equal(chapter.aggregates.length, api.settings().sampleOrders);
    const node = await aggregateNode(api, chapter.aggregates[0]);
    assert.match(node.aggregate.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    assert.equal(node.aggregate.type, 'Order');
    const panel = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.openTimeline', node);
    assert.ok(panel);
    assert.equal(panel.session.init().notAppliedCount, 0);
    // The chapter's flow replays with the state the chapter's own Order builds.
    assert.equal(panel.session.reducerName, 'chapter-order');
    await panel.handleMessage({ type: 'step', to: 'last' });
    const state = panel.session.current()?.state as { status: string; total_amount: number; items: unknown[] };
    assert.equal(state.status, 'paid');
    assert.ok(state.items.length > 0 && state.items.every((item) => typeof item === 'object'));
    assert.ok(state.total_amount > 0);
    panel.dispose();
    const report = await vscode.commands.executeCommand<IntegrityReport>('eventFlows.checkIntegrity', undefined, { kind: 'type', aggregateType: 'Order' });
    assert.ok(report);
    // The one finding: the NoteAdded an earlier test appended to a sample order, which the order reducer has no rule for.
    assert.deepEqual(
      report.findings.map((findings) => [findings.aggregateId, findings.issues.length, findings.notApplied.map((skipped) => skipped.eventType)]),
      [[published.aggregates[1], 0, ['NoteAdded']]],
    );
    assert.ok(report.aggregates >= published.aggregates.length + chapter.aggregates.length);
  });

  it('refreshes the tree by itself when another process appends to the file', async () => {
    const file = api.localConnection().eventsFile;
    const first = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]) as Record<string, unknown>;
    const outsider = { ...first, aggregate_id: 'Order-from-outside', event_id: 'evt-from-outside', version: 1 };
    let changes = 0;
    const subscription = api.tree.onDidChangeTreeData(() => changes++);
    try {
      fs.appendFileSync(file, `${JSON.stringify(outsider)}\n`);
      await waitFor(() => Promise.resolve(changes > 0), 15_000, 'the tree to refresh after the file changed on disk');
    } finally {
      subscription.dispose();
    }
    const local = (await api.tree.getChildren()).find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.kind === 'local');
    assert.ok(local);
    assert.ok(await api.findAggregate(local.connection.id, 'Order', 'Order-from-outside'), 'the appended aggregate is not in the tree');
  });

  it('checks one stream, then the whole store, reporting a damaged line by its number', async () => {
    const node = await aggregateNode(api, published.aggregates[0]);
    const one = await vscode.commands.executeCommand<IntegrityReport>('eventFlows.checkIntegrity', node);
    assert.deepEqual([one?.aggregates, one?.events, one?.problemCount], [1, 6, 0]);

    const file = api.localConnection().eventsFile;
    const lineNumber = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length + 1;
    fs.appendFileSync(file, '{"aggregate_id": "Order-broken", this is not json\n');
    const all = await vscode.commands.executeCommand<IntegrityReport>('eventFlows.checkIntegrity', undefined, { kind: 'store' });
    assert.ok(all && all.aggregates >= published.aggregates.length);
    assert.ok(
      all.storeProblems.some((p) => p.includes(`line ${lineNumber}`)),
      `no problem names line ${lineNumber}: ${all.storeProblems.join(' | ')}`,
    );
    assert.ok(fs.readFileSync(file, 'utf8').includes('this is not json'), 'the damaged line must stay in the file');
  });

  it('shows the statistics of the Order type as CSV in an untitled document, stepping over the damaged line', async () => {
    // The damaged line the integrity test leaves, made here when this test runs alone.
    const file = api.localConnection().eventsFile;
    if (!fs.readFileSync(file, 'utf8').includes('this is not json')) fs.appendFileSync(file, '{"aggregate_id": "Order-broken", this is not json\n');
    const node = await aggregateNode(api, published.aggregates[0]);
    const statistics = await vscode.commands.executeCommand<StoreStatistics>('eventFlows.showStatistics', node.parent, 'csv');
    assert.ok(statistics);
    assert.equal(statistics.aggregateType, 'Order');
    assert.equal(statistics.sample.method, 'all');
    assert.ok(statistics.skipped >= 1, 'the damaged line was not counted as skipped');
    assert.ok(statistics.aggregates.counted >= published.aggregates.length);
    const created = statistics.types.find((type) => type.type === 'OrderCreated');
    assert.ok(created && created.variants.length >= 1 && created.variants[0].example.aggregateId !== undefined);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document?.isUntitled);
    const lines = document.getText().split('\n');
    assert.match(lines[0], /^section,event type,name,events,/);
    assert.ok(lines.some((line) => line.startsWith(`type,OrderCreated,,${created.events},`)));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

async function aggregateNode(api: EventFlowsApi, id: string): Promise<AggregateNode> {
  api.tree.refresh();
  const roots = await api.tree.getChildren();
  const local = roots.find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.kind === 'local');
  assert.ok(local, 'no Local root in the tree');
  const order = (await api.tree.getChildren(local)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
  assert.ok(order, 'no Order type under Local');
  const node = await api.findAggregate(local.connection.id, 'Order', id);
  assert.ok(node, `no ${id} under Local → Order`);
  return node;
}

async function versionOf(api: EventFlowsApi, id: string): Promise<number> {
  return (await aggregateNode(api, id)).aggregate.version;
}


async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
