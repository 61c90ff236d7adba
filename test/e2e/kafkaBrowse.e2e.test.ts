/**
 * Kafka as a person meets it: add a cluster through the wizard, publish the sample events to a new topic,
 * browse it in the message browser, open a message, open its key's timeline, browse registry-framed Avro
 * values decoded, re-publish a Spring-style dead-letter topic from the tree after its dry run. The packaged
 * .vsix in code-server against the rig's Kafka, driven in Chromium; it saves the browse view's and the
 * re-publish's screenshots.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import type { Locator } from 'playwright-core';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import * as ports from '../services/ports';
import { portOpen } from '../integration/support/mongoFixture';
import { saveScreenshot } from '../support/browser';
import { skipOrFailWithoutRig } from '../support/rig';
import { uiTimeoutMs, waitUntil } from '../support/waits';
import { codeServerSuite } from './support/codeServerSuite';

describe('Kafka, end to end in code-server', function () {
  this.bail(true);
  this.timeout(2 * 60_000);

  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-e2e-${suffix}`;
  const avroTopic = `efx-e2e-avro-${suffix}`;
  const originTopic = `efx-e2e-payments-${suffix}`;
  const deadLetterTopic = `${originTopic}-dlt`;
  const cluster = `Rig Kafka ${suffix}`;
  const { workbench } = codeServerSuite({
    prepare: async (context) => {
      const missing = !(await portOpen(ports.kafka.port)) ? `Kafka on ${ports.host}:${ports.kafka.port}` : !(await portOpen(ports.schemaRegistry.port)) ? `schema registry on ${ports.schemaRegistry.port}` : undefined;
      skipOrFailWithoutRig(context, 'Kafka end to end', missing && `the test rig's ${missing} does not answer; run npm run services:up`);
    },
    cleanup: async () => {
      const admin = new Kafka({ clientId: 'efx-e2e-cleanup', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect().then(() => admin.deleteTopics({ topics: [topic, avroTopic, originTopic, deadLetterTopic] })).catch(() => undefined);
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
    await ui.waitForNotification(new RegExp(`Published \\d+ sample orders .* to ${topic}`));
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

  it('re-publishes a dead-letter topic from the tree: a dry run of what goes where, one confirmation, exactly those messages sent back', async () => {
    // Spring Kafka's DeadLetterPublishingRecoverer headers: the origin topic and partition (a 4-byte big-endian
    // number) and the exception; the partition each letter names is where it must land again.
    const letters = [0, 1, 0].map((partition, i) => ({
      key: `payment-${i}`,
      value: JSON.stringify({ paymentId: `payment-${i}`, amount: -i }),
      partition,
    }));
    const kafka = new Kafka({ clientId: 'efx-e2e-dlt', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: originTopic, numPartitions: 2 }, { topic: deadLetterTopic, numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: deadLetterTopic,
        messages: letters.map((letter, i) => ({
          key: letter.key,
          value: letter.value,
          headers: {
            'kafka_dlt-original-topic': originTopic,
            'kafka_dlt-original-partition': int32(letter.partition),
            'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
            'kafka_dlt-exception-message': `amount ${-i} < 0`,
          },
        })),
      });
      await producer.disconnect();

      const ui = workbench();
      await ui.expandTreeItem(cluster);
      await ui.treeItemAction(ui.treeItem('Topics'), 'Search Topics by Name');
      await ui.answerQuickInput('Show the topics whose name starts with', deadLetterTopic);
      await ui.treeItem(deadLetterTopic).filter({ hasText: `DLT → ${originTopic}` }).waitFor({ timeout: uiTimeoutMs });

      await ui.contextMenu(ui.treeItem(deadLetterTopic), 'Re-publish Dead Letters');
      await ui.pickQuickItem('The partition each message came from');
      const dryRun = ui.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first();
      const planned = await waitUntil('the dry run document', () => editorLines(dryRun), (lines) => lines.length >= 6);
      assert.deepEqual(planned.slice(1), [
        `  2 → ${originTopic} [0]`,
        `  1 → ${originTopic} [1]`,
        `  [0] @ 0 → ${originTopic} [0] (original partition)`,
        `  [0] @ 1 → ${originTopic} [1] (original partition)`,
        `  [0] @ 2 → ${originTopic} [0] (original partition)`,
      ]);
      assert.match(planned[0], new RegExp(`^Dry run for ${deadLetterTopic}: 3 to re-publish, 0 held back;`));
      const dialog = ui.page.locator('.monaco-dialog-box', { hasText: `Re-publish 3 dead letters from ${deadLetterTopic} to their origin?` });
      await dialog.waitFor({ timeout: uiTimeoutMs });
      assert.match((await dialog.textContent()) ?? '', new RegExp(`2 → ${originTopic} \\[0\\]\\s*1 → ${originTopic} \\[1\\]\\s*0 held back`), 'the dialog repeats where they go');
      await saveScreenshot(ui.page, 'kafka-dlt-republish');
      await dialog.locator('.monaco-button', { hasText: /^Re-publish$/ }).click();
      await ui.waitForNotification(`Re-published 3 of 3 from ${deadLetterTopic}; 0 held back; 0 failed; 0 possibly duplicated.`);

      const arrived = await readAll(kafka, originTopic, letters.length);
      assert.deepEqual(
        arrived.map((m) => ({ key: m.key, value: m.value, partition: m.partition })).sort((a, b) => a.key.localeCompare(b.key)),
        letters,
        'each letter in the partition its header names, key and value unchanged',
      );
      for (const message of arrived) {
        assert.equal(message.headers['x-eventflow-republish-count'], '1', `the counter header on ${message.key}`);
        assert.equal(message.headers['kafka_dlt-original-topic'], originTopic, `the original headers kept on ${message.key}`);
      }
      const ends = await admin.fetchTopicOffsets(originTopic);
      assert.equal(ends.reduce((sum, p) => sum + Number(p.high), 0), letters.length, 'nothing more than the dry run listed');
    } finally {
      await admin.disconnect();
    }
  });
});

function int32(n: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(n);
  return bytes;
}

/** An editor's rendered lines in their order on screen (the editor renders spaces as no-break spaces). */
function editorLines(viewLines: Locator): Promise<string[]> {
  return viewLines.locator('.view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .filter((text) => text !== ''),
  );
}

interface Arrived {
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The topic's messages as a plain kafkajs consumer reads them (not the code under test), once `count` have come. */
async function readAll(kafka: Kafka, topic: string, count: number): Promise<Arrived[]> {
  const groupId = `efx-e2e-dlt-check-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const arrived: Arrived[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        arrived.push({ partition, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers: textHeaders(message.headers) });
        return Promise.resolve();
      },
    });
    await waitUntil(`${count} messages in ${topic}`, () => Promise.resolve(arrived.length), (n) => n >= count, 60_000);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteGroups([groupId])).catch(() => undefined);
    await admin.disconnect();
  }
  return arrived;
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) text[key] = (Array.isArray(value) ? value[0] : value).toString();
  return text;
}
