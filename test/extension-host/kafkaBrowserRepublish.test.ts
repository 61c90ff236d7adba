import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { KafkaMessage } from 'kafkajs';
import { readTopicFromStart } from './kafkaTopicReads';
import type { MessageBrowserPanel } from '../../src/panels/messageBrowser/messageBrowserPanel';
import { waitForValue, withTimeout } from './kafkaSupport';
import { useKafkaSuite } from './kafkaSuite';
import { answerMessages } from './support/dialogs';

const COUNTER = 'x-eventflow-republish-count';

/** Re-publish Selected from the message browser of a dead-letter topic, through the panel, the command and the rig's Kafka. */
describe('Kafka message browser re-publish of selected dead letters', function () {
  this.timeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  const name = `Rig Kafka selected letters ${suffix}`;
  const origin = `efx-host-sel-${suffix}`;
  const dlt = `${origin}.DLT`;
  const suite = useKafkaSuite('Kafka re-publish from the browser', 'efx-host-selected-letters', [origin, dlt]);
  const { raw } = suite;

  const readOrigin = async (atLeast: number): Promise<KafkaMessage[]> => (await readTopicFromStart(raw, origin, atLeast, 1500)).map((read) => read.message);

  it('sends exactly the two selected of five dead letters to their origin topic, each with the counter header raised', async () => {
    const root = await suite.addCluster(name, { [origin]: 1, [dlt]: 1 });
    const partitionZero = Buffer.alloc(4);
    const producer = raw.producer();
    await producer.connect();
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: Array.from({ length: 5 }, (_, i) => ({
        key: `order-${i}`,
        value: JSON.stringify({ order: i }),
        headers: { 'kafka_dlt-original-topic': origin, 'kafka_dlt-original-partition': partitionZero, 'kafka_dlt-exception-message': `failed ${i}` },
      })),
    });
    await producer.disconnect();

    const panel = await vscode.commands.executeCommand<MessageBrowserPanel>('eventFlows.kafka.browseTopic', root, { topic: dlt, parameters: { mode: 'beginning', filter: {} } });
    await withTimeout(panel.ready, 20_000, 'the message browser webview never said ready');
    await panel.lastBrowse;
    assert.equal(panel.session.store.size, 5);
    assert.deepEqual(await waitForValue(() => panel.deadLetters), [origin], 'the browser knows the topic holds dead letters');

    const window = vscode.window as unknown as { showQuickPick: (items: readonly { label: string }[]) => Thenable<unknown> };
    const originalPick = window.showQuickPick;
    window.showQuickPick = (items) => Promise.resolve(items[0]);
    const dialogs = answerMessages((shown) => (shown.modal ? 'Re-publish' : undefined));
    try {
      // As the page posts it after a click on row 1 and a Ctrl-click on row 3.
      await panel.handleMessage({ type: 'republish', selection: { positions: [{ partition: 0, offset: '1' }, { partition: 0, offset: '3' }] } });
    } finally {
      dialogs.restore();
      window.showQuickPick = originalPick;
    }
    const question = dialogs.shown.find((shown) => shown.modal);
    assert.equal(question?.message, `Re-publish 2 dead letters from ${dlt} to their origin?`);
    const dryRun = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(dryRun, /2 to re-publish, 0 held back/);
    assert.deepEqual(dryRun.split('\n').filter((line) => /^\s+\[\d+\] @ \d+/.test(line)).map((line) => line.trim().split(' →')[0]), ['[0] @ 1', '[0] @ 3'], 'the dry run lists exactly the selected');
    assert.ok(dialogs.shown.some((shown) => shown.message.startsWith(`Re-published 2 of 2 from ${dlt}`)), dialogs.shown.map((s) => s.message).join(' | '));

    const arrived = await readOrigin(2);
    assert.deepEqual(arrived.map((m) => m.value?.toString()).sort(), ['{"order":1}', '{"order":3}']);
    for (const message of arrived) assert.equal(message.headers?.[COUNTER]?.toString(), '1', `the counter header on ${message.key?.toString()}`);
    panel.dispose();
  });
});
