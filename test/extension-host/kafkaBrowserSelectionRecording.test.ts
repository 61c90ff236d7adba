import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { readTopicFromStart, type ReadBack } from './kafkaTopicReads';
import { readRecording } from '../../src/connectors/recordings/recordingFormat';
import type { MessageBrowserPanel } from '../../src/panels/messageBrowser/messageBrowserPanel';
import { withTimeout } from './kafkaSupport';
import { useKafkaSuite } from './kafkaSuite';
import { preconfirmed } from './support/preconfirmed';

/** Save Selection as Recording and Copy Selection in the message browser, through the panel and the rig's Kafka. */
describe('Kafka message browser selection as a recording', function () {
  this.timeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  const name = `Rig Kafka selection recording ${suffix}`;
  const source = `efx-host-selrec-${suffix}`;
  const target = `efx-host-selrec-again-${suffix}`;
  const suite = useKafkaSuite('Kafka selection recordings', 'efx-host-selection-recording', [source, target]);
  const { raw } = suite;

  it('saves exactly the selected messages of two partitions to .eventflow/recordings, copies the same lines, and the saved file publishes byte-identical', async () => {
    const root = await suite.addCluster(name, { [source]: 2, [target]: 1 });
    await suite.produce(source, [
      { partition: 0, key: 'skip-0', value: 'not selected' },
      { partition: 0, key: Buffer.from([0xff, 0x00, 0x41]), value: '{ "spaced" : true }', headers: { h: ['1', '2'], bin: Buffer.from([0, 255]), a: 'z' } },
      { partition: 0, key: null, value: Buffer.from([0xc3, 0x28, 0x00]) },
      { partition: 1, key: '', value: null, headers: { 'x-\u2028': 'line\u2029sep' } },
      { partition: 1, key: 'skip-1', value: 'not selected' },
      { partition: 1, key: 'k', value: '\ufeffwith a byte-order mark' },
    ]);

    const panel = await vscode.commands.executeCommand<MessageBrowserPanel>('eventFlows.kafka.browseTopic', root, { topic: source, parameters: { mode: 'beginning', filter: {} } });
    await withTimeout(panel.ready, 20_000, 'the message browser webview never said ready');
    await panel.lastBrowse;
    assert.equal(panel.session.store.size, 6);

    // As the page posts them: a click on [1] @ 2, Ctrl-clicks on [0] @ 1, [1] @ 0 and [0] @ 2.
    const selection = { positions: [{ partition: 1, offset: '2' }, { partition: 0, offset: '1' }, { partition: 1, offset: '0' }, { partition: 0, offset: '2' }] };
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace);
    const folder = path.join(workspace, '.eventflow', 'recordings');
    const before = fs.existsSync(folder) ? new Set(fs.readdirSync(folder)) : new Set<string>();
    const window = vscode.window as unknown as { showQuickPick: (items: readonly { label: string }[]) => Thenable<unknown> };
    const originalPick = window.showQuickPick;
    const asked: string[] = [];
    window.showQuickPick = (items) => ((asked.push(items[0].label), Promise.resolve(items[0])));
    try {
      await panel.handleMessage({ type: 'recordSelection', selection, to: 'file' });
      await panel.handleMessage({ type: 'recordSelection', selection, to: 'clipboard' });
    } finally {
      window.showQuickPick = originalPick;
    }
    assert.deepEqual(asked, ['.eventflow/recordings'], 'Save asks where once (the default offered first); Copy asks nothing');
    const made = fs.readdirSync(folder).filter((file) => !before.has(file) && file.startsWith(source));
    assert.equal(made.length, 1, `one new recording: ${made.join(', ')}`);
    const file = path.join(folder, made[0]);
    assert.ok(fs.readFileSync(path.join(workspace, '.gitignore'), 'utf8').split('\n').includes('.eventflow/recordings/'), 'the folder is kept out of version control');

    const saved = readRecording(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(saved.problems, []);
    assert.equal(saved.recording?.header.source.channel, source);
    assert.deepEqual(
      saved.recording?.messages.map((m) => m.from),
      selection.positions.map((p) => ({ topic: source, partition: p.partition, offset: p.offset })),
      'exactly the selected, in the order selected',
    );
    const copied = readRecording(await vscode.env.clipboard.readText());
    assert.deepEqual(copied.problems, []);
    assert.deepEqual(copied.recording?.messages, saved.recording?.messages, 'the clipboard holds the same messages as the file');

    const published = await vscode.commands.executeCommand<number>('eventFlows.publishRecording', vscode.Uri.file(file), { connectionId: root.connection.id, destination: target, confirmed: preconfirmed(suite.api()) });
    assert.equal(published, 4);
    const shape = ({ message: m }: ReadBack) => ({ key: m.key?.toString('hex') ?? null, value: m.value?.toString('hex') ?? null, headers: JSON.stringify(Object.entries(m.headers ?? {}).map(([k, v]) => [k, ([] as unknown[]).concat(v).map((b) => (b as Buffer).toString('hex'))])) });
    const originals = await readTopicFromStart(raw, source, 6);
    const expected = selection.positions.map((p) => originals.find((o) => o.partition === p.partition && o.message.offset === p.offset));
    assert.ok(expected.every((e) => e !== undefined));
    assert.deepEqual((await readTopicFromStart(raw, target, 4)).map(shape), expected.map(shape));
    panel.dispose();
  });
});
