/**
 * The flow monitor as a person meets it, in code-server against the rig's RabbitMQ (a vhost of its own):
 * watch a dead-letter queue, right-click its chart to set "Alert when… dead letters grow", then a consumer
 * rejects messages into it: one notification (Open Monitor, Trace a dead letter), the summary in the status
 * bar and in the monitor. Saves the monitor with its alert firing for the README (test/e2e/artifacts).
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { host, rabbitmq } from '../services/ports';
import { saveScreenshot } from '../support/browser';
import { management } from '../support/rabbitVhost';
import { skipOrFailWithoutRig } from '../support/rig';
import { uiTimeoutMs } from '../support/waits';
import { codeServerSuite } from './support/codeServerSuite';
import { addRabbitBroker } from './support/rabbitBrokerWizard';
import { MonitorPage } from './support/monitorPage';

const BROKER = 'Rig RabbitMQ';
const DLQ = 'orders.dlq';
const WORK = 'orders.created';

describe('Flow monitor, end to end in code-server', function () {
  this.bail(true);
  this.timeout(2 * 60_000);

  const vhost = `efx-e2e-monitor-${randomUUID().slice(0, 8)}`;
  let vhostMade = false;

  const { workbench } = codeServerSuite({
    prepare: async (context) => {
      const answers = await management('GET', '/whoami').then((r) => r.ok, () => false);
      skipOrFailWithoutRig(context, 'Flow monitor end to end', answers ? undefined : `the test rig's RabbitMQ management API on ${rabbitmq.managementUrl} does not answer; run npm run services:up`);
      assert.ok((await management('PUT', `/vhosts/${vhost}`)).ok, 'could not create the test vhost');
      vhostMade = true;
      assert.ok((await management('PUT', `/permissions/${vhost}/${rabbitmq.username}`, { configure: '.*', write: '.*', read: '.*' })).ok);
      assert.ok((await management('PUT', `/queues/${vhost}/${DLQ}`, { durable: true })).ok);
      assert.ok((await management('PUT', `/queues/${vhost}/${WORK}`, { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': DLQ } })).ok);
    },
    codeServer: { settings: { 'eventFlows.monitor.refreshSeconds': 1 } },
    cleanup: async () => {
      if (vhostMade) await management('DELETE', `/vhosts/${vhost}`).catch(() => undefined);
    },
  });

  /** A consumer rejects one order: the broker dead-letters it into the queue watched. */
  async function deadLetterOne(): Promise<void> {
    const connection = await amqp.connect(`amqp://${rabbitmq.username}:${rabbitmq.password}@${host}:${rabbitmq.port}/${vhost}`);
    try {
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(WORK, Buffer.from(JSON.stringify({ orderId: randomUUID(), total: 59.5 })), { persistent: true, type: 'OrderCreated', messageId: randomUUID() });
      await channel.waitForConfirms();
      const message = await channel.get(WORK, { noAck: false });
      assert.ok(message, `nothing in ${WORK}`);
      channel.reject(message, false);
      await channel.close();
    } finally {
      await connection.close();
    }
  }

  it('watches the dead-letter queue in the monitor', async () => {
    const ui = workbench();
    await ui.openView('Event Flows');
    await addRabbitBroker(ui, vhost, BROKER);
    await ui.expandTreeItem(BROKER);
    await ui.runCommand('Event Flows: Open Flow Monitor', { opensQuickInput: true });
    await ui.pickQuickItem(BROKER);
    await ui.pickQuickItems([DLQ]);
    const monitor = new MonitorPage(ui);
    await monitor.chart('depth', DLQ).locator('canvas').first().waitFor({ timeout: uiTimeoutMs });
    await monitor.chart('depth', DLQ).locator('.chart-latest', { hasText: /^0 messages$/ }).waitFor({ timeout: uiTimeoutMs });
  });

  it('right-click on the chart: Alert when dead letters grow, written to the settings', async () => {
    const ui = workbench();
    const monitor = new MonitorPage(ui);
    await monitor.alertWhen(monitor.chart('depth', DLQ));
    await ui.pickQuickItem('Dead letters grow here');
    await ui.answerQuickInput('How many more messages raise the alert?', '1');
    await ui.waitForNotification(/^Alert added to eventFlows\.alerts/);
  });

  it('dead letters arrive: one notification with Open Monitor and Trace a dead letter, the summary in the status bar and the monitor', async () => {
    const ui = workbench();
    const monitor = new MonitorPage(ui);
    // The broker's other virtual hosts (other runs') stay out of the picture.
    await ui.treeItem(BROKER).locator('.monaco-tl-twistie').click();
    const toast = ui.page.locator('.notifications-toasts .notification-list-item', { hasText: `Dead letters grow in ${DLQ}` });
    // The alert takes the queue's depth at its first reading as the baseline: dead letters keep coming until it fires.
    for (let sent = 0; sent < 10 && (await toast.count()) === 0; sent += 1) {
      await deadLetterOne();
      await toast.first().waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    await toast.locator('.monaco-button', { hasText: 'Open Monitor' }).waitFor({ timeout: uiTimeoutMs });
    await toast.locator('.monaco-button', { hasText: 'Trace a dead letter' }).waitFor({ timeout: uiTimeoutMs });
    await monitor.alerts().filter({ hasText: /^Alerts: DLQ \+\d/ }).waitFor({ timeout: uiTimeoutMs });
    await ui.page.locator('.statusbar-item', { hasText: /DLQ \+\d/ }).first().waitFor({ timeout: uiTimeoutMs });
    await saveScreenshot(ui.page, 'flow-monitor-alert');

    // The management API's counts lag the queue by a few seconds, so a dead letter sent before the alert
    // fired may show in the same reading as this one: the figure moves up, by one or more.
    const figure = async (): Promise<number> => Number(/DLQ \+(\d+)/.exec((await monitor.alerts().textContent()) ?? '')?.[1]);
    const before = await figure();
    await deadLetterOne();
    const deadline = Date.now() + uiTimeoutMs;
    let after = await figure();
    while (!(after > before) && Date.now() < deadline) {
      await ui.page.waitForTimeout(250);
      after = await figure();
    }
    assert.ok(after > before, `the alert's figure stayed at DLQ +${before} after another dead letter`);
    // The status bar says the same as the view once both have the last reading.
    let same = false;
    while (!same && Date.now() < deadline) {
      same = (await ui.page.locator('.statusbar-item', { hasText: `DLQ +${await figure()}` }).count()) > 0;
      if (!same) await ui.page.waitForTimeout(250);
    }
    assert.ok(same, `the status bar does not follow the view's DLQ +${await figure()}`);
    await ui.runCommand('Notifications: Show Notifications');
    const center = ui.page.locator('.notifications-center .notification-list-item', { hasText: `Dead letters grow in ${DLQ}` });
    await center.first().waitFor({ timeout: uiTimeoutMs });
    assert.equal(await center.count(), 1, 'more dead letters are the same alert: one notification');
  });
});
