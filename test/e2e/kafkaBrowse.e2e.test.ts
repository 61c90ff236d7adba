/**
 * Kafka as a person meets it: add a cluster through the wizard, publish the sample events to a new topic,
 * browse it in the message browser, open a message, open its key's timeline, browse registry-framed Avro
 * values decoded. The packaged .vsix in
 * code-server against the rig's Kafka, driven in Chromium; it saves the browse view's screenshot.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
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
  const avroTopic = `efx-e2e-avro-${suffix}`;
  const cluster = `Rig Kafka ${suffix}`;
  const { workbench } = codeServerSuite({
    prepare: async (context) => {
      const missing = !(await portOpen(ports.kafka.port)) ? `Kafka on ${ports.host}:${ports.kafka.port}` : !(await portOpen(ports.schemaRegistry.port)) ? `schema registry on ${ports.schemaRegistry.port}` : undefined;
      skipOrFailWithoutRig(context, 'Kafka end to end', missing && `the test rig's ${missing} does not answer; run npm run services:up`);
    },
    cleanup: async () => {
      const admin = new Kafka({ clientId: 'efx-e2e-cleanup', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect().then(() => admin.deleteTopics({ topics: [topic, avroTopic] })).catch(() => undefined);
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
    await ui.pickQuickItem('Schema registry…');
    await ui.answerQuickInput('Schema registry URL', ports.schemaRegistry.url);
    await ui.answerQuickInput('Schema registry user name', '');
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

  it('browses registry-framed Avro values decoded with the schema the registry holds for their id', async () => {
    const registry = new SchemaRegistry({ host: ports.schemaRegistry.url });
    const schema = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas', 'order.avsc'), 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${avroTopic}-value` });
    const kafka = new Kafka({ clientId: 'efx-e2e-avro', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: avroTopic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const order = { orderId: 'Order-avro-1', customer: null, total: 12.5, placedAt: 1_767_225_600_000, lines: [{ sku: 'SKU-7', quantity: 2 }], status: 'PAID', attributes: {}, checksum: Buffer.from([1]) };
    await producer.send({ topic: avroTopic, messages: [{ key: 'Order-avro-1', value: await registry.encode(id, order) }] });
    await producer.disconnect();

    const ui = workbench();
    await ui.runCommand('Event Flows: Browse Kafka Messages…', { opensQuickInput: true });
    await ui.answerQuickInput('Topic', avroTopic);
    const row = ui.webviewFrame().locator('.message-row[data-index]').first();
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /\{"orderId":"Order-avro-1","customer":null,"total":12\.5,/, `the decoded value, not its bytes: ${text}`);
  });
});
