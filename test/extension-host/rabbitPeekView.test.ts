// The peek view's host side through the real commands on the rig's RabbitMQ: a quorum queue with a delivery
// limit (each message's x-delivery-count shown, the peek that would dead-letter refused with the reason), and
// a redrive from a DLQ to a chosen exchange after the dry run the page lists.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { RabbitQueueNode } from '../../src/explorer/rabbitmq/rabbitNodes';
import type { PeekToWebview, PeekView } from '../../src/protocol/rabbitmq/peek';
import { ourExtension } from './manifest';
import { openPeekPanel, useRabbitBroker, type PeekPanel } from './rabbitSuite';
import { waitFor, waitForRabbitQueue } from './support/treeWaits';

describe('RabbitMQ peek view', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const vhost = `efx-peekview-${randomUUID().slice(0, 8)}`;
  const label = `Peek view ${vhost}`;
  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  const broker = useRabbitBroker('RabbitMQ peek view', vhost, label);

  async function withChannel<T>(use: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await broker.connection().createConfirmChannel();
    try {
      return await use(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  const ready = (queue: string): Promise<number> => withChannel(async (channel) => (await channel.checkQueue(queue)).messageCount);

  async function openPeek(queue: string): Promise<{ peek: PeekPanel; posted: PeekToWebview[]; first: PeekView }> {
    const { peek, posted } = await openPeekPanel(await queueNode(queue));
    const first = JSON.parse(/<script[^>]*id="first-view"[^>]*>([\s\S]*?)<\/script>/.exec(peek.panel.webview.html)?.[1] ?? 'null') as { view: PeekView } | null;
    assert.ok(first, 'the page carries no first view');
    return { peek, posted, first: first.view };
  }

  it('a quorum queue with a delivery limit: shows each x-delivery-count, then refuses the peek that would dead-letter, with the reason', async () => {
    const queue = 'limited';
    const dlq = 'limited.dlq';
    await withChannel(async (channel) => {
      await channel.assertQueue(dlq, { durable: true });
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq } });
      for (let i = 0; i < 3; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ n: i })), { messageId: `limited-${i}`, persistent: true });
      await channel.waitForConfirms();
    });
    const { peek, posted, first } = await openPeek(queue);
    assert.equal(first.queueType, 'quorum');
    assert.deepEqual(first.messages.map((m) => m.messageId), ['limited-0', 'limited-1', 'limited-2']);
    // The broker shows the count from the first redelivery on.
    assert.deepEqual(first.messages.map((m) => m.deliveryCount), [undefined, undefined, undefined]);

    await peek.handleMessage({ type: 'refresh' });
    const second = posted.filter((m): m is Extract<PeekToWebview, { type: 'peek' }> => m.type === 'peek').at(-1)?.view;
    assert.ok(second, `no second peek: ${JSON.stringify(posted)}`);
    assert.deepEqual(second.messages.map((m) => m.deliveryCount), [1, 1, 1], 'x-delivery-count is not shown per message');
    assert.ok(second.notes.some((n) => /At their delivery limit after this peek .*positions 0, 1, 2/.test(n)), second.notes.join(' | '));

    posted.length = 0;
    await peek.handleMessage({ type: 'refresh' });
    const refused = posted.find((m): m is Extract<PeekToWebview, { type: 'error' }> => m.type === 'error');
    assert.ok(refused, `the third peek was not refused: ${JSON.stringify(posted)}`);
    assert.match(refused.message, /Not peeking limited: 3 message\(s\) .* are at the queue's delivery limit of 2; peeking is a delivery on a quorum queue, and one more would dead-letter them/);
    assert.equal(posted.some((m) => m.type === 'peek'), false, 'a refused peek still showed messages');
    peek.dispose();
    assert.equal(await ready(queue), 3, 'the peeks lost messages');
    assert.equal(await ready(dlq), 0, 'a peek dead-lettered messages');

    // Disconnect and connect again: the record survives (it is kept in the editor's state), the queue is
    // marked in the tree, and the next peek is still refused, so nothing is dead-lettered.
    const node = await queueNode(queue);
    const connection = node.parent.parent.parent.connection;
    await vscode.commands.executeCommand('eventFlows.disconnect', node.parent.parent.parent);
    assert.equal(connection.isOpen, false, 'still connected');
    const again = await queueNode(queue);
    const item = api.tree.getTreeItem(again);
    assert.match(String(item.description), /^at delivery limit: peek refused/);
    assert.match(typeof item.tooltip === 'string' ? item.tooltip : '', /Forget Delivery-Limit Record/);
    const outcome = await vscode.commands.executeCommand('eventFlows.rabbitmq.peekQueue', again, { limit: 10, open: false });
    assert.equal(outcome, undefined, 'the peek after the reconnect was not refused');
    const deadLettered = await ready(dlq);
    console.log(`      rabbitmq.peeksAfterReconnectAtLimit.deadLettered: ${deadLettered}`);
    assert.equal(deadLettered, 0, 'the peek after the reconnect dead-lettered messages');
    assert.equal(await ready(queue), 3);
  });

  it('redrives from a DLQ to a chosen exchange, after the dry run the page lists, and refuses a redrive without one', async () => {
    const source = 'work';
    const dlx = 'work.dlx';
    const dlq = 'work.dlq';
    const retry = 'retry';
    const retried = 'retried';
    await withChannel(async (channel) => {
      await channel.assertExchange(dlx, 'fanout', { durable: true });
      await channel.assertQueue(dlq, { durable: true });
      await channel.bindQueue(dlq, dlx, '');
      await channel.assertQueue(source, { durable: true, arguments: { 'x-dead-letter-exchange': dlx } });
      await channel.assertExchange(retry, 'direct', { durable: true });
      await channel.assertQueue(retried, { durable: true });
        for (let i = 0; i < 3; i++) channel.sendToQueue(source, Buffer.from(JSON.stringify({ job: i })), { messageId: `job-${i}`, persistent: true });
      await channel.waitForConfirms();
    });
    // The messages were sent to `work` through the default exchange; they die there and land in the DLQ.
    await withChannel(async (channel) => {
      for (let i = 0; i < 3; i++) {
        const message = await channel.get(source, { noAck: false });
        assert.ok(message, 'nothing to reject');
        channel.reject(message, false);
      }
    });
    await waitFor(async () => (await ready(dlq)) === 3);
    const { peek, posted, first } = await openPeek(dlq);
    assert.equal(first.dlq, true, 'the DLQ is not marked as one');
    assert.ok(first.exchanges.includes(retry) && first.exchanges.includes(dlx), `the exchanges offered: ${first.exchanges.join(', ')}`);
    assert.ok(!first.exchanges.some((e) => e === '' || e.startsWith('amq.')), 'the broker\'s own exchanges are offered');

    // A redrive the page never showed a dry run for is refused, and moves nothing.
    await peek.handleMessage({ type: 'redrive', positions: 'all', destination: { to: 'exchange', exchange: retry } });
    const unplanned = posted.find((m): m is Extract<PeekToWebview, { type: 'error' }> => m.type === 'error');
    assert.match(unplanned?.message ?? `no error: ${JSON.stringify(posted)}`, /run the dry run of this redrive first/);
    assert.equal(await ready(dlq), 3);

    // The first and the third to `retry`: each keeps the routing key it died with (`work`), as the dry run says.
    posted.length = 0;
    await peek.handleMessage({ type: 'planRedrive', positions: [0, 2], destination: { to: 'exchange', exchange: retry } });
    const plan = posted.find((m): m is Extract<PeekToWebview, { type: 'redrivePlan' }> => m.type === 'redrivePlan')?.plan;
    assert.ok(plan, `no dry run: ${JSON.stringify(posted)}`);
    // Messages not selected are listed as staying, but not counted among those skipped for a reason.
    assert.deepEqual([plan.toSend, plan.skipped], [2, 0]);
    assert.deepEqual(plan.items.map((i) => [i.id, i.goes ?? `stays: ${i.stays ?? ''}`]), [['job-0', `${retry} / ${source}`], ['job-1', 'stays: not selected'], ['job-2', `${retry} / ${source}`]]);
    assert.ok(plan.items[0].death && /rejected in work/.test(plan.items[0].death), JSON.stringify(plan.items[0]));
    assert.equal(await ready(dlq), 3, 'the dry run moved messages');

    // Bound for that key, so that the redriven messages are seen arriving.
    await withChannel((channel) => channel.bindQueue(retried, retry, source));
    posted.length = 0;
    await peek.handleMessage({ type: 'redrive', positions: [0, 2], destination: { to: 'exchange', exchange: retry } });
    const notice = posted.find((m): m is Extract<PeekToWebview, { type: 'notice' }> => m.type === 'notice');
    assert.ok(notice, `no report: ${JSON.stringify(posted)}`);
    assert.equal(notice.message, `Redrove 2 of 2 to exchange ${retry} (key ${source}); 0 stayed; 0 not found; 1 not listed, left alone.`);
    assert.equal(posted.at(-1), notice, 'the page ends on what the redrive did, not on the peek after it');
    const after = posted.filter((m): m is Extract<PeekToWebview, { type: 'peek' }> => m.type === 'peek').at(-1)?.view;
    assert.deepEqual(after?.messages.map((m) => m.messageId), ['job-1'], 'the view does not show what stayed');
    peek.dispose();
    assert.equal(await ready(dlq), 1);
    const arrived = await withChannel(async (channel) => {
      const ids: string[] = [];
      for (;;) {
        const message = await channel.get(retried, { noAck: true });
        if (message === false) return ids;
        ids.push(String(message.properties.messageId));
      }
    });
    assert.deepEqual(arrived, ['job-0', 'job-2']);
  });

  const queueNode = (name: string): Promise<RabbitQueueNode> => waitForRabbitQueue(api, label, vhost, name);
});
