import * as vscode from 'vscode';
import type { OffsetResetTarget } from '../../connectors/kafka';
import type { KafkaGroupNode } from '../../explorer/kafka/kafkaNodes';
import type { TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/kafka/messageDocuments';
import { ask } from '../../ui/prompts';
import { isPreconfirmed } from '../../ui/confirmation';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { openKafka, pickKafka } from './kafkaPick';
import { readOne } from './kafkaProduceCommands';

/** What the reset command accepts instead of asking (scripts and tests): the topic, the target, and whether to skip the confirmation. */
export interface ResetRequest {
  topic?: string;
  target?: OffsetResetTarget;
  /** A `preconfirm` token from the extension's own code; nothing else skips the question. */
  confirmed?: unknown;
}

/** Consumer groups: the message at a committed offset, and offset reset with a preview and a confirmation. */
export function registerKafkaGroupCommands(services: CommandServices, documents: MessageDocuments): vscode.Disposable[] {
  const { log } = services;
  return [
    registerCommand(log, KAFKA_COMMANDS.showCommittedMessage, 'show the message at the committed offset', async (node?: TreeNode) => {
      if (node?.kind !== 'kafkaLag') throw new Error('choose a partition of a consumer group in the Event Flows view.');
      const connection = await pickKafka(services, node);
      const { lag } = node;
      // The committed offset is the next message the group will read: that is the one shown.
      const offset = lag.committed ?? (await (await openKafka(connection)).partitions(lag.topic)).find((p) => p.partition === lag.partition)?.earliest;
      if (offset === undefined) throw new Error(`partition ${lag.partition} of ${lag.topic} is gone.`);
      if (offset >= lag.latest) throw new Error(`group ${node.parent.group.groupId} has read everything in ${lag.topic} [${lag.partition}]: its next message is not written yet.`);
      return documents.open(connection.label, await readOne(connection, { topic: lag.topic, partition: lag.partition, offset: offset.toString() }));
    }),
    registerCommand(log, KAFKA_COMMANDS.resetOffsets, 'reset the offsets', async (node?: TreeNode, given: ResetRequest = {}) => {
      if (node?.kind !== 'kafkaGroup') throw new Error('choose a consumer group in the Event Flows view.');
      const connection = await pickKafka(services, node);
      const broker = await openKafka(connection);
      const groupId = node.group.groupId;
      const topic = given.topic ?? (await pickTopic(node, broker));
      const target = given.target ?? (await pickTarget());
      const plan = await withProgress(`Planning the reset of ${groupId}`, (signal) => broker.previewOffsetReset(groupId, topic, target, signal));
      const preview = plan.partitions.map((p) => `partition ${p.partition}: ${p.current ?? 'none'} → ${p.next}`).join('\n');
      if (!isPreconfirmed(given.confirmed)) {
        const answer = await vscode.window.showWarningMessage(`Reset the offsets of ${groupId} on ${topic}, cluster ${connection.label}${connection.confirmsWrites ? ' (production)' : ''}?`, { modal: true, detail: preview }, 'Reset');
        if (answer !== 'Reset') throw new CancelledError();
      }
      await withProgress(`Resetting the offsets of ${groupId}`, (signal) => broker.resetOffsets(plan, signal));
      log.info(`Reset the offsets of ${groupId} on ${topic}:\n${preview}`);
      services.tree.refresh(node);
      return plan;
    }),
  ];
}

async function pickTopic(node: KafkaGroupNode, broker: { consumerGroup(id: string): Promise<{ lag: { topic: string }[] }> }): Promise<string> {
  const topics = [...new Set((await broker.consumerGroup(node.group.groupId)).lag.map((l) => l.topic))];
  if (topics.length === 1) return topics[0];
  const picked = await vscode.window.showQuickPick(topics.length > 0 ? topics : ['(type a topic)'], { title: `Reset ${node.group.groupId} on which topic`, ignoreFocusOut: true });
  if (picked === undefined) throw new CancelledError();
  return picked === '(type a topic)' ? ask({ title: 'Reset offsets', prompt: 'Topic' }) : picked;
}

async function pickTarget(): Promise<OffsetResetTarget> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Earliest', description: 'read everything kept again', to: 'earliest' as const },
      { label: 'Latest', description: 'skip everything written so far', to: 'latest' as const },
      { label: 'A timestamp…', description: "the broker's offset for a time, per partition", to: 'timestamp' as const },
      { label: 'An offset…', description: 'the same offset in every partition', to: 'offset' as const },
    ],
    { title: 'Reset to', ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  if (picked.to === 'timestamp') {
    const text = await ask({ title: 'Reset to a timestamp', prompt: 'Date and time (ISO 8601, e.g. 2026-12-03T12:00:00Z)', validate: (t) => (Number.isFinite(Date.parse(t)) ? undefined : 'not a date and time') });
    return { to: 'timestamp', timestamp: Date.parse(text) };
  }
  if (picked.to === 'offset') return { to: 'offset', offset: await ask({ title: 'Reset to an offset', prompt: 'Offset', validate: (t) => (/^\d{1,19}$/.test(t) ? undefined : 'a whole number') }) };
  return { to: picked.to };
}
