/**
 * Kafka as a person meets it: add a cluster through the wizard, publish the sample events to a new topic,
 * browse it in the message browser, open a message, open its key's timeline. The packaged .vsix in
 * code-server against the rig's Kafka, driven in Chromium; it saves the browse view's screenshot.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import * as ports from '../services/ports';
import { portOpen } from '../integration/support/mongoFixture';
import { saveScreenshot } from '../support/browser';
import { skipOrFailWithoutRig } from '../support/rig';
import { codeServerSuite } from './support/codeServerSuite';

describe('Kafka, end to end in code-server', function () {
  this.bail(true);
  this.timeout(2 * 60_000);

  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-e2e-${suffix}`;
  const cluster = `Rig Kafka ${suffix}`;
  const { workbench } = codeServerSuite({
    prepare: async (context) => {
      skipOrFailWithoutRig(context, 'Kafka end to end', (await portOpen(ports.kafka.port)) ? undefined : `the test rig's Kafka on ${ports.host}:${ports.kafka.port} does not answer; run npm run services:up`);
    },
    cleanup: async () => {
      const admin = new Kafka({ clientId: 'efx-e2e-cleanup', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect().then(() => admin.deleteTopics({ topics: [topic] })).catch(() => undefined);
      await admin.disconnect();
    },
  });

  it('adds a Kafka cluster through the wizard, tested before it is saved', async () => {
    const ui = workbench();
    await ui.openView('Event Flows');
    await ui.runCommand('Event Flows: Add Kafka Cluster…', { opensQuickInput: true });
    await ui.answerQuickInput('Bootstrap servers', ports.kafka.brokers[0]);
    await ui.answerQuickInput('Client id', 'efx-e2e');
    await ui.pickQuickItem('no TLS, no SASL');
    await ui.pickQuickItem('Development cluster');
    await ui.answerQuickInput('A name for this cluster', cluster);
    await ui.treeItem(cluster).waitFor({ timeout: 30_000 });
  });

  it('publishes the sample Order flow to a new topic', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Publish Sample Events to Kafka Topic…', { opensQuickInput: true });
    await ui.answerQuickInput('Topic', topic);
    await ui.notificationMessages().filter({ hasText: new RegExp(`Published \\d+ sample orders .* to ${topic}`) }).first().waitFor({ timeout: 30_000 });
  });

  it('browses the topic: rows with partition, offset, record time, key, headers and value, and the promise not to commit', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Browse Kafka Messages…', { opensQuickInput: true });
    await ui.answerQuickInput('Topic', topic);
    const frame = ui.webviewFrame();
    const first = frame.locator('.message-row[data-index]').first();
    await first.waitFor({ timeout: 30_000 });
    const text = (await first.textContent()) ?? '';
    assert.match(text, /Order-\d+/, 'the key column');
    assert.match(text, /event-type=Order\w+/, 'the headers column');
    assert.match((await frame.locator('#no-commit-note').textContent()) ?? '', /never commits offsets/);
    await frame.locator('#browse-status', { hasText: 'the end of the topic' }).waitFor({ timeout: 30_000 });
    await saveScreenshot(ui.page, 'kafka-browse');
  });

  it('opens a message as a read-only JSON document', async () => {
    const ui = workbench();
    const frame = ui.webviewFrame();
    await frame.locator('.message-row[data-index]').first().click();
    await frame.locator('#action-open').click();
    await ui.page.locator(`.part.editor .tab[aria-label*="${topic}-"][aria-label*=".json"]`).first().waitFor({ timeout: 30_000 });
  });

  it("opens the key's timeline from the browsed message", async () => {
    const ui = workbench();
    await ui.page.locator('.part.editor .tab', { hasText: `${topic} · messages` }).click();
    const frame = ui.webviewFrame();
    await frame.locator('.message-row[data-index]').first().click();
    await frame.locator('#action-timeline').click();
    await ui.webviewFrame().locator('.event-row', { hasText: 'OrderCreated' }).waitFor({ timeout: 30_000 });
    await ui.activeTabTitle().filter({ hasText: /Order-\d+/ }).waitFor();
  });
});
