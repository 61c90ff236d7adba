/**
 * New Kafka Produce Document: the topic picked from the cluster (or the one the tree names), saved as a
 * `.kafka` file the user names, so its CodeLens and diagnostics stay with a file that survives the window.
 * A topic with a schema starts from a sample of it.
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import type { CommandServices } from '../services';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { isKafka, openKafka, pickKafka } from './kafkaPick';
import type { ProduceSchemaLookup } from './produceSchemaLookup';

export interface NewProduceDocumentGiven {
  /** The topic, instead of asking. */
  topic?: string;
  /** The cluster (id or name) whose registry a given topic's schema is looked up in; the only cluster when absent. */
  cluster?: string;
  /** Where to save, instead of the save dialog (".kafka" is added when missing). */
  file?: string;
}

export interface ProduceDocumentContext {
  schemas: ProduceSchemaLookup;
}

export async function newProduceDocument(services: CommandServices, context: ProduceDocumentContext, node?: TreeNode, given: NewProduceDocumentGiven = {}): Promise<vscode.TextEditor> {
  const fromNode = node?.kind === 'kafkaTopic' ? node.topic.name : node?.kind === 'kafkaPartition' ? node.parent.topic.name : undefined;
  const picked = fromNode !== undefined || given.topic !== undefined ? undefined : await pickTopic(services, node);
  const topic = fromNode ?? given.topic ?? picked?.topic ?? '';
  const cluster = picked?.cluster ?? (fromNode !== undefined ? await pickKafka(services, node) : givenCluster(services, given.cluster));
  const partition = node?.kind === 'kafkaPartition' ? `partition: ${node.partition.partition}\n` : '';
  const value = await sampleValueFor(services, context.schemas, topic, cluster);
  const content = `### a message (run it with the CodeLens above, or "Produce Kafka Message")\ntopic: ${topic}\nkey: Order-1001\n${partition}header: event-type: OrderCreated\n${value.fields}\n${value.text}\n`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const chosen = given.file
    ? vscode.Uri.file(given.file)
    : await vscode.window.showSaveDialog({
        title: `Save the produce document for ${topic}`,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${topic}.kafka`) } : {}),
        filters: { 'Kafka produce document': ['kafka'] },
        saveLabel: 'Create',
      });
  if (!chosen) throw new CancelledError();
  const uri = chosen.path.endsWith('.kafka') ? chosen : chosen.with({ path: `${chosen.path}.kafka` });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

const PLAIN_SAMPLE = '{ "orderId": "Order-1001", "customerId": "customer-42" }';

/**
 * The value to start from: a sample of the topic's schema (the workspace file mapped to it, else the latest
 * schema of `<topic>-value` in the cluster's registry) with the `schema:` line that checks and sends it,
 * or the plain Order sample when the topic has no schema. A schema that is there but cannot be had is said
 * in a comment, and the plain sample is used.
 */
async function sampleValueFor(services: CommandServices, schemas: ProduceSchemaLookup, topic: string, cluster: KafkaClusterConnection | undefined): Promise<{ fields: string; text: string }> {
  const notes: string[] = [];
  for (const source of ['workspace', 'registry'] as const) {
    if (source === 'registry' && !(await cluster?.registrySettings())) continue;
    const answer = await withProgress(`Looking up the schema of ${topic}`, (signal) => schemas.lookup(source, topic, cluster, { fresh: true, signal }));
    if (answer.ok) {
      const { schema, from } = answer.produce;
      return { fields: `schema: ${source}\n// ${JSON.stringify(schema.name)} from ${JSON.stringify(from)}\n`, text: JSON.stringify(schema.sample(), null, 2) };
    }
    if (!answer.missing) {
      services.log.warn(`No sample from the ${source} schema of ${topic}: ${answer.error}`);
      notes.push(`// no sample from the ${source} schema: ${JSON.stringify(answer.error)}\n`);
    }
  }
  return { fields: notes.join(''), text: PLAIN_SAMPLE };
}

function givenCluster(services: CommandServices, wanted: string | undefined): KafkaClusterConnection | undefined {
  const clusters = services.connections.all().filter(isKafka);
  if (wanted === undefined) return clusters.length === 1 ? clusters[0] : undefined;
  return clusters.find((c) => c.id === wanted || c.label === wanted);
}

/** The topic to produce to, picked from the cluster's topics (the first 1,000 by name). */
async function pickTopic(services: CommandServices, node?: TreeNode): Promise<{ topic: string; cluster: KafkaClusterConnection }> {
  const connection = await pickKafka(services, node);
  const broker = await openKafka(connection);
  const page = await withProgress(`Listing the topics of ${connection.label}`, (signal) => broker.topics({ limit: 1000 }, signal));
  if (page.topics.length === 0) throw new Error(`${connection.label} has no topic yet: create one first (Create Topic…).`);
  const picked = await vscode.window.showQuickPick(
    page.topics.map((t) => ({ label: t.name, description: `${t.partitions} ${t.partitions === 1 ? 'partition' : 'partitions'} · ${t.messages.toLocaleString('en-US')} messages` })),
    { title: `Topic to produce to on ${connection.label}`, placeHolder: page.next === undefined ? 'Pick a topic' : `Pick a topic (the first ${page.topics.length} of ${page.total} by name)` },
  );
  if (!picked) throw new CancelledError();
  return { topic: picked.label, cluster: connection };
}
