import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaGroupNode, KafkaLagNode, KafkaPartitionNode, KafkaSectionNode, KafkaTopicNode } from '../../src/explorer/kafka/kafkaNodes';
import type { KafkaClusterConnection } from '../../src/connections/kafka/kafkaConnection';
import type { MessageBrowserPanel } from '../../src/panels/messageBrowser/messageBrowserPanel';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { host, kafka, kafkaCaFile } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { filesUnder, findRoot, portOpen, waitForRoot, waitForValue, withTimeout } from './kafkaSupport';
import { ourExtension } from './manifest';
import { preconfirmed } from './support/preconfirmed';
import { waitFor } from './support/treeWaits';

interface PublishedKafkaSamples {
  topic: string;
  orders: string[];
  messages: number;
  partitions: Record<string, number>;
  counts: Record<string, number>;
}

/** A Kafka cluster through the real commands and tree, against the rig's broker on its SASL (SCRAM-SHA-256) listener. */
describe('Kafka cluster connection', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-${suffix}`;
  const name = `Rig Kafka ${suffix}`;
  let published: PublishedKafkaSamples | undefined;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    const open = await portOpen(kafka.saslPort);
    skipOrFailWithoutRig(this, 'Kafka connection', open ? undefined : `the test rig's Kafka on ${host}:${kafka.saslPort} does not answer; run npm run services:up`);
  });

  after(async () => {
    const root = await findRoot(api, name);
    if (root) await vscode.commands.executeCommand('eventFlows.kafka.deleteTopic', root, topic, preconfirmed(api));
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.clusters', undefined, vscode.ConfigurationTarget.Global);
  });

  it('refuses a wrong SASL password before saving, saying it was authentication', async () => {
    const wrong = 'not-the-password-4711';
    const id = await vscode.commands.executeCommand<string | undefined>('eventFlows.addKafkaConnection', {
      name: 'Wrong password',
      bootstrapServers: [...kafka.saslBrokers],
      sasl: { mechanism: 'scram-sha-256', username: kafka.username },
      password: wrong,
      timeoutMs: 10_000,
    });
    assert.equal(id, undefined, 'a cluster that failed its test was saved');
    const saved = JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('kafka.clusters') ?? []);
    assert.ok(!saved.includes('Wrong password'));
  });

  it('connects over TLS with the CA file the profile names, and refuses TLS to the plaintext port before saving', async () => {
    const id = await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name: `TLS ${suffix}`, bootstrapServers: [...kafka.sslBrokers], ssl: { enabled: true, caFile: kafkaCaFile } });
    assert.ok(id, 'the TLS cluster did not pass its test');
    const refused = await vscode.commands.executeCommand<string | undefined>('eventFlows.addKafkaConnection', { name: `TLS to plaintext ${suffix}`, bootstrapServers: [...kafka.brokers], ssl: { enabled: true, caFile: kafkaCaFile }, timeoutMs: 5000 });
    assert.equal(refused, undefined);
    const root = await waitForRoot(api, `TLS ${suffix}`);
    const sections = await api.tree.getChildren(root);
    assert.equal(sections.length, 3, `over TLS: ${sections.map((n) => n.kind).join(', ')}`);
  });

  it('saves the cluster without its password and publishes the sample Order flow keyed by order id', async () => {
    const id = await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', {
      name,
      bootstrapServers: [...kafka.saslBrokers],
      sasl: { mechanism: 'scram-sha-256', username: kafka.username },
      password: kafka.password,
    });
    assert.ok(id, 'the add command returned no id');
    const saved = JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('kafka.clusters'));
    assert.match(saved, new RegExp(name));
    assert.ok(!saved.includes(kafka.password), 'the password ended up in settings');

    const root = await waitForRoot(api, name);
    published = await vscode.commands.executeCommand<PublishedKafkaSamples>('eventFlows.kafka.publishSampleEvents', root, { topic, orders: 4 });
    assert.ok(published, 'publishing returned nothing');
    assert.equal(published.orders.length, 4);
    assert.equal(Object.keys(published.partitions).length, 4, 'every order landed in one partition');
    assert.equal(api.tree.getTreeItem(root).contextValue, 'kafkaConnected');
  });

  it('lists the topic (found by name prefix) with its partitions, and the brokers', async () => {
    assert.ok(published, 'nothing was published');
    const root = await waitForRoot(api, name);
    const sections = (await api.tree.getChildren(root)) as KafkaSectionNode[];
    assert.deepEqual(sections.map((s) => s.section), ['brokers', 'topics', 'groups']);
    const brokers = await api.tree.getChildren(sections[0]);
    assert.equal(brokers.length, 1);
    assert.match(String(api.tree.getTreeItem(brokers[0]).description), /127\.0\.0\.1:\d+ · controller/);

    await vscode.commands.executeCommand('eventFlows.kafka.searchTopics', sections[1], `efx-host-${suffix}`);
    const topics = (await api.tree.getChildren(sections[1])).filter((n): n is KafkaTopicNode => n.kind === 'kafkaTopic');
    assert.deepEqual(topics.map((t) => t.topic.name), [topic]);
    assert.equal(api.tree.getTreeItem(sections[1]).contextValue, 'kafkaTopicsSearched');
    assert.match(String(api.tree.getTreeItem(topics[0]).description), new RegExp(`3 partitions · RF 1 · ${published.messages} messages`));

    const partitions = (await api.tree.getChildren(topics[0])).filter((n): n is KafkaPartitionNode => n.kind === 'kafkaPartition');
    assert.equal(partitions.length, 3);
    const total = partitions.reduce((sum, p) => sum + Number(p.partition.latest - p.partition.earliest), 0);
    assert.equal(total, published.messages);
    await vscode.commands.executeCommand('eventFlows.kafka.clearTopicSearch', sections[1]);
    assert.equal(api.tree.getTreeItem(sections[1]).contextValue, 'kafkaTopics');
  });

  it('New Kafka Produce Document saves a .kafka file for the topic it is run on, with its CodeLens, and refuses no name', async () => {
    assert.ok(published, 'nothing was published');
    const root = await waitForRoot(api, name);
    const sections = (await api.tree.getChildren(root)) as KafkaSectionNode[];
    await vscode.commands.executeCommand('eventFlows.kafka.searchTopics', sections[1], topic);
    const node = (await api.tree.getChildren(sections[1])).find((n): n is KafkaTopicNode => n.kind === 'kafkaTopic' && n.topic.name === topic);
    assert.ok(node, 'the topic is not listed');
    await vscode.commands.executeCommand('eventFlows.kafka.clearTopicSearch', sections[1]);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-produce-doc-'));
    try {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('eventFlows.kafka.newProduceDocument', node, { file: path.join(folder, 'payments') });
      assert.ok(editor, 'no editor');
      const document = editor.document;
      assert.equal(document.uri.scheme, 'file');
      assert.equal(document.uri.fsPath, path.join(folder, 'payments.kafka'));
      assert.equal(document.isDirty, false);
      assert.equal(document.languageId, 'eventflows-kafka');
      assert.match(fs.readFileSync(document.uri.fsPath, 'utf8'), new RegExp(`^topic: ${topic}$`, 'm'));
      assert.doesNotMatch(document.getText(), /^topic: orders$/m);
      let lenses: vscode.CodeLens[] = [];
      for (const until = Date.now() + 10_000; lenses.length === 0 && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 200))) {
        lenses = (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', document.uri)) ?? [];
      }
      assert.ok(lenses.some((lens) => /Produce/.test(lens.command?.title ?? '')), lenses.map((l) => l.command?.title).join(', '));
      const byName = await vscode.commands.executeCommand<vscode.TextEditor>('eventFlows.kafka.newProduceDocument', root, { topic, file: path.join(folder, 'second.kafka') });
      assert.equal(byName?.document.uri.fsPath, path.join(folder, 'second.kafka'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("opens an order key's timeline from its partition, replayed by the Order reducer", async () => {
    assert.ok(published, 'nothing was published');
    const root = await waitForRoot(api, name);
    const order = published.orders[1];
    const panel = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.kafka.openKeyTimeline', root, { topic, key: order });
    assert.ok(panel, 'no timeline panel');
    assert.equal(panel.session.total, published.counts[order]);
    assert.equal(panel.session.aggregateId, order);
    assert.equal(panel.session.step('first')?.type, 'OrderCreated');
    assert.match(panel.session.step('last')?.type ?? '', /^Order(Shipped|Cancelled)$/);
    panel.dispose();
  });

  it('produces from a .kafka document ×10, flags invalid JSON as you type, and shows a message where it landed', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'eventflows-kafka',
      content: `### one\ntopic: ${topic}\nkey: Order-9001\nheader: event-type: OrderCreated\n\n{ "orderId": "Order-9001" }\n### broken\ntopic: ${topic}\n\n{ "orderId": }\n`,
    });
    const diagnostics = await waitForValue(() => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics[0].range.start.line, 9);
    assert.match(diagnostics[0].message, /Invalid JSON/);
    const refused = await vscode.commands.executeCommand<unknown>('eventFlows.kafka.produceMessage', document.uri, { line: 7, cluster: name });
    assert.equal(refused, undefined, 'a message with invalid JSON was produced');

    // Until a cluster is chosen for the document, its lens says the first send asks; then it names the cluster.
    const lensTitles = async (): Promise<string[]> => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? []).map((l) => l.command?.title ?? '');
    assert.ok((await lensTitles()).includes(`$(play) Produce to ${topic} (asks which cluster)`), (await lensTitles()).join(' | '));
    const landed = await vscode.commands.executeCommand<{ topic: string; partition: number; offset: string; cluster: string }[]>('eventFlows.kafka.produceMessage', document.uri, { line: 1, times: 10, cluster: name, confirmed: preconfirmed(api) });
    assert.ok((await lensTitles()).includes(`$(play) Produce to ${topic} on ${name}`), (await lensTitles()).join(' | '));
    assert.ok((await lensTitles()).includes(`Produce ×10 on ${name}`), (await lensTitles()).join(' | '));
    assert.equal(landed?.length, 10);
    assert.equal(new Set(landed.map((p) => p.partition)).size, 1, 'one key, one partition');
    const offsets = landed.map((p) => BigInt(p.offset));
    offsets.forEach((offset, i) => assert.equal(offset, offsets[0] + BigInt(i)));

    const shown = await vscode.commands.executeCommand<vscode.TextDocument>('eventFlows.kafka.showMessage', landed[9]);
    assert.ok(shown, 'no message document');
    const record = JSON.parse(shown.getText()) as { key: string; offset: string; partition: number; headers: { key: string; value: string }[]; value: unknown };
    assert.equal(record.key, 'Order-9001');
    assert.equal(record.offset, landed[9].offset);
    assert.deepEqual(record.headers, [{ key: 'event-type', value: 'OrderCreated' }]);
    assert.deepEqual(record.value, { orderId: 'Order-9001' });
    assert.equal(shown.uri.scheme, 'eventflows-kafka-message');
  });

  it('browses the topic in the message browser: every mode keeps what it should, filters, opens a message', async () => {
    assert.ok(published, 'nothing was published');
    const root = await waitForRoot(api, name);
    const panel = await vscode.commands.executeCommand<MessageBrowserPanel>('eventFlows.kafka.browseTopic', root, { topic, parameters: { mode: 'beginning', filter: {} } });
    assert.ok(panel, 'no browser panel');
    await withTimeout(panel.ready, 20_000, 'the message browser webview never said ready');
    await panel.lastBrowse;
    const total = published.messages + 10;
    assert.equal(panel.session.store.size, total);
    const rows = panel.session.store.rows(0, total);
    assert.ok(rows.every((r) => r.timestamp.endsWith('Z') && r.key !== null));
    // The sample flow sends a correlation-id header with every message; the .kafka document's ten none.
    const correlated = rows.filter((r) => r.correlationId !== undefined);
    assert.equal(correlated.length, published.messages);
    for (const row of correlated) assert.ok(row.headers.includes(`correlation-id=${row.correlationId}`), `${row.correlationId} is not the header of ${row.headers}`);
    assert.equal(new Set(correlated.map((r) => r.correlationId)).size, published.orders.length, 'one correlation id per order');

    const order = published.orders[0];
    await panel.browse({ mode: 'beginning', filter: { key: order } });
    assert.equal(panel.session.store.size, published.counts[order]);
    await panel.browse({ mode: 'beginning', filter: { headerKey: 'event-type', headerValue: 'OrderCreated' } });
    assert.equal(panel.session.store.size, published.orders.length + 10);
    await panel.browse({ mode: 'latest', count: 1, filter: {} });
    assert.equal(panel.session.store.size, 3, 'latest 1 of each of 3 partitions');
    await panel.browse({ mode: 'timestamp', timestamp: Date.now() + 3_600_000, filter: {} });
    assert.equal(panel.session.store.size, 0, 'a timestamp after every record must not start from the beginning');
    await panel.browse({ mode: 'beginning', filter: { jsonPath: '$[?(@.orderId == "Order-9001")]' } });
    assert.equal(panel.session.store.size, 10);

    await panel.handleMessage({ type: 'open', index: 0 });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'eventflows-kafka-message');
    assert.match(editor.document.getText(), /"key": "Order-9001"/);
    await panel.handleMessage({ type: 'compare', left: 0, right: 1, view: 'hex' });
    const bytes = vscode.window.activeTextEditor;
    assert.match(bytes?.document.uri.path ?? '', /\.hex\.txt$/, 'the bytes compare opens the hex documents');
    assert.match(bytes?.document.getText() ?? '', /value \(\d+ bytes\):\n00000000 {2}7b /, 'the value as the hex of its JSON bytes');
    await panel.handleMessage({ type: 'nonsense', index: -1 });
    panel.dispose();

    // The browses read by fetches: they made no consumer group, so none can be left behind.
    const broker = await (root.connection as KafkaClusterConnection).open();
    assert.deepEqual(broker.browseGroupsMade(), [], 'a browse read by fetches makes no consumer group');
  });

  it('shows a group\'s lag per partition, the message at its committed offset, and resets it with a preview', async () => {
    assert.ok(published, 'nothing was published');
    const group = `efx-host-group-${suffix}`;
    const admin = new Kafka({ clientId: 'efx-host-test', brokers: [...kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // The group "consumed" one message of each partition and committed.
      const marks = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: group, topic, partitions: marks.map((m) => ({ partition: m.partition, offset: String(Number(m.low) + 1) })) });
      const root = await waitForRoot(api, name);
      const groups = ((await api.tree.getChildren(root)) as KafkaSectionNode[])[2];
      api.tree.refresh(groups);
      const node = (await api.tree.getChildren(groups)).find((n): n is KafkaGroupNode => n.kind === 'kafkaGroup' && n.group.groupId === group);
      assert.ok(node, 'the group is not listed');
      const lags = (await api.tree.getChildren(node)).filter((n): n is KafkaLagNode => n.kind === 'kafkaLag');
      assert.equal(lags.length, 3);
      assert.match(String(api.tree.getTreeItem(node).description), /· lag [\d,]+$/);
      const size = (m: { low: string; high: string }) => Number(m.high) - Number(m.low);
      assert.equal(lags.reduce((sum, l) => sum + Number(l.lag.lag), 0), marks.reduce((sum, m) => sum + size(m) - 1, 0));
      const lagging = lags.find((l) => l.lag.lag > 0n);
      assert.ok(lagging && lagging.lag.lagMs !== undefined, 'no lag in time');
      assert.match(String(api.tree.getTreeItem(lagging).description), /oldest unconsumed/);

      const shown = await vscode.commands.executeCommand<vscode.TextDocument>('eventFlows.kafka.showCommittedMessage', lagging);
      assert.equal((JSON.parse(shown?.getText() ?? '{}') as { offset?: string }).offset, String(lagging.lag.committed));

      const plan = await vscode.commands.executeCommand<{ partitions: { partition: number; next: bigint }[] }>('eventFlows.kafka.resetOffsets', node, { topic, target: { to: 'earliest' }, confirmed: preconfirmed(api) });
      assert.ok(plan, 'no reset plan');
      const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      for (const p of committed[0].partitions) assert.equal(p.offset, marks.find((m) => m.partition === p.partition)?.low);
      // Loaded again after the reset: the group's trend shows both totals.
      await api.tree.getChildren(node);
      assert.match(String(api.tree.getTreeItem(node).description), /lag [\d,]+ → [\d,]+$/);
    } finally {
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it("refreshes a group's lag and the topic's message count while the view is visible, and not while it is hidden", async () => {
    assert.ok(published, 'nothing was published');
    const group = `efx-host-moving-${suffix}`;
    const raw = new Kafka({ clientId: 'efx-host-test', brokers: [...kafka.brokers], logLevel: logLevel.NOTHING });
    const admin = raw.admin();
    const producer = raw.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    const produce = async (count: number): Promise<void> => {
      await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `moving-${i}`, value: '{"moving":true}' })) });
    };
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      const marks = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: group, topic, partitions: marks.map((m) => ({ partition: m.partition, offset: m.low })) });
      await vscode.commands.executeCommand('eventFlows.connections.focus');
      await waitFor(() => Promise.resolve(api.treeView.visible));
      const root = await waitForRoot(api, name);
      const [, topicsSection, groupsSection] = (await api.tree.getChildren(root)) as KafkaSectionNode[];
      api.tree.refresh(groupsSection);
      const groupNode = (await api.tree.getChildren(groupsSection)).find((n): n is KafkaGroupNode => n.kind === 'kafkaGroup' && n.group.groupId === group);
      assert.ok(groupNode, 'the group is not listed');
      await api.tree.getChildren(groupNode);
      await api.tree.getChildren(topicsSection);
      // What the tree shows now, read from the cache the view draws from (no load is triggered here).
      const shownLag = (): number => (api.tree.model.cachedChildren(groupNode) ?? []).reduce((sum, n) => sum + (n.kind === 'kafkaLag' ? Number(n.lag.lag) : 0), 0);
      const shownTopic = (): KafkaTopicNode | undefined => (api.tree.model.cachedChildren(topicsSection) ?? []).find((n): n is KafkaTopicNode => n.kind === 'kafkaTopic' && n.topic.name === topic);
      const shownMessages = (): number => Number(shownTopic()?.topic.messages ?? -1);
      const lagBefore = shownLag();
      const messagesBefore = shownMessages();
      assert.equal(lagBefore, marks.reduce((sum, m) => sum + Number(m.high) - Number(m.low), 0));

      await produce(5);
      // Nobody refreshes by hand: the interval reads the lag and the counts again.
      await waitFor(() => Promise.resolve(shownLag() === lagBefore + 5 && shownMessages() === messagesBefore + 5), 30_000, `the lag to reach ${lagBefore + 5} and the topic to count ${messagesBefore + 5} without a manual refresh (shown: lag ${shownLag()}, ${shownMessages()} messages)`);
      // The group's trend gains the new total: "lag 37 → 42".
      assert.match(String(api.tree.getTreeItem(groupNode).description), new RegExp(`lag ${lagBefore} → ${lagBefore + 5}$`));
      const lagItem = (api.tree.model.cachedChildren(groupNode) ?? []).find((n) => n.kind === 'kafkaLag');
      assert.ok(lagItem);
      assert.match(api.tree.getTreeItem(lagItem).tooltip as string, /\nRead at \d\d:\d\d:\d\d UTC$/);
      const topicNode = shownTopic();
      assert.ok(topicNode);
      assert.match(String(api.tree.getTreeItem(topicNode).description), new RegExp(`${(messagesBefore + 5).toLocaleString('en-US')} messages$`));
      assert.match(api.tree.getTreeItem(topicNode).tooltip as string, /\nRead at \d\d:\d\d:\d\d UTC$/);

      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor(() => Promise.resolve(!api.treeView.visible));
      const cached = api.tree.model.cachedChildren(groupNode);
      await produce(3);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(api.tree.model.cachedChildren(groupNode), cached, 'the lag was read again while the view was hidden');
      assert.equal(shownLag(), lagBefore + 5);
    } finally {
      await vscode.workspace.getConfiguration('eventFlows').update('kafka.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('eventFlows.connections.focus');
      await producer.disconnect();
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('hides internal topics unless asked', async () => {
    const root = await waitForRoot(api, name);
    const topicsSection = ((await api.tree.getChildren(root)) as KafkaSectionNode[])[1];
    await vscode.commands.executeCommand('eventFlows.kafka.searchTopics', topicsSection, '__');
    const hidden = (await api.tree.getChildren(topicsSection)).filter((n): n is KafkaTopicNode => n.kind === 'kafkaTopic');
    assert.deepEqual(hidden.map((t) => t.topic.name).filter((n) => n.startsWith('__')), [], 'an internal topic is listed without asking');
    await vscode.commands.executeCommand('eventFlows.kafka.showInternalTopics', topicsSection);
    const children = await api.tree.getChildren(topicsSection);
    const shown = children.filter((n): n is KafkaTopicNode => n.kind === 'kafkaTopic');
    const labelOf = (label: string | vscode.TreeItemLabel | undefined): string => (typeof label === 'object' ? label.label : (label ?? ''));
    const listed = children.map((n) => `${n.kind}: ${labelOf(api.tree.getTreeItem(n).label)}`).join('; ');
    assert.ok(shown.some((t) => t.topic.name === '__consumer_offsets'), `internal topics: ${shown.map((t) => t.topic.name).join(', ')}; listed: ${listed}`);
    assert.equal(api.tree.getTreeItem(shown[0]).contextValue, 'kafkaInternalTopic');
    await vscode.commands.executeCommand('eventFlows.kafka.hideInternalTopics', topicsSection);
    await vscode.commands.executeCommand('eventFlows.kafka.clearTopicSearch', topicsSection);
  });

  it('never writes the SASL password to settings, the log, the tree or a document it opened', async () => {
    const texts: [string, string][] = [
      ['settings', JSON.stringify(vscode.workspace.getConfiguration('eventFlows').get('kafka.clusters'))],
      ['tree', JSON.stringify((await api.tree.getChildren()).map((n) => api.tree.getTreeItem(n)))],
      ...vscode.workspace.textDocuments.map((d): [string, string] => [d.uri.toString(), d.getText()]),
    ];
    for (const file of filesUnder(path.dirname(path.dirname(api.logFolder)))) texts.push([file, fs.readFileSync(file, 'utf8')]);
    assert.ok(texts.some(([file, text]) => file.includes('Event Flows') && text.includes(name)), 'the log should mention the cluster');
    for (const secret of [kafka.password, 'not-the-password-4711']) {
      assert.deepEqual(texts.filter(([, text]) => text.includes(secret)).map(([file]) => file), [], `"${secret}" leaked`);
    }
  });
});
