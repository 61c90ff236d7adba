import * as vscode from 'vscode';
import { recentSampleFlows, sampleMessages, topicConfigText } from '../../connectors/kafka';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { connectionNode, type TreeNode } from '../../explorer/treeNode';
import { sectionNode, type KafkaSectionNode } from '../../explorer/kafka/kafkaNodes';
import { ask } from '../../ui/prompts';
import { isPreconfirmed } from '../../ui/confirmation';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { confirmWrite, openKafka, pickKafka } from './kafkaPick';

export interface PublishedKafkaSamples {
  topic: string;
  orders: string[];
  messages: number;
  /** Where each order's messages landed: one partition per order. */
  partitions: Record<string, number>;
  /** Messages per order. */
  counts: Record<string, number>;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const validTopic = (text: string) => (TOPIC_NAME.test(text) && text !== '.' && text !== '..' ? undefined : 'A topic name is 1 to 249 of A-Z a-z 0-9 . _ -');

/** Create / delete topic, Publish Sample Events, internal topics shown or hidden, topic search by name prefix. */
export function registerKafkaTopicCommands(services: CommandServices): vscode.Disposable[] {
  const { log, tree } = services;
  return [
    registerCommand(log, KAFKA_COMMANDS.createTopic, 'create the topic', async (node?: TreeNode, given?: { name: string; partitions?: number; replicationFactor?: number }) => {
      const connection = await pickKafka(services, node);
      const name = given?.name ?? (await ask({ title: 'Create topic', prompt: 'Topic name', validate: validTopic }));
      const invalid = validTopic(name);
      if (invalid) throw new Error(invalid);
      const partitions = given?.partitions ?? Number(await ask({ title: `Create ${name}`, prompt: 'Partitions', value: '3', validate: positiveInteger }));
      const replicationFactor = given?.replicationFactor ?? Number(await ask({ title: `Create ${name}`, prompt: 'Replication factor', value: '1', validate: positiveInteger }));
      await confirmWrite(connection, `Create the topic ${name} (${partitions} partitions, replication ${replicationFactor})`);
      const broker = await openKafka(connection);
      await withProgress(`Creating ${name}`, (signal) => broker.createTopic({ name, partitions, replicationFactor }, signal));
      log.info(`Created topic ${name} on ${connection.label}`);
      refreshTopics(services, connection);
      return name;
    }),
    registerCommand(log, KAFKA_COMMANDS.deleteTopic, 'delete the topic', async (node?: TreeNode, given?: string, confirmed?: unknown) => {
      const connection = await pickKafka(services, node);
      const name = node?.kind === 'kafkaTopic' ? node.topic.name : (given ?? (await ask({ title: 'Delete topic', prompt: 'Name of the topic to delete', validate: validTopic })));
      // A name from the arguments only names the topic: the question is asked all the same.
      if (!isPreconfirmed(confirmed)) {
        const answer = await vscode.window.showWarningMessage(
          `Delete the topic "${name}" on ${connection.label}${connection.confirmsWrites ? ' (production)' : ''}? Every message in it is lost.`,
          { modal: true, detail: `Cluster: ${connection.label} (${connection.description})` },
          'Delete',
        );
        if (answer !== 'Delete') throw new CancelledError();
      }
      const broker = await openKafka(connection);
      await withProgress(`Deleting ${name}`, (signal) => broker.deleteTopic(name, signal));
      log.info(`Deleted topic ${name} on ${connection.label}`);
      refreshTopics(services, connection);
    }),
    registerCommand(log, KAFKA_COMMANDS.showTopicConfig, 'show the topic configuration', async (node?: TreeNode, given?: string) => {
      const connection = await pickKafka(services, node);
      const name = node?.kind === 'kafkaTopic' ? node.topic.name : (given ?? (await ask({ title: 'Topic configuration', prompt: 'Topic name', validate: validTopic })));
      const broker = await openKafka(connection);
      const entries = await withProgress(`Reading the configuration of ${name}`, (signal) => broker.topicConfigs(name, signal));
      // An untitled plain-text document: nothing here is written back (the configuration is shown read-only).
      const document = await vscode.workspace.openTextDocument({ content: topicConfigText(connection.label, name, entries), language: 'plaintext' });
      await vscode.window.showTextDocument(document, { preview: true });
      return document;
    }),
    registerCommand(log, KAFKA_COMMANDS.publishSampleEvents, 'publish sample events to Kafka', async (node?: TreeNode, given?: { topic?: string; orders?: number }) => {
      const connection = await pickKafka(services, node);
      const topic = node?.kind === 'kafkaTopic' ? node.topic.name : (given?.topic ?? (await ask({ title: 'Publish sample events', prompt: 'Topic', value: 'orders', validate: validTopic })));
      return publishSamples(services, connection, topic, given?.orders ?? services.settings().sampleOrders);
    }),
    registerCommand(log, KAFKA_COMMANDS.showInternalTopics, 'show internal topics', (node?: TreeNode) => setInternal(services, node, true)),
    registerCommand(log, KAFKA_COMMANDS.hideInternalTopics, 'hide internal topics', (node?: TreeNode) => setInternal(services, node, false)),
    registerCommand(log, KAFKA_COMMANDS.searchTopics, 'search topics', async (node?: TreeNode, prefix?: string) => {
      const section = await topicsSection(services, node);
      const text = prefix ?? (await vscode.window.showInputBox({ title: 'Search topics', prompt: 'Show the topics whose name starts with', value: tree.model.searchOf(section) ?? '', ignoreFocusOut: true }));
      if (text === undefined) throw new CancelledError();
      tree.search(section, text === '' ? undefined : text);
      await services.treeView.reveal(section, { expand: true });
    }),
    registerCommand(log, KAFKA_COMMANDS.clearTopicSearch, 'clear the topic search', async (node?: TreeNode) => {
      tree.search(await topicsSection(services, node), undefined);
    }),
  ];
}

async function publishSamples(services: CommandServices, connection: KafkaClusterConnection, topic: string, orders: number): Promise<PublishedKafkaSamples> {
  await confirmWrite(connection, `Publish ${orders} sample orders to ${topic}`);
  const broker = await openKafka(connection);
  const flows = recentSampleFlows(orders);
  const messages = sampleMessages(flows);
  const receipts = await withProgress(`Publishing ${messages.length} sample messages to ${topic}`, async (signal) => {
    const existing = await broker.topics({ prefix: topic, limit: 1 }, signal);
    // A missing topic is made with three partitions, so the orders spread and each stays in one.
    if (existing.topics[0]?.name !== topic) await broker.createTopic({ name: topic, partitions: 3, replicationFactor: 1 }, signal);
    return broker.publish({ name: topic }, messages, signal);
  });
  const partitions: Record<string, number> = {};
  const counts: Record<string, number> = {};
  messages.forEach((message, i) => {
    if (typeof message.key !== 'string') return;
    counts[message.key] = (counts[message.key] ?? 0) + 1;
    if (receipts[i]?.partition !== undefined) partitions[message.key] = receipts[i].partition;
  });
  services.log.info(`Published ${messages.length} sample messages (${flows.length} orders) to ${topic} on ${connection.label}`);
  refreshTopics(services, connection);
  void vscode.window.showInformationMessage(`Published ${flows.length} sample orders (${messages.length} messages, keyed by order id) to ${topic}.`);
  return { topic, orders: flows.map((f) => f.aggregateId), messages: messages.length, partitions, counts };
}

function positiveInteger(text: string): string | undefined {
  return /^[1-9]\d{0,4}$/.test(text.trim()) ? undefined : 'a whole number from 1';
}

async function setInternal(services: CommandServices, node: TreeNode | undefined, show: boolean): Promise<void> {
  const connection = await pickKafka(services, node);
  connection.showInternalTopics = show;
  refreshTopics(services, connection);
}

/** The Topics node of the cluster (from the node or the user's choice). */
async function topicsSection(services: CommandServices, node: TreeNode | undefined): Promise<KafkaSectionNode> {
  if (node?.kind === 'kafkaSection' && node.section === 'topics') return node;
  const connection = await pickKafka(services, node);
  const root = services.tree.model.cachedRoot(connection.id) ?? connectionNode(connection);
  return sectionNode(root, 'topics');
}

function refreshTopics(services: CommandServices, connection: KafkaClusterConnection): void {
  const root = services.tree.model.cachedRoot(connection.id);
  if (!root) return;
  // Only the Topics list reloads; the brokers and groups stay as they are.
  const topics = services.tree.model.cachedChildren(root)?.find((n) => n.kind === 'kafkaSection' && n.section === 'topics');
  services.tree.refresh(topics ?? root);
}
