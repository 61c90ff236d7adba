/**
 * A RabbitMQ broker as a person meets it: add it through the wizard, declare the sample topology (one
 * confirmed step), publish the sample events, open the topology view and peek the DLQ in the peek view.
 * Then, with the rig's Kafka added too, the sample flow published across Kafka, RabbitMQ and the Local
 * store and traced from its notification into the flow view. The packaged .vsix in code-server, driven in
 * Chromium, against the rig's RabbitMQ in a vhost of its own. Saves the topology view, the peeked DLQ and
 * the flow view for the README (test/e2e/artifacts).
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { portOpen } from '../integration/support/mongoFixture';
import { host, kafka, rabbitmq } from '../services/ports';
import { saveScreenshot } from '../support/browser';
import { management } from '../support/rabbitVhost';
import { skipOrFailWithoutRig } from '../support/rig';
import { uiTimeoutMs } from '../support/waits';
import { codeServerSuite } from './support/codeServerSuite';
import { addRabbitBroker } from './support/rabbitBrokerWizard';
import { FlowViewPage } from './support/flowViewPage';


describe('RabbitMQ, end to end in code-server', function () {
  this.bail(true);
  this.timeout(2 * 60_000);

  const vhost = `efx-e2e-${randomUUID().slice(0, 8)}`;
  let vhostMade = false;
  /** The topic the sample flow across systems is recorded to; removed afterwards only when this suite made it. */
  const crossingTopic = 'orders';
  let crossingTopicMade = false;
  const kafkaAdmin = () => new Kafka({ clientId: 'efx-e2e-crossing', brokers: [...kafka.brokers], logLevel: logLevel.NOTHING }).admin();

  const { workbench } = codeServerSuite({
    prepare: async (context) => {
      const answers = await management('GET', '/whoami').then((r) => r.ok, () => false);
      skipOrFailWithoutRig(context, 'RabbitMQ end to end', answers ? undefined : `the test rig's RabbitMQ management API on ${rabbitmq.managementUrl} does not answer; run npm run services:up`);
      assert.ok((await management('PUT', `/vhosts/${vhost}`)).ok, 'could not create the test vhost');
      vhostMade = true;
      assert.ok((await management('PUT', `/permissions/${vhost}/${rabbitmq.username}`, { configure: '.*', write: '.*', read: '.*' })).ok);
      skipOrFailWithoutRig(context, 'The sample flow across systems', (await portOpen(kafka.port)) ? undefined : `the test rig's Kafka on ${host}:${kafka.port} does not answer; run npm run services:up`);
      const admin = kafkaAdmin();
      await admin.connect();
      crossingTopicMade = !(await admin.listTopics()).includes(crossingTopic);
      await admin.disconnect();
    },
    cleanup: async () => {
      if (vhostMade) await management('DELETE', `/vhosts/${vhost}`).catch(() => undefined);
      if (crossingTopicMade) {
        const admin = kafkaAdmin();
        await admin.connect().then(() => admin.deleteTopics({ topics: [crossingTopic] })).catch(() => undefined);
        await admin.disconnect();
      }
    },
  });

  it('adds the broker through the wizard, tested before it is saved', async () => {
    const ui = workbench();
    await ui.openView('Event Flows');
    await addRabbitBroker(ui, vhost, 'Rig RabbitMQ');
    await ui.treeItem('Rig RabbitMQ').waitFor({ timeout: uiTimeoutMs });
  });

  it('declares the sample topology in one confirmed step and publishes the sample events', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Declare Sample Topology (RabbitMQ)…');
    await ui.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Declare' }).click({ timeout: uiTimeoutMs });
    await ui.runCommand('Event Flows: Publish Sample Events (RabbitMQ)');
    await ui.waitForNotification(/^Published \d+ sample messages to orders/);
    // One order's creation dies (rejected), so the DLQ has something to show.
    const connection = await amqp.connect(`amqp://${rabbitmq.username}:${rabbitmq.password}@${host}:${rabbitmq.port}/${vhost}`);
    try {
      const channel = await connection.createChannel();
      const message = await channel.get('orders.created', { noAck: false });
      assert.ok(message, 'nothing in orders.created');
      channel.reject(message, false);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('lists the vhost in the tree, queues marked DLQ and delay', async () => {
    const ui = workbench();
    // The management API samples its counts every few seconds: wait until it has seen the publish.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const queue = (await (await management('GET', `/queues/${vhost}/orders.dlq`)).json()) as { messages?: number };
      if ((queue.messages ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await ui.expandTreeItem('Rig RabbitMQ');
    await ui.expandTreeItem(vhost);
    await ui.expandTreeItem('Queues');
    const dlq = await ui.treeItem('orders.dlq').locator('.label-description').textContent({ timeout: uiTimeoutMs });
    assert.match(dlq ?? '', /^DLQ · classic · 1 ready/);
    const delay = await ui.treeItem('orders.delay').last().locator('.label-description').textContent({ timeout: uiTimeoutMs });
    assert.match(delay ?? '', /^delay · classic/);
  });

  it('opens the topology view: exchanges, queues, bindings, dead-letter and delay edges; Fit shows it all; a click on an exchange selects it in the tree', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Open Topology View');
    const frame = ui.webviewFrame();
    await frame.locator('.node-queue.node-dlq').waitFor({ timeout: uiTimeoutMs });
    assert.ok((await frame.locator('.edge-dead-letter').count()) >= 4, 'too few dead-letter edges');
    assert.equal(await frame.locator('.edge-delay').count(), 1);
    assert.ok((await frame.locator('.node-exchange').count()) >= 3);
    await frame.locator('#zoom-fit').click();
    await frame.locator('.node-exchange[data-id="exchange:orders.dlx"]').click();
    await ui.page.locator('.part.sidebar .monaco-list-row[role="treeitem"].selected', { hasText: 'orders.dlx' }).waitFor({ timeout: uiTimeoutMs });
    await saveScreenshot(ui.page, 'rabbitmq-topology');
  });

  it('peeks the DLQ: why the message died, and the queue left as it was', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Open Peek View…', { opensQuickInput: true });
    await ui.pickQuickItem('orders.dlq');
    const frame = ui.webviewFrame();
    await frame.locator('.peek-row').first().waitFor({ timeout: uiTimeoutMs });
    await frame.locator('.peek-deaths li', { hasText: 'rejected in orders.created' }).waitFor({ timeout: uiTimeoutMs });
    await frame.locator('#redrive-all').waitFor({ timeout: uiTimeoutMs });
    await saveScreenshot(ui.page, 'rabbitmq-dlq-peek');
    const queue = (await (await management('GET', `/queues/${vhost}/orders.dlq`)).json()) as { messages?: number };
    assert.notEqual(queue.messages, 0, 'the peek emptied the DLQ');
  });

  it('redrives the dead letter from the peek view after its dry run, back to the queue it died in', async () => {
    const ui = workbench();
    const frame = ui.webviewFrame();
    const count = async (queue: string): Promise<number | undefined> => ((await (await management('GET', `/queues/${vhost}/${queue}`)).json()) as { messages?: number }).messages;
    const dead = await count('orders.dlq');
    const before = await count('orders.created');
    assert.ok(dead !== undefined && dead > 0 && before !== undefined, `nothing to redrive: ${dead} in the DLQ`);
    await frame.locator('#redrive-all').click();
    await frame.locator('#redrive-plan .peek-plan-items li', { hasText: 'orders.created' }).first().waitFor({ timeout: uiTimeoutMs });
    assert.equal(await count('orders.dlq'), dead, 'the dry run moved messages');
    await frame.locator('#redrive-confirm').click();
    // Counts in the management API lag the broker by its stats interval.
    const deadline = Date.now() + uiTimeoutMs;
    while ((await count('orders.dlq')) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await count('orders.dlq'), 0, 'the DLQ still holds the redriven messages');
    while ((await count('orders.created')) !== before + dead && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await count('orders.created'), before + dead, 'the redriven messages did not reach orders.created');
  });

  it('adds the rig Kafka too, through its wizard', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Add Kafka Cluster…', { opensQuickInput: true });
    await ui.answerQuickInput('Bootstrap servers', kafka.brokers[0]);
    await ui.answerQuickInput('Client id', 'efx-e2e');
    await ui.pickQuickItem('no TLS, no SASL');
    await ui.pickQuickItem('No schema registry');
    await ui.pickQuickItem('Development cluster');
    await ui.answerQuickInput('A name for this cluster', 'Rig Kafka');
    await ui.treeItem('Rig Kafka').waitFor({ timeout: uiTimeoutMs });
  });

  it('publishes the sample flow across Kafka, RabbitMQ and the Local store and traces it: a lane per system, every hop in order, the retry', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Publish Sample Flow Across Systems');
    await ui.waitForNotification(/^Published order /, 2 * uiTimeoutMs);
    await ui.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: 'Published order ' }).first().locator('.monaco-button', { hasText: 'Trace It' }).click();
    // The plan asks, since peeking a queue changes it: read every source, the queues of this vhost too.
    const plan = ui.page.locator('.quick-input-widget:visible', { hasText: 'Trace plan: ' });
    await plan.waitFor({ timeout: uiTimeoutMs });
    await plan.locator('.quick-input-header .monaco-checkbox, .quick-input-check-all').first().click();
    await plan.locator('.quick-input-header [aria-checked="true"], .quick-input-check-all:checked').first().waitFor({ timeout: uiTimeoutMs });
    await plan.locator('input.input').press('Enter');

    const flow = new FlowViewPage(ui.webviewFrame());
    const status = await flow.waitUntilRead();
    assert.match(status, /^13 events · 3 systems · /, status);
    assert.doesNotMatch(status, /failed/, status);
    const events = await flow.events();
    const crossing = ['OrderCreated', 'ItemAdded', 'ItemAdded', 'PaymentCompleted'];
    assert.deepEqual(
      events.map((e) => [e.type, e.lane]),
      [...crossing.flatMap((type) => [[type, 'Rig Kafka'], [type, 'Rig RabbitMQ'], [type, 'Local']]), ['OrderPaid', 'Local']],
    );
    assert.match(events[0].place, new RegExp(`^${crossingTopic} \\[\\d\\] @ \\d+$`));
    assert.match(events[1].place, /^orders → orders\.created #\d+ \(key order\.created\)$/);
    assert.match(events[2].place, /^Local › \S+ v1$/);
    // The RabbitMQ copy of a Kafka record is the same message relayed; the payment shows its dead letter and retry.
    assert.ok(events[1].lines.some((line) => line.startsWith('the same message, relayed from OrderCreated at orders [')), events[1].lines.join('\n'));
    const payment = events[10];
    assert.equal(payment.type, 'PaymentCompleted');
    assert.ok(payment.lines.some((line) => /^dead-lettered 1× \(rejected\) in orders\.payments/.test(line)), payment.lines.join('\n'));

    // One step out from 1:1 keeps the events' text and shows the first hops across all three lanes.
    await flow.canvas.press('-');
    await flow.canvas.press('Home');
    await saveScreenshot(ui.page, 'flow-view-crossing');
    await flow.canvas.press('End');
    for (let i = 0; i < 2; i++) await flow.canvas.press('ArrowLeft');
    assert.equal((await flow.selected()).lane, 'Rig RabbitMQ');
    await saveScreenshot(ui.page, 'flow-view-retry');
  });
});
