import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import * as vscode from 'vscode';
import { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { DEFAULT_FIELD_MAPPING } from '../../src/connectors/mongo/fieldMapping';
import { sampleOrderFlows } from '../../src/core/samples';
import type { EventFlowsApi } from '../../src/extension';
import type { AggregateNode, AggregateTypeNode } from '../../src/explorer/eventStore/storeNodes';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { host, mongoAuth } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { ourExtension } from './manifest';
import { waitFor, waitForRoot } from './support/treeWaits';

const connectionString = `mongodb://${mongoAuth.username}@${host}:${mongoAuth.port}/?authSource=${mongoAuth.authSource}&directConnection=true`;

/** The MongoDB event store through the real commands, tree and timeline, against the rig's FerretDB with SCRAM. */
describe('MongoDB event store connection', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const database = `efx_host_${randomUUID().slice(0, 8)}`;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    const answers = await serverAnswers();
    skipOrFailWithoutRig(this, 'MongoDB connection', answers ? undefined : `the test rig's FerretDB on ${host}:${mongoAuth.port} does not answer; run npm run services:up`);
    const store = new MongoEventStore({
      connectionString,
      password: mongoAuth.password,
      database,
      eventsCollection: 'events',
      snapshotsCollection: 'snapshots',
      mapping: DEFAULT_FIELD_MAPPING,
    });
    await store.ensureIndexes();
    for (const sample of sampleOrderFlows({ orders: 3 })) {
      await store.append(sample.aggregateId, sample.aggregateType, sample.events, 0);
    }
    await store.close();
  });

  after(async () => {
    const client = new MongoClient(connectionString, { auth: { username: mongoAuth.username, password: mongoAuth.password } });
    await client.db(database).dropDatabase().catch(() => undefined);
    await client.close();
    await vscode.workspace.getConfiguration('eventFlows').update('mongo.connections', undefined, vscode.ConfigurationTarget.Global);
  });

  it('saves the connection without its password and shows its aggregates in the tree', async () => {
    const id = await vscode.commands.executeCommand<string>('eventFlows.addMongoConnection', {
      name: 'Orders on FerretDB',
      connectionString,
      password: mongoAuth.password,
      database,
    });
    assert.ok(id, 'the add command returned no id');
    const saved = JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('mongo.connections'));
    assert.match(saved, /Orders on FerretDB/);
    assert.ok(!saved.includes(mongoAuth.password), 'the password ended up in settings');

    const root = await waitForRoot(api, 'Orders on FerretDB');
    const types = await api.tree.getChildren(root);
    const order = types.find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
    assert.ok(order, `no Order type under the connection: ${types.map((t) => api.tree.getTreeItem(t).label as string).join(', ')}`);
    assert.equal(order.aggregateCount, 3);
    const aggregates = (await api.tree.getChildren(order)).filter((n): n is AggregateNode => n.kind === 'aggregate');
    assert.deepEqual(aggregates.map((a) => a.aggregate.id), ['Order-1001', 'Order-1002', 'Order-1003']);
    assert.equal(aggregates[0].aggregate.version, 6);
    assert.equal(api.tree.getTreeItem(root).contextValue, 'mongoConnected');
  });

  it('opens the timeline of a MongoDB aggregate and replays it to the shipped state', async () => {
    const root = await waitForRoot(api, 'Orders on FerretDB');
    const order = (await api.tree.getChildren(root)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
    assert.ok(order);
    const first = (await api.tree.getChildren(order)).find((n): n is AggregateNode => n.kind === 'aggregate');
    assert.ok(first);
    const panel = await vscode.commands.executeCommand<{ session: { total: number; step(to: string): { state: unknown; type: string } } }>(
      'eventFlows.openTimeline',
      first,
    );
    assert.ok(panel, 'no timeline panel');
    assert.equal(panel.session.total, 6);
    const last = panel.session.step('last');
    assert.equal(last.type, 'OrderShipped');
    assert.equal((last.state as { status: string }).status, 'shipped');
  });

  it('searches aggregates by id prefix', async () => {
    const root = await waitForRoot(api, 'Orders on FerretDB');
    const order = (await api.tree.getChildren(root)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
    assert.ok(order);
    await vscode.commands.executeCommand('eventFlows.searchAggregates', order, 'Order-1002');
    const found = (await api.tree.getChildren(order)).filter((n): n is AggregateNode => n.kind === 'aggregate');
    assert.deepEqual(found.map((a) => a.aggregate.id), ['Order-1002']);
    assert.match(String(api.tree.getTreeItem(order).description), /ids starting "Order-1002": 1 match$/);
    await vscode.commands.executeCommand('eventFlows.searchAggregates', order, 'Order-');
    await api.tree.getChildren(order);
    assert.match(String(api.tree.getTreeItem(order).description), /ids starting "Order-": 3 matches$/);
    await vscode.commands.executeCommand('eventFlows.clearSearch', order);
    assert.equal((await api.tree.getChildren(order)).filter((n) => n.kind === 'aggregate').length, 3);
  });

  it('publishes the sample flow into the MongoDB store too', async () => {
    const root = await waitForRoot(api, 'Orders on FerretDB');
    const published = await vscode.commands.executeCommand<{ aggregates: string[]; events: number }>('eventFlows.publishSampleEvents', root);
    assert.ok(published && published.aggregates.length > 0);
    assert.ok(!published.aggregates.includes('Order-1001'), 'publishing again must not collide with Order-1001');
    api.tree.refresh();
    const fresh = await waitForRoot(api, 'Orders on FerretDB');
    const order = (await api.tree.getChildren(fresh)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
    assert.equal(order?.aggregateCount, 3 + published.aggregates.length);
  });

  it('offers the search indexes a correlation-id search lacked, creates them from the offer, and offers nothing the next time', async () => {
    type Notify = (message: string, ...actions: string[]) => Thenable<string | undefined>;
    type Pick = (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown>;
    const window = vscode.window as unknown as { showWarningMessage: Notify; showInformationMessage: Notify; showQuickPick: Pick };
    const original = { showWarningMessage: window.showWarningMessage, showInformationMessage: window.showInformationMessage, showQuickPick: window.showQuickPick };
    // Were a connection another suite left behind one whose reading changes state, the plan would ask: read this store only.
    window.showQuickPick = (items, options) => Promise.resolve(options?.canPickMany ? items.filter((item) => item.label.startsWith('Orders on FerretDB')) : undefined);
    const offers: string[] = [];
    const told: string[] = [];
    window.showWarningMessage = (message, ...actions) => {
      offers.push(message);
      return Promise.resolve(actions.find((action) => action.startsWith('Create Index')));
    };
    window.showInformationMessage = (message) => {
      told.push(message);
      return Promise.resolve(undefined);
    };
    const ours = (message: string) => message.startsWith(`Orders on FerretDB › ${database}.events: no index covers`);
    try {
      await vscode.commands.executeCommand('eventFlows.findByCorrelationId', `no-such-${randomUUID()}`);
      await waitFor(() => Promise.resolve(told.some((m) => m.startsWith('Created'))), 30_000, `the indexes to be created; offered: ${offers.join(' | ')}; told: ${told.join(' | ')}`);
      assert.deepEqual(offers.filter(ours), [`Orders on FerretDB › ${database}.events: no index covers metadata.correlation_id, metadata.correlationId, so the server read the whole collection for this search.`]);
      assert.match(told.find((m) => m.startsWith('Created')) ?? '', /^Created 2 indexes on Orders on FerretDB \(metadata\.correlation_id, metadata\.correlationId\)/);
      offers.length = 0;
      await vscode.commands.executeCommand('eventFlows.findByCorrelationId', `no-such-${randomUUID()}`);
      assert.deepEqual(offers.filter(ours), []);
    } finally {
      Object.assign(window, original);
    }
    const client = new MongoClient(connectionString, { auth: { username: mongoAuth.username, password: mongoAuth.password } });
    try {
      const names = (await client.db(database).collection('events').indexes()).map((index) => String(index.name));
      assert.ok(names.includes('search_metadata.correlation_id') && names.includes('search_metadata.correlationId'), names.join(', '));
    } finally {
      await client.close();
    }
  });

  it('shows a wrong password as an error in the tree, without the password', async () => {
    const wrong = 'not-the-password-4711';
    await vscode.commands.executeCommand('eventFlows.addMongoConnection', { name: 'Wrong password', connectionString, password: wrong, database });
    const root = await waitForRoot(api, 'Wrong password');
    const children = await api.tree.getChildren(root);
    assert.equal(children.length, 1);
    assert.equal(children[0].kind, 'error');
    const message = children[0].kind === 'error' ? children[0].message : '';
    assert.match(message, /Authentication failed/);
    assert.ok(!message.includes(wrong));
  });

  it('never writes the password to settings, the log, error messages or exports', async () => {
    const root = await waitForRoot(api, 'Orders on FerretDB');
    const order = (await api.tree.getChildren(root)).find((n): n is AggregateTypeNode => n.kind === 'aggregateType' && n.name === 'Order');
    assert.ok(order);
    const first = (await api.tree.getChildren(order)).find((n): n is AggregateNode => n.kind === 'aggregate');
    assert.ok(first);
    const panel = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.openTimeline', first);
    assert.ok(panel);
    const texts: [string, string][] = [
      ['settings', JSON.stringify(vscode.workspace.getConfiguration('eventFlows'))],
      ['exported stream', panel.session.exportStream()],
      ['exported state', panel.session.exportState()],
      ['tree', JSON.stringify((await api.tree.getChildren()).map((n) => api.tree.getTreeItem(n)))],
    ];
    panel.dispose();
    const logs = filesUnder(windowLogFolder(api.logFolder));
    assert.ok(logs.some((file) => file.includes('Event Flows')), `no Event Flows log among ${logs.length} log files`);
    for (const file of [...logs, userSettingsFile(api.logFolder)]) {
      if (fs.existsSync(file)) texts.push([file, fs.readFileSync(file, 'utf8')]);
    }
    const eventFlowsLog = texts.find(([name]) => name.includes('Event Flows'));
    assert.match(eventFlowsLog?.[1] ?? '', /Saved MongoDB connection Orders on FerretDB/, 'the log should record the saved connection');
    for (const secret of [mongoAuth.password, 'not-the-password-4711']) {
      assert.deepEqual(texts.filter(([, text]) => text.includes(secret)).map(([name]) => name), [], `"${secret}" leaked`);
    }
  });

  it('drops a connection removed from settings from the tree', async () => {
    const before = (vscode.workspace.getConfiguration('eventFlows').get<unknown[]>('mongo.connections') ?? []).length;
    const root = await waitForRoot(api, 'Wrong password');
    // The command confirms with a modal dialog; tests remove through settings, as the command does after it.
    const remaining = (vscode.workspace.getConfiguration('eventFlows').get<{ name: string }[]>('mongo.connections') ?? []).filter((p) => p.name !== 'Wrong password');
    await vscode.workspace.getConfiguration('eventFlows').update('mongo.connections', remaining, vscode.ConfigurationTarget.Global);
    await waitFor(async () => !(await api.tree.getChildren()).some((n) => n.id === root.id));
    assert.equal(remaining.length, before - 1);
  });
});

/** The window's log folder: the extension's own folder sits two levels below it (exthost/<id>). */
function windowLogFolder(extensionLogFolder: string): string {
  return path.dirname(path.dirname(extensionLogFolder));
}

/** code-server keeps logs in <user data>/logs/<session>/<window>/…; the user settings are in <user data>/User. */
function userSettingsFile(extensionLogFolder: string): string {
  let dir = extensionLogFolder;
  while (path.basename(dir) !== 'logs' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(path.dirname(dir), 'User', 'settings.json');
}

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function serverAnswers(): Promise<boolean> {
  const client = new MongoClient(connectionString, { auth: { username: mongoAuth.username, password: mongoAuth.password }, serverSelectionTimeoutMS: 3000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
