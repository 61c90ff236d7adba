// The set-ups the Kafka extension-host suites share: useKafkaSuite (the extension activated, the rig's Kafka
// checked, the suite's topics and every saved cluster removed afterwards) and useKafkaTopic (one filled topic and
// one saved cluster of a suite's own, removed afterwards).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Kafka, logLevel, type Message } from 'kafkajs';
import type { EventFlowsApi } from '../../src/extension';
import type { ConnectionNode } from '../../src/explorer/treeNode';
import { host, kafka } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { portOpen, waitForRoot } from './kafkaSupport';
import { ourExtension } from './manifest';

export interface KafkaSuite {
  /** The test's own client of the rig's Kafka, for producing and reading back beside the extension. */
  readonly raw: Kafka;
  /** The extension's API, once the suite's `before` has activated it. */
  api(): EventFlowsApi;
  /**
   * Saves the rig's Kafka as the cluster `name` through the command, waits for its root in the tree and creates
   * `topics` (name: partitions) there through the tree's command, in their order.
   */
  addCluster(name: string, topics: Readonly<Record<string, number>>): Promise<ConnectionNode>;
  /** Sends `messages` to `topic`, acknowledged by every in-sync replica. */
  produce(topic: string, messages: Message[]): Promise<void>;
}

/**
 * Registers the before and after hooks in the calling `describe`: before, activates the extension and skips
 * (or fails, on the rig) when the rig's Kafka does not answer; after, deletes `topics` and forgets every
 * saved Kafka cluster.
 */
export function useKafkaSuite(purpose: string, clientId: string, topics: readonly string[]): KafkaSuite {
  const raw = new Kafka({ clientId, brokers: [...kafka.brokers], logLevel: logLevel.NOTHING });
  let api: EventFlowsApi | undefined;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    const open = await portOpen(kafka.port);
    skipOrFailWithoutRig(this, purpose, open ? undefined : `the test rig's Kafka on ${host}:${kafka.port} does not answer; run npm run services:up`);
  });

  after(async () => {
    const admin = raw.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
    await admin.disconnect();
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.clusters', undefined, vscode.ConfigurationTarget.Global);
  });

  const activated = (): EventFlowsApi => {
    if (!api) throw new Error('the extension is not activated yet');
    return api;
  };

  return {
    raw,
    api: activated,
    addCluster: async (name, topics) => {
      const id = await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name, bootstrapServers: [...kafka.brokers] });
      assert.ok(id, 'the cluster was not saved');
      const root = await waitForRoot(activated(), name);
      for (const [topic, partitions] of Object.entries(topics)) {
        await vscode.commands.executeCommand('eventFlows.kafka.createTopic', root, { name: topic, partitions, replicationFactor: 1 });
      }
      return root;
    },
    produce: (topic, messages) => produceTo(raw, topic, messages),
  };
}

export interface KafkaTopicOptions {
  topic: string;
  /** The name the rig's Kafka is saved under; after the tests only that cluster is forgotten (other suites' stay). */
  clusterName: string;
  /** The topic's own settings (it has one partition). */
  configEntries?: { name: string; value: string }[];
  /** What the topic holds before the tests. */
  messages: Message[];
}

export interface KafkaTopicFixture {
  readonly raw: Kafka;
  /** Sends more messages to the topic. */
  produce(messages: Message[]): Promise<void>;
}

/**
 * Registers the before and after hooks in the calling `describe`: before, skips (or fails, on the rig) when
 * the rig's Kafka does not answer, creates the topic, fills it and saves the rig's Kafka as `clusterName`;
 * after, forgets that cluster and deletes the topic.
 */
export function useKafkaTopic(purpose: string, options: KafkaTopicOptions): KafkaTopicFixture {
  const raw = new Kafka({ brokers: [...kafka.brokers], logLevel: logLevel.NOTHING });
  const { topic, clusterName } = options;
  const produce = (messages: Message[]): Promise<void> => produceTo(raw, topic, messages);

  before(async function () {
    skipOrFailWithoutRig(this, purpose, (await portOpen(kafka.port)) ? undefined : `the test rig's Kafka on ${host}:${kafka.port} does not answer; run npm run services:up`);
    const admin = raw.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, ...(options.configEntries ? { configEntries: options.configEntries } : {}) }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    await produce(options.messages);
    assert.ok(await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name: clusterName, bootstrapServers: [...kafka.brokers] }), 'the cluster was not saved');
  });

  after(async () => {
    const settings = vscode.workspace.getConfiguration('eventFlows');
    await settings.update('kafka.clusters', (settings.get<{ name?: string }[]>('kafka.clusters') ?? []).filter((c) => c.name !== clusterName), vscode.ConfigurationTarget.Global);
    const admin = raw.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  return { raw, produce };
}

async function produceTo(raw: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = raw.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
