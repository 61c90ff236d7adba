// Show Topic or Queue Statistics on a topic node of the tree, as a user runs it: the rig's Kafka topic
// seeded with two variants of one type on known days; the command returns exact counts and opens them as
// a JSON document when asked for one, else the statistics view, where the drifted variant's example is
// labelled by its partition and offset and opens that record's message document in one click.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { StoreStatistics } from '../../src/connectors/reads/statistics';
import type { KafkaSectionNode, KafkaTopicNode } from '../../src/explorer/kafka/kafkaNodes';
import type { EventFlowsApi } from '../../src/extension';
import type { StatisticsPanel } from '../../src/panels/statistics/statisticsPanel';
import { typeDetailOf } from '../../src/panels/statistics/statisticsView';
import { waitForRoot } from './kafkaSupport';
import { useKafkaTopic } from './kafkaSuite';
import { ourExtension } from './manifest';

describe('Topic statistics from the tree', function () {
  this.timeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-stats-${suffix}`;
  const name = `Statistics Kafka ${suffix}`;
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  const at = (iso: string) => String(Date.parse(iso));
  useKafkaTopic('topic statistics', {
    topic,
    clusterName: name,
    configEntries: [{ name: 'retention.ms', value: '-1' }],
    messages: [
      { key: 'order-1', timestamp: at('2026-11-30T09:00:00.000Z'), value: JSON.stringify({ id: 'order-1', total: 5 }), headers: { 'event-type': 'OrderPlaced', producer: 'shop' } },
      { key: 'order-2', timestamp: at('2026-11-30T10:00:00.000Z'), value: JSON.stringify({ id: 'order-2', total: 6 }), headers: { 'event-type': 'OrderPlaced', producer: 'shop' } },
      { key: 'order-1', timestamp: at('2026-12-01T09:00:00.000Z'), value: JSON.stringify({ id: 'order-1', total: 7, currency: 'EUR' }), headers: { 'event-type': 'OrderPlaced', producer: 'shop' } },
    ],
  });

  async function topicNode(): Promise<KafkaTopicNode> {
    const root = await waitForRoot(api, name);
    const sections = (await api.tree.getChildren(root)) as KafkaSectionNode[];
    const topics = sections.find((s) => s.section === 'topics');
    assert.ok(topics, 'no Topics section');
    const node = (await api.tree.getChildren(topics)).find((n): n is KafkaTopicNode => n.kind === 'kafkaTopic' && n.topic.name === topic);
    assert.ok(node, `no node for ${topic}`);
    return node;
  }

  it('reads the topic of the node and opens its statistics as JSON', async () => {
    const statistics = await vscode.commands.executeCommand<StoreStatistics>('eventFlows.showSourceStatistics', await topicNode(), 'json');
    assert.ok(statistics);
    assert.equal(statistics.source, topic);
    assert.deepEqual(statistics.sample, { method: 'all', read: 3, total: 3, note: 'all 3 messages' });
    assert.deepEqual(statistics.types.map((t) => [t.type, t.events, t.variants.map((v) => v.events)]), [['OrderPlaced', 3, [2, 1]]]);
    assert.deepEqual(statistics.days, [
      { day: '2026-11-30', events: 2 },
      { day: '2026-12-01', events: 1 },
    ]);
    assert.deepEqual(statistics.largestAggregates, [
      { aggregateId: 'order-1', events: 2 },
      { aggregateId: 'order-2', events: 1 },
    ]);
    assert.deepEqual(statistics.producers?.producers, [{ producer: 'shop', events: 3 }]);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document?.isUntitled);
    assert.equal(document.languageId, 'json');
    assert.deepEqual((JSON.parse(document.getText()) as StoreStatistics).sample, statistics.sample);
  });

  it("opens the statistics view, where the drifted variant's example, labelled by partition and offset, opens its record in one click", async () => {
    const panel = await vscode.commands.executeCommand<StatisticsPanel>('eventFlows.showSourceStatistics', await topicNode(), 'view');
    assert.ok(panel && typeof panel.receive === 'function', 'the command gave no statistics view');
    try {
      assert.equal(panel.panel.viewType, 'eventFlows.statistics');
      const statistics = panel.statistics;
      assert.ok(statistics, 'the view has no statistics');
      assert.equal(statistics.source, topic);
      const drifted = statistics.types[0].variants[1];
      assert.deepEqual([drifted.added, drifted.example.place], [['data.currency: string'], { partition: 0, offset: '2' }]);
      assert.equal(typeDetailOf(statistics, 0)?.variants[1].example.label, 'partition 0 · offset 2');

      await panel.receive({ type: 'openExample', typeIndex: 0, variantIndex: 1, which: 'example' });
      const opened = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'eventflows-kafka-message' && d.uri.path.endsWith(`/${topic}-0-2.json`));
      assert.ok(opened, `no message document of ${topic} [0] @ 2 opened: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
      const record = JSON.parse(opened.getText()) as { topic?: string; partition?: number; offset?: string; value?: unknown };
      assert.deepEqual([record.topic, record.partition, record.offset, record.value], [topic, 0, '2', { id: 'order-1', total: 7, currency: 'EUR' }]);
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === opened.uri.toString());
      await vscode.window.tabGroups.close(tabs);
    } finally {
      panel.dispose();
    }
  });
});
