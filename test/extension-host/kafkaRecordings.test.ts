import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { KafkaMessage } from 'kafkajs';
import { readTopicFromStart } from './kafkaTopicReads';
import { readRecording } from '../../src/connectors/recordings/recordingFormat';
import { useKafkaSuite } from './kafkaSuite';
import { preconfirmed } from './support/preconfirmed';

/** Record Tail to File… and Publish Recording… through the real commands, against the rig's Kafka. */
describe('Kafka recordings', function () {
  this.timeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  const name = `Rig Kafka recordings ${suffix}`;
  const source = `efx-host-rec-${suffix}`;
  const target = `efx-host-rec-again-${suffix}`;
  const suite = useKafkaSuite('Kafka recordings', 'efx-host-recordings', [source, target]);
  const { raw } = suite;

  const readAll = async (topic: string, count: number): Promise<KafkaMessage[]> => (await readTopicFromStart(raw, topic, count)).map((read) => read.message);

  it('records a tail into .eventflow/recordings (added to .gitignore once) and publishes it again byte for byte', async () => {
    const root = await suite.addCluster(name, { [source]: 1, [target]: 1 });
    await suite.produce(source, [
      { key: 'k1', value: '{ "spaced" : true }', headers: { h: ['1', '2'], bin: Buffer.from([0, 255]) } },
      { key: null, value: Buffer.from([0xc3, 0x28]) },
      { key: 'k1', value: null },
    ]);

    const recorded = await vscode.commands.executeCommand<{ file: string; messages: number }>('eventFlows.kafka.recordTail', root, { topic: source, start: { from: 'beginning' }, maxMessages: 3, open: false });
    assert.equal(recorded.messages, 3);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace);
    assert.equal(path.dirname(recorded.file), path.join(workspace, '.eventflow', 'recordings'));
    assert.equal(fs.readFileSync(recorded.file, 'utf8').trim().split('\n').length, 4, 'a first line and three messages');
    const again = await vscode.commands.executeCommand<{ file: string; messages: number }>('eventFlows.kafka.recordTail', root, { topic: source, start: { from: 'beginning' }, maxMessages: 1, open: false });
    assert.equal(again.messages, 1);
    const ignored = fs.readFileSync(path.join(workspace, '.gitignore'), 'utf8').split('\n').filter((line) => line === '.eventflow/recordings/');
    assert.equal(ignored.length, 1, 'the folder is ignored exactly once');

    assert.deepEqual(readRecording(fs.readFileSync(recorded.file, 'utf8')).problems, []);
    const published = await vscode.commands.executeCommand<number>('eventFlows.publishRecording', vscode.Uri.file(recorded.file), { connectionId: root.connection.id, destination: target, confirmed: preconfirmed(suite.api()) });
    assert.equal(published, 3);
    const page = await vscode.commands.executeCommand<{ file: string; messages: number }>('eventFlows.kafka.savePageAsRecording', root, { topic: source, limit: 10 });
    assert.equal(page.messages, 3, 'the page holds the latest of the partition');
    assert.deepEqual(readRecording(fs.readFileSync(page.file, 'utf8')).recording?.messages.map((m) => m.value), readRecording(fs.readFileSync(recorded.file, 'utf8')).recording?.messages.map((m) => m.value));
    const shape = (m: KafkaMessage) => ({ key: m.key?.toString('hex') ?? null, value: m.value?.toString('hex') ?? null, headers: JSON.stringify(m.headers) });
    assert.deepEqual((await readAll(target, 3)).map(shape), (await readAll(source, 3)).map(shape));
  });
});
