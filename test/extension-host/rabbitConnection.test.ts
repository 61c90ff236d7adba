import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { PeekOutcome } from '../../src/connectors/rabbitmq/rabbitBroker';
import type { RedriveReport } from '../../src/connectors/rabbitmq/redrive';
import type { SampleTopologyNames } from '../../src/connectors/rabbitmq/sampleTopology';
import type { EventFlowsApi } from '../../src/extension';
import type { RabbitExchangeNode, RabbitQueueNode, RabbitSectionNode, RabbitVhostNode } from '../../src/explorer/rabbitmq/rabbitNodes';
import type { ConnectionNode, TreeNode } from '../../src/explorer/treeNode';
import { host, rabbitmq } from '../services/ports';
import { freePort } from '../support/freePort';
import { deleteTestVhost, management, openTestVhost } from '../support/rabbitVhost';
import { ourExtension } from './manifest';
import { preconfirmed } from './support/preconfirmed';
import { waitFor, waitForRoot } from './support/treeWaits';

/** A RabbitMQ broker through the real commands and tree, in a vhost of its own on the rig's RabbitMQ. */
describe('RabbitMQ broker connection', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const vhost = `efx-host-${randomUUID().slice(0, 8)}`;
  const amqpUrl = `amqp://${host}:${rabbitmq.port}/${vhost}`;
  let raw: amqp.ChannelModel | undefined;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    raw = await openTestVhost(this, 'RabbitMQ connection', vhost);
  });

  after(async () => {
    await raw?.close().catch(() => undefined);
    await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.brokers', undefined, vscode.ConfigurationTarget.Global);
    await deleteTestVhost(vhost);
  });

  async function ready(queue: string): Promise<number> {
    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createChannel();
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close();
    }
  }

  it('tests both halves before saving: a wrong password is refused and nothing is saved', async () => {
    const wrong = 'not-the-password-4711';
    const id = await vscode.commands.executeCommand<string | undefined>('eventFlows.addRabbitConnection', { name: 'Wrong password', amqpUrl, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: wrong });
    assert.equal(id, undefined, 'a broker that refuses the password was saved');
    const saved = JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('rabbitmq.brokers') ?? []);
    assert.ok(!saved.includes('Wrong password'));
    assert.ok(!saved.includes(wrong));
  });

  it('saves the broker without its password and lists its vhost, exchanges and queues', async () => {
    const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: 'Rig RabbitMQ', amqpUrl, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
    assert.ok(id, 'the add command returned no id');
    const saved = JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('rabbitmq.brokers'));
    assert.match(saved, /Rig RabbitMQ/);
    assert.ok(!saved.includes(`:${rabbitmq.password}@`) && !saved.includes('"password"'), `the password ended up in settings: ${saved}`);
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const names = await vscode.commands.executeCommand<SampleTopologyNames>('eventFlows.rabbitmq.declareSampleTopology', root, { confirmed: preconfirmed(api) });
    assert.equal(names.exchange, 'orders');
    assert.equal(api.tree.getTreeItem(root).contextValue, 'rabbitConnected');
    const exchanges = await childrenOf(await section(root, 'exchanges'));
    const orders = exchanges.find((n): n is RabbitExchangeNode => n.kind === 'rabbitExchange' && n.exchange.name === 'orders');
    assert.ok(orders, `no orders exchange: ${exchanges.map((e) => e.id).join(', ')}`);
    assert.equal(orders.exchange.type, 'topic');
    assert.deepEqual(orders.bindings.map((b) => b.routingKey).sort(), Object.values(names.queues).flat().sort(), 'the bindings beneath the exchange are not the declared ones');
    const queues = await queueNodes(root);
    const dlq = queues.find((q) => q.queue.name === names.deadLetterQueue);
    assert.ok(dlq, 'no DLQ in the tree');
    assert.equal(api.tree.getTreeItem(dlq).contextValue, 'rabbitQueueDlq');
    assert.match(String(api.tree.getTreeItem(dlq).description), /^DLQ · /);
    const delay = queues.find((q) => q.queue.name === names.delayQueue);
    assert.ok(delay);
    assert.equal(api.tree.getTreeItem(delay).contextValue, 'rabbitQueueDelay');
    const details = await childrenOf(delay);
    assert.ok(details.some((d) => d.kind === 'rabbitDetail' && d.label === 'message TTL'), 'the delay queue does not show its TTL');
  });

  it('publishes the sample flow where the bindings say, and peeks without changing the queue', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const count = await vscode.commands.executeCommand<number>('eventFlows.rabbitmq.publishSampleEvents', root, { orders: 2, confirmed: preconfirmed(api) });
    assert.ok(count >= 10, `published ${count}`);
    assert.equal(await ready('orders.created'), 2);
    const created = (await queueNodes(root)).find((q) => q.queue.name === 'orders.created');
    assert.ok(created);
    const first = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', created, { limit: 10 });
    assert.equal(first.kind, 'queue');
    assert.equal(first.messages.length, 2);
    const again = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', created, { limit: 10, open: false });
    assert.deepEqual(again.messages.map((m) => m.properties.messageId), first.messages.map((m) => m.properties.messageId), 'the order changed');
    assert.ok(again.messages.every((m) => m.redelivered), 'a peeked message should come back flagged redelivered');
    assert.equal(await ready('orders.created'), 2, 'the peek lost messages');
    const shown = vscode.window.activeTextEditor?.document;
    assert.ok(shown?.uri.scheme === 'eventflows-rabbitmq-message' && shown.getText().includes('"x-death"') === false && shown.getText().includes(first.messages[0].properties.messageId ?? '?'), 'the peek was not shown as a document');
  });

  it('shows why a message died and redrives it to where it came from', async () => {
    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createChannel();
    const message = await channel.get('orders.created', { noAck: false });
    assert.ok(message, 'nothing to reject');
    channel.reject(message, false);
    await channel.close();
    await waitFor(async () => (await ready('orders.dlq')) === 1);
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const dlq = (await queueNodes(root)).find((q) => q.queue.name === 'orders.dlq');
    assert.ok(dlq);
    const peeked = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', dlq, { limit: 10 });
    assert.equal(peeked.messages[0]?.deaths[0]?.reason, 'rejected');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /"why": "rejected in orders.created/);
    const report = await vscode.commands.executeCommand<RedriveReport>('eventFlows.rabbitmq.redrive', dlq, { confirmed: preconfirmed(api), destination: { to: 'origin-queue' }, limit: 10 });
    assert.deepEqual([report.moved, report.skipped.length, report.possiblyDuplicated], [1, 0, 0]);
    assert.equal(await ready('orders.dlq'), 0);
    assert.equal(await ready('orders.created'), 2);
  });

  it('purges a queue when told it is confirmed', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const items = (await queueNodes(root)).find((q) => q.queue.name === 'orders.items');
    assert.ok(items);
    const before = await ready('orders.items');
    assert.ok(before > 0);
    const removed = await vscode.commands.executeCommand<number>('eventFlows.rabbitmq.purgeQueue', items, { confirmed: preconfirmed(api) });
    assert.equal(removed, before);
    assert.equal(await ready('orders.items'), 0);
  });

  it('publishes a document, with diagnostics as it is typed, and a recording of peeked messages again', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    await vscode.commands.executeCommand('eventFlows.rabbitmq.newPublishDocument');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{ "exchange": "orders", "routingKey": 7, "body": {} }'));
    await waitFor(() => Promise.resolve(vscode.languages.getDiagnostics(editor.document.uri).length > 0));
    assert.match(vscode.languages.getDiagnostics(editor.document.uri)[0].message, /routingKey/);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '[{ "exchange": "orders", "routingKey": "order.paid", "properties": { "messageId": "doc-1" }, "body": { "orderId": "Order-9" } }]'));
    await waitFor(() => Promise.resolve(vscode.languages.getDiagnostics(editor.document.uri).length === 0));
    const before = await ready('orders.payments');
    const published = await vscode.commands.executeCommand<number>('eventFlows.rabbitmq.publishDocument', editor.document.uri, { node: root, confirmed: preconfirmed(api) });
    assert.equal(published, 1);
    assert.equal(await ready('orders.payments'), before + 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const payments = (await queueNodes(root)).find((q) => q.queue.name === 'orders.payments');
    assert.ok(payments);
    const file = await vscode.commands.executeCommand<string>('eventFlows.rabbitmq.saveRecording', payments, { limit: 100, open: false });
    assert.ok(file, 'no recording saved');
    const lines = (await vscode.workspace.fs.readFile(vscode.Uri.file(file))).toString().trim().split('\n');
    assert.equal(lines.length, before + 2, 'a first line, then one message a line');
    assert.equal(await ready('orders.payments'), before + 1, 'recording changed the queue');
    const again = await vscode.commands.executeCommand<number>('eventFlows.rabbitmq.publishRecording', vscode.Uri.file(file), { node: root, confirmed: preconfirmed(api) });
    assert.equal(again, before + 1);
    assert.equal(await ready('orders.payments'), 2 * (before + 1));
  });

  it('opens the aggregate timeline of peeked messages, by the aggregate-id header', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const created = (await queueNodes(root)).find((q) => q.queue.name === 'orders.created');
    assert.ok(created);
    const peeked = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', created, { limit: 10, open: false });
    const id = peeked.messages[0].headers.find((h) => h.key === 'aggregate-id')?.value;
    assert.ok(id, 'the sample carries no aggregate-id header');
    const panel = await vscode.commands.executeCommand<{ session: { total: number; aggregateId: string }; dispose(): void }>('eventFlows.rabbitmq.openAggregateTimeline', created, { aggregateId: id });
    assert.ok(panel, 'no timeline panel');
    assert.equal(panel.session.aggregateId, id);
    assert.equal(panel.session.total, 1);
    panel.dispose();
    assert.equal(await ready('orders.created'), 2, 'the timeline changed the queue');
  });

  it('publishes through the delay queue and watches it arrive after the delay', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const delay = (await queueNodes(root)).find((q) => q.queue.name === 'orders.delay');
    assert.ok(delay);
    const before = await ready('orders.shipping');
    const arrival = await vscode.commands.executeCommand<{ target: string; afterMs: number }>('eventFlows.rabbitmq.publishDelayed', delay, { routingKey: 'order.shipped', confirmed: preconfirmed(api) });
    assert.ok(arrival, 'no arrival reported');
    assert.equal(arrival.target, 'orders.shipping');
    assert.ok(arrival.afterMs >= 4_900 && arrival.afterMs < 15_000, `arrived after ${arrival.afterMs} ms`);
    assert.equal(await ready('orders.shipping'), before + 1);
  });

  it('opens the topology view, whose nodes reveal themselves in the tree, and the peek view of the DLQ', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const topology = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel; handleMessage(raw: unknown): Promise<void>; dispose(): void }>('eventFlows.rabbitmq.openTopology', root);
    assert.ok(topology, 'no topology panel');
    assert.match(topology.panel.webview.html, /Content-Security-Policy/);
    assert.match(topology.panel.webview.html, /"kind":"dead-letter"/, 'the first view carries no dead-letter edge');
    await topology.handleMessage({ type: 'reveal', nodeId: 'queue:orders.dlq' });
    assert.equal(api.treeView.selection[0]?.id.endsWith('/queue:orders.dlq'), true, `selected ${api.treeView.selection.map((n) => n.id).join(', ')}`);
    await topology.handleMessage({ type: 'reveal', nodeId: '<script>' });
    topology.dispose();

    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createChannel();
    const message = await channel.get('orders.payments', { noAck: false });
    assert.ok(message);
    channel.reject(message, false);
    await channel.close();
    await waitFor(async () => (await ready('orders.dlq')) === 1);
    const dlq = (await queueNodes(root)).find((q) => q.queue.name === 'orders.dlq');
    assert.ok(dlq);
    const peek = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel; handleMessage(raw: unknown): Promise<void>; dispose(): void }>('eventFlows.rabbitmq.openPeekView', dlq);
    assert.ok(peek, 'no peek panel');
    assert.match(peek.panel.webview.html, /rejected in orders.payments/);
    assert.match(peek.panel.webview.html, /redelivered/);
    await peek.handleMessage({ type: 'open', position: 0 });
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /"why": "rejected in orders.payments/);
    peek.dispose();
    assert.equal(await ready('orders.dlq'), 1, 'the peek view lost the dead letter');
  });

  it('says in the tree which half is down: the management API unreachable while AMQP works, or a refused password', async () => {
    const port = await freePort();
    await vscode.commands.executeCommand('eventFlows.addRabbitConnection', { name: 'No management', amqpUrl, managementUrl: `http://${host}:${port}`, username: rabbitmq.username, password: rabbitmq.password, skipTest: true });
    const noManagement = await waitForRoot(api, 'No management');
    const [error] = await api.tree.getChildren(noManagement);
    assert.equal(error?.kind, 'error');
    assert.match(error.kind === 'error' ? error.message : '', /AMQP works, but the management API at http:\/\/127\.0\.0\.1:\d+\/? does not answer: .*refused/i);

    const wrong = 'not-the-password-4712';
    await vscode.commands.executeCommand('eventFlows.addRabbitConnection', { name: 'Refused password', amqpUrl, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: wrong, skipTest: true });
    const refused = await waitForRoot(api, 'Refused password');
    const [refusal] = await api.tree.getChildren(refused);
    assert.equal(refusal?.kind, 'error');
    const message = refusal.kind === 'error' ? refusal.message : '';
    assert.match(message, /403|ACCESS.REFUSED|access refused/i);
    assert.ok(!message.includes(wrong));
  });

  it('never writes a broker password to settings, the log or the tree', async () => {
    const texts: [string, string][] = [
      ['settings', JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('rabbitmq.brokers'))],
      ['tree', JSON.stringify((await api.tree.getChildren()).map((n) => api.tree.getTreeItem(n)))],
    ];
    for (const file of filesUnder(path.dirname(path.dirname(api.logFolder)))) texts.push([file, fs.readFileSync(file, 'utf8')]);
    assert.ok(texts.some(([name, text]) => name.includes('Event Flows') && text.includes('Saved RabbitMQ broker Rig RabbitMQ')), 'the log should record the saved broker');
    for (const secret of ['not-the-password-4711', 'not-the-password-4712']) {
      assert.deepEqual(texts.filter(([, text]) => text.includes(secret)).map(([name]) => name), [], `"${secret}" leaked`);
    }
  });

  it('reads a stream queue from its last N without consuming anything', async () => {
    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createConfirmChannel();
    await channel.assertQueue('events.stream', { durable: true, arguments: { 'x-queue-type': 'stream' } });
    for (let i = 0; i < 5; i++) channel.sendToQueue('events.stream', Buffer.from(JSON.stringify({ n: i })), { messageId: `s-${i}` });
    await channel.waitForConfirms();
    await channel.close();
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    let stream: RabbitQueueNode | undefined;
    await waitFor(async () => {
      stream = (await queueNodes(root)).find((q) => q.queue.name === 'events.stream');
      return stream !== undefined;
    });
    assert.equal(stream?.queue.type, 'stream');
    assert.equal(api.tree.getTreeItem(stream).contextValue, 'rabbitQueueStream');
    const last = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', stream, { limit: 3, start: { from: 'last', count: 3 }, open: false });
    assert.equal(last.kind, 'stream');
    assert.deepEqual(last.messages.map((m) => m.properties.messageId), ['s-2', 's-3', 's-4']);
    const first = await vscode.commands.executeCommand<PeekOutcome>('eventFlows.rabbitmq.peekQueue', stream, { limit: 10, start: { from: 'first' }, open: false });
    assert.deepEqual(first.messages.map((m) => m.properties.messageId), ['s-0', 's-1', 's-2', 's-3', 's-4'], 'reading consumed something');
  });

  it('deletes a queue and an exchange when told it is confirmed, and refuses the broker\'s own exchanges', async () => {
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    const stream = (await queueNodes(root)).find((q) => q.queue.name === 'events.stream');
    assert.ok(stream);
    await vscode.commands.executeCommand('eventFlows.rabbitmq.deleteQueue', stream, { confirmed: preconfirmed(api) });
    assert.ok(!(await queueNodes(root)).some((q) => q.queue.name === 'events.stream'), 'the queue is still listed');
    const exchangesSection = await section(root, 'exchanges');
    api.tree.refresh(exchangesSection);
    const exchanges = await childrenOf(exchangesSection);
    const delay = exchanges.find((n): n is RabbitExchangeNode => n.kind === 'rabbitExchange' && n.exchange.name === 'orders.delay');
    assert.ok(delay);
    await vscode.commands.executeCommand('eventFlows.rabbitmq.deleteExchange', delay, { confirmed: preconfirmed(api) });
    api.tree.refresh(exchangesSection);
    assert.ok(!(await childrenOf(exchangesSection)).some((n) => n.kind === 'rabbitExchange' && n.exchange.name === 'orders.delay'));
    const own = exchanges.find((n): n is RabbitExchangeNode => n.kind === 'rabbitExchange' && n.exchange.name === 'amq.topic');
    assert.ok(own);
    assert.equal(await vscode.commands.executeCommand('eventFlows.rabbitmq.deleteExchange', own, { confirmed: preconfirmed(api) }), undefined);
    assert.ok((await management('GET', `/exchanges/${vhost}/amq.topic`)).ok, 'amq.topic was deleted');
  });

  it('refreshes the open queue lists on an interval while the view is visible, and not while it is hidden', async () => {
    await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('eventFlows.connections.focus');
      await waitFor(() => Promise.resolve(api.treeView.visible));
      const root = await waitForRoot(api, 'Rig RabbitMQ');
      const queues = await section(root, 'queues');
      const count = async (): Promise<number> => (await childrenOf(queues)).find((n): n is RabbitQueueNode => n.kind === 'rabbitQueue' && n.queue.name === 'orders.shipping')?.queue.ready ?? -1;
      const before = await count();
      if (!raw) throw new Error('no AMQP connection');
      const channel = await raw.createConfirmChannel();
      channel.sendToQueue('orders.shipping', Buffer.from('{}'));
      await channel.waitForConfirms();
      await channel.close();
      // Nobody refreshes by hand: the interval reloads the list, and the management API's sampled count moves within seconds.
      // More than before, not exactly one more: the first figure can be a sample taken before an earlier test's messages settled.
      await waitFor(async () => (await count()) > before, 30_000, `the ready count of orders.shipping to rise above ${before} without a manual refresh`);

      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor(() => Promise.resolve(!api.treeView.visible));
      await childrenOf(queues);
      const cached = api.tree.model.cachedChildren(queues);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(api.tree.model.cachedChildren(queues), cached, 'the list was reloaded while the view was hidden');
    } finally {
      await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('eventFlows.connections.focus');
    }
  });

  it('opens a message whose body is not JSON as text, or as a hex dump', async () => {
    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createConfirmChannel();
    await channel.assertQueue('plain.bodies', { durable: true });
    channel.sendToQueue('plain.bodies', Buffer.from('hello, not JSON'), { contentType: 'text/plain' });
    channel.sendToQueue('plain.bodies', Buffer.from([0, 1, 2, 255]), { contentType: 'application/octet-stream' });
    await channel.waitForConfirms();
    await channel.close();
    const root = await waitForRoot(api, 'Rig RabbitMQ');
    let queue: RabbitQueueNode | undefined;
    await waitFor(async () => {
      queue = (await queueNodes(root)).find((q) => q.queue.name === 'plain.bodies');
      return queue !== undefined;
    });
    const peek = await vscode.commands.executeCommand<{ handleMessage(raw: unknown): Promise<void>; dispose(): void }>('eventFlows.rabbitmq.openPeekView', queue);
    await peek.handleMessage({ type: 'open', position: 0 });
    assert.equal(vscode.window.activeTextEditor?.document.getText().trim(), 'hello, not JSON');
    await peek.handleMessage({ type: 'open', position: 1 });
    const hex = vscode.window.activeTextEditor?.document;
    assert.match(hex?.uri.path ?? '', /\.hex$/);
    assert.match(hex?.getText() ?? '', /00 01 02 ff/i);
    peek.dispose();
    assert.equal(await ready('plain.bodies'), 2);
  });

  async function section(root: ConnectionNode, name: 'exchanges' | 'queues'): Promise<RabbitSectionNode> {
    const vhosts = await childrenOf(root);
    const ours = vhosts.find((n): n is RabbitVhostNode => n.kind === 'rabbitVhost' && n.vhost === vhost);
    assert.ok(ours, `vhost ${vhost} not in ${vhosts.map((v) => v.id).join(', ')}`);
    const found = (await childrenOf(ours)).find((n): n is RabbitSectionNode => n.kind === 'rabbitSection' && n.section === name);
    assert.ok(found);
    return found;
  }

  async function queueNodes(root: ConnectionNode): Promise<RabbitQueueNode[]> {
    const queues = await section(root, 'queues');
    api.tree.refresh(queues);
    return (await childrenOf(queues)).filter((n): n is RabbitQueueNode => n.kind === 'rabbitQueue');
  }

  async function childrenOf(node: TreeNode): Promise<TreeNode[]> {
    const children = await api.tree.getChildren(node);
    const error = children.find((c) => c.kind === 'error');
    if (error?.kind === 'error') throw new Error(`${node.id}: ${error.message}`);
    return children;
  }
});

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
