import type * as vscode from 'vscode';
import { KeyStreamStore, readKeyStream } from '../../connectors/kafka';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { TreeNode } from '../../explorer/treeNode';
import type { TimelinePanel } from '../../panels/timeline/timelinePanel';
import { ask } from '../../ui/prompts';
import { withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { openKafka, pickKafka } from './kafkaPick';

/** What opens a key's timeline without a tree node: the topic, the key and (from a browsed message) its partition. */
export interface KeyTimelineTarget {
  topic: string;
  key: string;
  partition?: number;
}

/** Open Aggregate Timeline on a Kafka key: its events read from its partition by a bounded scan. */
export function registerKafkaTimelineCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, KAFKA_COMMANDS.openKeyTimeline, 'open the key timeline', async (node?: TreeNode, given?: KeyTimelineTarget) => {
      const connection = await pickKafka(services, node);
      const topic = given?.topic ?? topicOf(node) ?? (await ask({ title: 'Open key timeline', prompt: 'Topic' }));
      const key = given?.key ?? (await ask({ title: `Open key timeline on ${topic}`, prompt: 'The key (aggregate id), e.g. Order-1001' }));
      const partition = given?.partition ?? (node?.kind === 'kafkaPartition' ? node.partition.partition : undefined);
      return openKeyTimeline(services, connection, { topic, key, ...(partition === undefined ? {} : { partition }) });
    }),
  ];
}

export async function openKeyTimeline(services: CommandServices, connection: KafkaClusterConnection, target: KeyTimelineTarget): Promise<TimelinePanel> {
  const broker = await openKafka(connection);
  const stream = await withProgress(`Scanning ${target.topic} for key ${target.key} (Kafka has no key index: a bounded scan of its partition)`, (signal, report) =>
    readKeyStream(broker, target.topic, target.key, {
      ...(target.partition === undefined ? {} : { partition: target.partition }),
      signal,
      onProgress: ({ scanned, kept }) => report(`${scanned.toLocaleString('en-US')} messages scanned, ${kept.toLocaleString('en-US')} of ${target.key}`),
    }),
  );
  services.log.info(`Read ${stream.events.length} messages of key ${target.key} from ${target.topic} [${stream.partition}]${stream.complete ? '' : ' (scan bounded)'}`);
  if (stream.events.length === 0) throw new Error(`no message with key ${target.key} in ${target.topic} [${stream.partition}]${stream.complete ? '' : ' within the scanned messages'}.`);
  const store = new KeyStreamStore(stream, connection.label);
  // Keyed by cluster and topic, so the same key on two topics opens two timelines.
  return services.panels.open({ connectionId: `${connection.id}/topic:${target.topic}`, store }, target.key, store.type());
}

function topicOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind === 'kafkaTopic') return node.topic.name;
  if (node?.kind === 'kafkaPartition') return node.parent.topic.name;
  return undefined;
}
