import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { RabbitQueueNode, RabbitSectionNode, RabbitVhostNode } from '../../src/explorer/rabbitmq/rabbitNodes';
import type { TreeNode } from '../../src/explorer/treeNode';
import type { MessageBrowserPanel } from '../../src/panels/messageBrowser/messageBrowserPanel';
import type { BusRun } from '../../src/sandbox/bus/busTypes';
import { host, kafka, rabbitmq } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { portOpen, waitForRoot, waitForValue, withTimeout } from './kafkaSupport';
import { ourExtension } from './manifest';

const ENVELOPE = { event_id: 'env-1', event_type: 'OrderCreated', aggregate_id: 'Order-7001', timestamp: '2026-12-03T09:00:00.000Z', data: { customerId: 'C-7' } };
const handlersOf = (run: BusRun | undefined) => run?.traces.map((t) => [t.event.type, t.handlers.map((h) => [h.name, h.outcome])]);

/**
 * "Run Through Bus" from the message views: a real Kafka topic browsed and a real RabbitMQ queue peeked on
 * the rig, each selection sent through the starter bus into the bus-run view; a body that is not JSON runs nothing.
 */
describe('Run Through Bus from broker messages', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const suffix = randomUUID().slice(0, 8);

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('eventFlows.createStarterBus');
  });

  describe('a browsed Kafka message', () => {
    const topic = `efx-bus-${suffix}`;
    const name = `Bus Kafka ${suffix}`;
    const admin = new Kafka({ clientId: 'efx-host-bus', brokers: [...kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    let adminConnected = false;

    before(async function () {
      const open = await portOpen(kafka.port);
      skipOrFailWithoutRig(this, 'Kafka bus run', open ? undefined : `the test rig's Kafka on ${host}:${kafka.port} does not answer; run npm run services:up`);
      await admin.connect();
      adminConnected = true;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const producer = new Kafka({ clientId: 'efx-host-bus', brokers: [...kafka.brokers], logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      try {
        await producer.send({
          topic,
          messages: [
            { key: 'Order-7001', value: JSON.stringify(ENVELOPE) },
            { key: 'Order-7001', value: JSON.stringify({ sku: 'SKU-1', quantity: 2, unitPrice: 3.5 }), headers: { 'event-type': 'ItemAdded', 'event-id': 'hdr-2' } },
            { key: 'Order-7001', value: Buffer.from([0xff, 0x00, 0xfe, 0x01]) },
          ],
        });
      } finally {
        await producer.disconnect();
      }
    });

    after(async () => {
      if (adminConnected) {
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
        await admin.disconnect();
      }
      await vscode.workspace.getConfiguration('eventFlows').update('kafka.clusters', undefined, vscode.ConfigurationTarget.Global);
    });

    it('runs the selected message, then two, through the starter bus; a binary one runs nothing', async () => {
      const id = await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name, bootstrapServers: [...kafka.brokers] });
      assert.ok(id, 'the cluster was not saved');
      const root = await waitForRoot(api, name);
      const panel = await vscode.commands.executeCommand<MessageBrowserPanel>('eventFlows.kafka.browseTopic', root, { topic, parameters: { mode: 'beginning', filter: {} } });
      assert.ok(panel, 'no browser panel');
      await withTimeout(panel.ready, 20_000, 'the message browser webview never said ready');
      await panel.lastBrowse;
      const rows = panel.session.store.rows(0, 10);
      const at = (offset: string) => rows.find((r) => r.offset === offset)?.index ?? -1;
      assert.deepEqual(rows.map((r) => r.offset).sort(), ['0', '1', '2']);

      await panel.handleMessage({ type: 'runThroughBus', indices: [at('0')] });
      const first = await waitForValue(() => api.busRuns.current);
      assert.deepEqual(handlersOf(first), [['OrderCreated', [['recordOrder', 'ok']]]]);
      assert.deepEqual([first.traces[0].event.id, first.traces[0].event.aggregateId, first.traces[0].event.data], ['env-1', 'Order-7001', { customerId: 'C-7' }]);

      await panel.handleMessage({ type: 'runThroughBus', indices: [at('0'), at('1')] });
      const both = api.busRuns.current;
      assert.notEqual(both, first, 'the second selection did not run');
      assert.deepEqual(handlersOf(both), [
        ['OrderCreated', [['recordOrder', 'ok']]],
        ['ItemAdded', [['addToTotal', 'ok'], ['reserveStock', 'ok']]],
      ]);
      assert.equal(both?.traces[1].event.id, 'hdr-2');
      assert.deepEqual(both?.traces[1].handlers[1].attempts.map((a) => a.attempt), [1, 2], 'the starter bus retries reserveStock once');

      await panel.handleMessage({ type: 'runThroughBus', indices: [at('2')] });
      assert.equal(api.busRuns.current, both, 'a binary message ran through the bus');
      panel.dispose();
    });
  });

  describe('a peeked RabbitMQ message', () => {
    const vhost = `efx-bus-${suffix}`;
    const name = `Bus RabbitMQ ${suffix}`;
    const auth = `Basic ${Buffer.from(`${rabbitmq.username}:${rabbitmq.password}`).toString('base64')}`;
    const management = (method: string, path: string, body?: unknown) =>
      fetch(`${rabbitmq.managementUrl}/api${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(10_000) });

    before(async function () {
      const answers = await management('GET', '/whoami').then((r) => r.ok, () => false);
      skipOrFailWithoutRig(this, 'RabbitMQ bus run', answers ? undefined : `the test rig's RabbitMQ management API on ${rabbitmq.managementUrl} does not answer; run npm run services:up`);
      assert.ok((await management('PUT', `/vhosts/${vhost}`)).ok, 'could not create the test vhost');
      assert.ok((await management('PUT', `/permissions/${vhost}/${rabbitmq.username}`, { configure: '.*', write: '.*', read: '.*' })).ok);
      const connection = await amqp.connect(`amqp://${rabbitmq.username}:${rabbitmq.password}@${host}:${rabbitmq.port}/${vhost}`);
      try {
        const channel = await connection.createConfirmChannel();
        await channel.assertQueue('orders.audit', { durable: true });
        channel.sendToQueue('orders.audit', Buffer.from(JSON.stringify({ sku: 'SKU-9', quantity: 1, unitPrice: 10 })), { type: 'ItemAdded', messageId: 'rmq-1', headers: { 'aggregate-id': 'Order-7002' } });
        channel.sendToQueue('orders.audit', Buffer.from(JSON.stringify({ ...ENVELOPE, event_id: 'env-2', event_type: 'OrderShipped', data: { carrier: 'DHL' } })));
        channel.sendToQueue('orders.audit', Buffer.from([0x00, 0x9f, 0x92, 0x96]), { contentType: 'application/octet-stream' });
        await channel.waitForConfirms();
        await channel.close();
      } finally {
        await connection.close();
      }
    });

    after(async () => {
      await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.brokers', undefined, vscode.ConfigurationTarget.Global);
      await management('DELETE', `/vhosts/${vhost}`).catch(() => undefined);
    });

    it('runs the selected peeked messages through the starter bus; a binary one runs nothing; the queue keeps them', async () => {
      const amqpUrl = `amqp://${host}:${rabbitmq.port}/${vhost}`;
      const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name, amqpUrl, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
      assert.ok(id, 'the broker was not saved');
      const root = await waitForRoot(api, name);
      const queue = await findQueue(root, 'orders.audit');
      const peek = await vscode.commands.executeCommand<{ handleMessage(raw: unknown): Promise<void>; dispose(): void }>('eventFlows.rabbitmq.openPeekView', queue);
      assert.ok(peek, 'no peek view');

      const before = api.busRuns.current;
      await peek.handleMessage({ type: 'runThroughBus', positions: [0, 1] });
      const run = api.busRuns.current;
      assert.ok(run && run !== before, 'the peeked messages did not run');
      assert.deepEqual(handlersOf(run), [
        ['ItemAdded', [['addToTotal', 'ok'], ['reserveStock', 'ok']]],
        ['OrderShipped', [['notifyCustomer', 'ok']]],
      ]);
      assert.deepEqual([run.traces[0].event.id, run.traces[0].event.aggregateId, run.traces[1].event.id], ['rmq-1', 'Order-7002', 'env-2']);
      assert.deepEqual(run.traces[1].handlers[0].attempts.at(-1)?.result, { notified: 'Order-7001', carrier: 'DHL' });

      await peek.handleMessage({ type: 'runThroughBus', positions: [2] });
      assert.equal(api.busRuns.current, run, 'a binary message ran through the bus');
      peek.dispose();
      const connection = await amqp.connect(`amqp://${rabbitmq.username}:${rabbitmq.password}@${host}:${rabbitmq.port}/${vhost}`);
      try {
        const channel = await connection.createChannel();
        assert.equal((await channel.checkQueue('orders.audit')).messageCount, 3, 'running peeked messages through the bus took them off the queue');
      } finally {
        await connection.close();
      }
    });

    async function findQueue(root: TreeNode, queueName: string): Promise<RabbitQueueNode> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const vhosts = await api.tree.getChildren(root);
        const ours = vhosts.find((n): n is RabbitVhostNode => n.kind === 'rabbitVhost' && n.vhost === vhost);
        const queues = ours ? (await api.tree.getChildren(ours)).find((n): n is RabbitSectionNode => n.kind === 'rabbitSection' && n.section === 'queues') : undefined;
        if (queues) api.tree.refresh(queues);
        const found = queues ? (await api.tree.getChildren(queues)).find((n): n is RabbitQueueNode => n.kind === 'rabbitQueue' && n.queue.name === queueName) : undefined;
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no queue ${queueName} in vhost ${vhost}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });
});
