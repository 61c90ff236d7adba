import type { BrokerInfo, GroupSummary, PartitionInfo, PartitionLag, TopicSummary } from '../../connectors/kafka';
import type { ConnectionNode } from '../treeNode';

/** The three lists below a cluster. */
export type KafkaSectionName = 'brokers' | 'topics' | 'groups';

export interface KafkaSectionNode {
  kind: 'kafkaSection';
  id: string;
  parent: ConnectionNode;
  section: KafkaSectionName;
}

export interface KafkaBrokerNode {
  kind: 'kafkaBroker';
  id: string;
  parent: KafkaSectionNode;
  broker: BrokerInfo;
}

export interface KafkaTopicNode {
  kind: 'kafkaTopic';
  id: string;
  parent: KafkaSectionNode;
  topic: TopicSummary;
  /** Set when sampling found dead letters in it: the topics they came from. */
  deadLettersFrom?: string[];
}

export interface KafkaPartitionNode {
  kind: 'kafkaPartition';
  id: string;
  parent: KafkaTopicNode;
  partition: PartitionInfo;
}

export interface KafkaGroupNode {
  kind: 'kafkaGroup';
  id: string;
  parent: KafkaSectionNode;
  group: GroupSummary;
}

export interface KafkaLagNode {
  kind: 'kafkaLag';
  id: string;
  parent: KafkaGroupNode;
  lag: PartitionLag;
}

declare module '../treeNode' {
  interface TreeNodeTypes {
    kafkaSection: KafkaSectionNode;
    kafkaBroker: KafkaBrokerNode;
    kafkaTopic: KafkaTopicNode;
    kafkaPartition: KafkaPartitionNode;
    kafkaGroup: KafkaGroupNode;
    kafkaLag: KafkaLagNode;
  }
}

export const sectionNode = (parent: ConnectionNode, section: KafkaSectionName): KafkaSectionNode => ({ kind: 'kafkaSection', id: `${parent.id}/${section}`, parent, section });
export const brokerNode = (parent: KafkaSectionNode, broker: BrokerInfo): KafkaBrokerNode => ({ kind: 'kafkaBroker', id: `${parent.id}/broker:${broker.id}`, parent, broker });
export const topicNode = (parent: KafkaSectionNode, topic: TopicSummary, deadLettersFrom?: string[]): KafkaTopicNode => ({ kind: 'kafkaTopic', id: `${parent.id}/topic:${topic.name}`, parent, topic, ...(deadLettersFrom ? { deadLettersFrom } : {}) });
export const partitionNode = (parent: KafkaTopicNode, partition: PartitionInfo): KafkaPartitionNode => ({ kind: 'kafkaPartition', id: `${parent.id}/partition:${partition.partition}`, parent, partition });
export const groupNode = (parent: KafkaSectionNode, group: GroupSummary): KafkaGroupNode => ({ kind: 'kafkaGroup', id: `${parent.id}/group:${group.groupId}`, parent, group });
export const lagNode = (parent: KafkaGroupNode, lag: PartitionLag): KafkaLagNode => ({ kind: 'kafkaLag', id: `${parent.id}/lag:${lag.topic}:${lag.partition}`, parent, lag });
