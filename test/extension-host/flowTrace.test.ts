// Trace This Event's Flow from the palette, on the rig's Kafka and RabbitMQ and the workspace's Local store:
// a relay inside the test plays the services (an order on Kafka, relayed to a RabbitMQ exchange under the
// same message id and dead-lettered by billing, billed in the Local store, shipped on Kafka), then the
// command (given the correlation id as typed) plans, the user keeps this test's sources, and the flow view
// holds every hop in order with its place; a click on the store's event opens its timeline, and the
// timeline's event and the peeked dead letter are traced from their views.
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { RabbitQueueNode } from '../../src/explorer/rabbitmq/rabbitNodes';
import type { FlowPanel } from '../../src/panels/flow/flowPanel';
import { host, kafka, rabbitmq } from '../services/ports';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import { ourExtension } from './manifest';
import { waitFor, waitForRabbitQueue } from './support/treeWaits';

type Pick = (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown>;

describe("Trace This Event's Flow", function () {
  this.timeout(180_000);
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-trace-${suffix}`;
  const vhost = `efx-trace-${suffix}`;
  const kafkaName = `Trace Kafka ${suffix}`;
  const rabbitName = `Trace RabbitMQ ${suffix}`;
  const raw = new Kafka({ brokers: [...kafka.brokers], logLevel: logLevel.NOTHING });
  let api: EventFlowsApi;
  let amqpConnection: amqp.ChannelModel | undefined;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    amqpConnection = await openTestVhost(this, "Trace This Event's Flow", vhost);
    const admin = raw.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    assert.ok(await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name: kafkaName, bootstrapServers: [...kafka.brokers] }), 'the cluster was not saved');
    assert.ok(await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: rabbitName, amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}`, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password }), 'the broker was not saved');
  });

  after(async () => {
    const settings = vscode.workspace.getConfiguration('eventFlows');
    await settings.update('kafka.clusters', (settings.get<{ name?: string }[]>('kafka.clusters') ?? []).filter((c) => c.name !== kafkaName), vscode.ConfigurationTarget.Global);
    await settings.update('rabbitmq.brokers', (settings.get<{ name?: string }[]>('rabbitmq.brokers') ?? []).filter((b) => b.name !== rabbitName), vscode.ConfigurationTarget.Global);
    await amqpConnection?.close().catch(() => undefined);
    await deleteTestVhost(vhost);
    const admin = raw.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** The relay: Kafka → RabbitMQ (same id, dead-lettered by billing) → the Local store → Kafka, ids and a traceparent copied along. */
  async function relay(): Promise<{ correlationId: string; ids: string[]; dlq: string }> {
    assert.ok(amqpConnection);
    const correlationId = `order-${randomUUID()}`;
    const traceId = randomBytes(16).toString('hex');
    const tp = (): string => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const base = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    const [placed, billed, shipped] = [`placed-${suffix}`, `billed-${suffix}`, `shipped-${suffix}`];
    const producer = raw.producer();
    await producer.connect();
    const channel = await amqpConnection.createConfirmChannel();
    try {
      await producer.send({ topic, messages: [{ timestamp: String(base), value: '{}', headers: { 'event-id': placed, 'event-type': 'OrderPlaced', 'correlation-id': correlationId, traceparent: tp() } }] });
      await channel.assertExchange('orders', 'topic', { durable: true });
      await channel.assertExchange('orders.dlx', 'fanout', { durable: true });
      await channel.assertQueue('billing.dlq', { durable: true, arguments: { 'x-queue-type': 'classic' } });
      await channel.assertQueue('billing', { durable: true, arguments: { 'x-queue-type': 'classic', 'x-dead-letter-exchange': 'orders.dlx' } });
      await channel.bindQueue('billing', 'orders', 'order.*');
      await channel.bindQueue('billing.dlq', 'orders.dlx', '');
      channel.publish('orders', 'order.placed', Buffer.from('{}'), { messageId: placed, correlationId, type: 'OrderPlaced', timestamp: base / 1000 + 1, headers: { traceparent: tp() } });
      await channel.waitForConfirms();
      let message: amqp.GetMessage | false = false;
      for (let tries = 0; tries < 100 && !message; tries++) {
        message = await channel.get('billing');
        if (!message) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(message, 'billing never got the relayed order');
      channel.nack(message, false, false);
      const store = await api.localConnection().open();
      await store.append(`Billing-${suffix}`, 'Billing', [{ id: billed, type: 'OrderBilled', timestamp: new Date(base + 2000).toISOString(), data: {}, metadata: { correlationId, causationId: placed, traceId } }], 0);
      await producer.send({ topic, messages: [{ timestamp: String(base + 3000), value: '{}', headers: { 'event-id': shipped, 'event-type': 'OrderShipped', 'correlation-id': correlationId, 'causation-id': billed, traceparent: tp() } }] });
    } finally {
      await channel.close().catch(() => undefined);
      await producer.disconnect();
    }
    return { correlationId, ids: [placed, placed, billed, shipped], dlq: 'billing.dlq' };
  }

  it('from the palette, given a correlation id: the plan, then every hop in order with its place; a click opens the timeline; from the timeline and the peek view too', async () => {
    const flow = await relay();
    const window = vscode.window as unknown as { showQuickPick: Pick };
    const original = window.showQuickPick;
    const offered: string[] = [];
    // The plan asks because queues change state when peeked: keep this test's sources only (the rig holds other runs').
    window.showQuickPick = (items, options) => {
      offered.push(...items.map((i) => i.label));
      return Promise.resolve(options?.canPickMany ? items.filter((i) => i.label === `${kafkaName} › ${topic}` || i.label === `${rabbitName} › ${flow.dlq}` || i.label.startsWith('Local ›')) : undefined);
    };
    let panel: FlowPanel | undefined;
    try {
      panel = await vscode.commands.executeCommand<FlowPanel>('eventFlows.traceFlow', flow.correlationId);
    } finally {
      window.showQuickPick = original;
    }
    assert.ok(panel, `no flow panel; the plan offered ${offered.length} source(s)`);
    assert.ok(offered.includes(`${rabbitName} › billing`), 'the plan lists every queue, also those left out');
    const session = panel.session;
    await waitFor(() => Promise.resolve(!session.view().running), 120_000, 'the trace to finish');
    const view = session.view();
    assert.deepEqual(view.sources.filter((s) => s.state === 'failed'), []);
    assert.deepEqual(view.trace.nodes.map((n) => [n.eventId, n.system]), [
      [flow.ids[0], 'kafka'],
      [flow.ids[1], 'rabbitmq'],
      [flow.ids[2], 'local'],
      [flow.ids[3], 'kafka'],
    ]);
    assert.deepEqual(view.trace.edges.map((e) => [e.from, e.to, e.kind, e.latencyMs]), [
      [0, 1, 'relay', 1000],
      [1, 2, 'caused', 1000],
      [2, 3, 'caused', 1000],
    ]);
    assert.match(view.trace.nodes[0].place, new RegExp(`^${topic} \\[0\\] @ 0$`));
    assert.equal(view.trace.nodes[1].place, 'orders.dlx → billing.dlq #0 (key order.placed)');
    assert.equal(view.trace.nodes[1].retries[0]?.reason, 'rejected');
    assert.equal(view.trace.nodes[2].place, `Local › Billing-${suffix} v1`);
    assert.deepEqual(view.trace.lanes.map((l) => l.label), [kafkaName, rabbitName, 'Local']);
    assert.match(view.title, /^Flow of correlation id "order-/);
    // A broker's node opens as its own browser opens the message (the search view's rows open the same way).
    await panel.receive({ type: 'openNode', index: 0 });
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'eventflows-kafka-message');
    await panel.receive({ type: 'openNode', index: 1 });
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'eventflows-rabbitmq-message');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /"why": "rejected/);
    const timelines = api.panels.openCount;
    await panel.receive({ type: 'openNode', index: 2 });
    assert.equal(api.panels.openCount, timelines + 1, 'the store event did not open its timeline');
    panel.dispose();

    // From the timeline: its event traced again, by the correlation id it carries.
    const timeline = api.panels.get('local', `Billing-${suffix}`);
    assert.ok(timeline, 'no timeline of the billed order');
    const flowTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith(`Flow of correlation id "${flow.correlationId.slice(0, 20)}`));
    await waitFor(() => Promise.resolve(flowTabs().length === 0), 10_000, 'the palette trace\'s tab to close');
    window.showQuickPick = (items, options) => Promise.resolve(options?.canPickMany ? items.filter((i) => i.label.startsWith('Local ›')) : undefined);
    try {
      await timeline.handleMessage({ type: 'select', index: 0 });
      await timeline.handleMessage({ type: 'traceFlow' });
      await waitFor(() => Promise.resolve(flowTabs().length === 1), 30_000, 'a flow view of the timeline event');
    } finally {
      window.showQuickPick = original;
    }
    await vscode.window.tabGroups.close(flowTabs());
    timeline.dispose();
    await waitFor(() => Promise.resolve(flowTabs().length === 0), 10_000, 'the timeline trace\'s tab to close');

    // From the peek view of the dead letters: the peeked message traced by the ids it carries.
    const peek = await vscode.commands.executeCommand<{ handleMessage(raw: unknown): Promise<void>; dispose(): void }>('eventFlows.rabbitmq.openPeekView', await queueNode(flow.dlq));
    assert.ok(peek, 'no peek view');
    window.showQuickPick = (items, options) => Promise.resolve(options?.canPickMany ? items.filter((i) => i.label.startsWith('Local ›')) : undefined);
    try {
      await peek.handleMessage({ type: 'trace', position: 0 });
      await waitFor(() => Promise.resolve(flowTabs().length === 1), 30_000, 'a flow view of the peeked message');
    } finally {
      window.showQuickPick = original;
    }
    await vscode.window.tabGroups.close(flowTabs());
    peek.dispose();
  });

  const queueNode = (name: string): Promise<RabbitQueueNode> => waitForRabbitQueue(api, rabbitName, vhost, name);
});
