/**
 * New Kafka Produce Document: the topic picked from the cluster (or the one the tree names), saved as a
 * `.kafka` file the user names, so its CodeLens and diagnostics stay with a file that survives the window.
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import type { CommandServices } from '../services';
import { openKafka, pickKafka } from './kafkaPick';

export interface NewProduceDocumentGiven {
  /** The topic, instead of asking. */
  topic?: string;
  /** Where to save, instead of the save dialog (".kafka" is added when missing). */
  file?: string;
}

export async function newProduceDocument(services: CommandServices, node?: TreeNode, given: NewProduceDocumentGiven = {}): Promise<vscode.TextEditor> {
  const topic = node?.kind === 'kafkaTopic' ? node.topic.name : node?.kind === 'kafkaPartition' ? node.parent.topic.name : (given.topic ?? (await pickTopic(services, node)));
  const partition = node?.kind === 'kafkaPartition' ? `partition: ${node.partition.partition}\n` : '';
  const content = `### a message (run it with the CodeLens above, or "Produce Kafka Message")\ntopic: ${topic}\nkey: Order-1001\n${partition}header: event-type: OrderCreated\n\n{ "orderId": "Order-1001", "customerId": "customer-42" }\n`;
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

/** The topic to produce to, picked from the cluster's topics (the first 1,000 by name). */
async function pickTopic(services: CommandServices, node?: TreeNode): Promise<string> {
  const connection = await pickKafka(services, node);
  const broker = await openKafka(connection);
  const page = await withProgress(`Listing the topics of ${connection.label}`, (signal) => broker.topics({ limit: 1000 }, signal));
  if (page.topics.length === 0) throw new Error(`${connection.label} has no topic yet: create one first (Create Topic…).`);
  const picked = await vscode.window.showQuickPick(
    page.topics.map((t) => ({ label: t.name, description: `${t.partitions} ${t.partitions === 1 ? 'partition' : 'partitions'} · ${t.messages.toLocaleString('en-US')} messages` })),
    { title: `Topic to produce to on ${connection.label}`, placeHolder: page.next === undefined ? 'Pick a topic' : `Pick a topic (the first ${page.topics.length} of ${page.total} by name)` },
  );
  if (!picked) throw new CancelledError();
  return picked.label;
}
