import * as vscode from 'vscode';
import { KAFKA_KIND, KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { formatCount, groupLagText, NO_COMMIT_START, partitionLagText } from './kafkaFormat';
import type { KindTreeItems } from '../kindTreeItems';
import { withReadLine } from '../readTime';
import type { TreeRead } from '../treeModel';
import { connectionItem } from '../sharedItems';
import type { TreeNode } from '../treeNode';

/** Every context value a Kafka node carries; package.json menus name only these. */
export const KAFKA_CONTEXT_VALUES = [
  'kafkaConnected',
  'kafkaDisconnected',
  'kafkaBrokers',
  'kafkaTopics',
  'kafkaTopicsSearched',
  'kafkaGroups',
  'kafkaBroker',
  'kafkaTopic',
  'kafkaInternalTopic',
  'kafkaPartition',
  'kafkaGroup',
  'kafkaGroupActive',
  'kafkaLag',
] as const;

const SECTION_TITLES = { brokers: 'Brokers', topics: 'Topics', groups: 'Consumer groups' } as const;

export const kafkaTreeItems: KindTreeItems = {
  kind: KAFKA_KIND,
  contextValues: KAFKA_CONTEXT_VALUES,
  item(node, search, readOf) {
    if (node.kind === 'connection') {
      const open = node.connection.isOpen;
      return connectionItem(node, { kindTitle: 'Kafka cluster', expanded: false, icon: open ? 'server-environment' : 'debug-disconnect', contextValue: open ? 'kafkaConnected' : 'kafkaDisconnected' });
    }
    return kafkaItem(node, search, readOf);
  },
};

function item(node: TreeNode, label: string, collapsible: boolean, icon: string, contextValue: string): vscode.TreeItem {
  const result = new vscode.TreeItem(label, collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  result.id = node.id;
  result.iconPath = new vscode.ThemeIcon(icon);
  result.contextValue = contextValue;
  return result;
}

function kafkaItem(node: TreeNode, search: string | undefined, readOf: (node: TreeNode) => TreeRead | undefined): vscode.TreeItem | undefined {
  switch (node.kind) {
    case 'kafkaSection': {
      const icons = { brokers: 'server', topics: search === undefined ? 'list-tree' : 'search', groups: 'organization' } as const;
      const contextValue = node.section === 'brokers' ? 'kafkaBrokers' : node.section === 'groups' ? 'kafkaGroups' : search === undefined ? 'kafkaTopics' : 'kafkaTopicsSearched';
      const result = item(node, SECTION_TITLES[node.section], true, icons[node.section], contextValue);
      if (node.section === 'topics') {
        const cluster = node.parent.connection;
        const internal = cluster instanceof KafkaClusterConnection && cluster.showInternalTopics;
        result.description = [search === undefined ? '' : `names starting "${search}"`, internal ? 'internal shown' : ''].filter(Boolean).join(' · ');
      }
      return result;
    }
    case 'kafkaBroker': {
      const { broker } = node;
      const result = item(node, `${broker.id}`, false, broker.isController ? 'star-full' : 'server', 'kafkaBroker');
      result.description = `${broker.host}:${broker.port}${broker.isController ? ' · controller' : ''}`;
      return result;
    }
    case 'kafkaTopic': {
      const { topic } = node;
      const result = item(node, topic.name, true, topic.internal ? 'lock' : 'symbol-event', topic.internal ? 'kafkaInternalTopic' : 'kafkaTopic');
      const compacted = topic.cleanupPolicy?.includes('compact') ?? false;
      const dlt = node.deadLettersFrom ? `DLT → ${node.deadLettersFrom.join(', ')} · ` : '';
      result.description = `${dlt}${compacted ? 'compacted · ' : ''}${topic.partitions} ${topic.partitions === 1 ? 'partition' : 'partitions'} · RF ${topic.replicationFactor} · ${formatCount(topic.messages)} messages`;
      result.tooltip = withReadLine(`${topic.name}\n${result.description}${topic.internal ? '\nInternal topic' : ''}${node.deadLettersFrom ? `\nDead-letter topic: its latest messages came from ${node.deadLettersFrom.join(', ')} (Re-publish Dead Letters… sends them back)` : ''}${topic.cleanupPolicy ? `\ncleanup.policy=${topic.cleanupPolicy}` : ''}`, readOf(node.parent));
      return result;
    }
    case 'kafkaPartition': {
      const p = node.partition;
      const result = item(node, `Partition ${p.partition}`, false, 'symbol-array', 'kafkaPartition');
      result.description = `offsets ${p.earliest}–${p.latest} · ${formatCount(p.latest - p.earliest)} messages · leader ${p.leader}`;
      result.tooltip = withReadLine(`Earliest offset ${p.earliest}, latest ${p.latest}\nLeader ${p.leader}; replicas ${p.replicas.join(', ')}; in sync ${p.inSync.join(', ')}`, readOf(node.parent));
      return result;
    }
    case 'kafkaGroup': {
      const { group } = node;
      const result = item(node, group.groupId, true, 'organization', group.members > 0 ? 'kafkaGroupActive' : 'kafkaGroup');
      const cluster = node.parent.parent.connection;
      const trend = cluster instanceof KafkaClusterConnection ? (cluster.lagTrend.get(group.groupId) ?? []) : [];
      const uncommitted = cluster instanceof KafkaClusterConnection && cluster.withoutCommits.has(group.groupId);
      // The lag was last read with the group's partitions: a failed read says so instead of the last total.
      const lagRead = readOf(node);
      const failed = lagRead?.error !== undefined;
      const lag = failed ? 'lag not read (see below)' : groupLagText(uncommitted ? 0 : 1, trend.map((p) => p.total));
      result.description = `${group.state} · ${group.members} ${group.members === 1 ? 'member' : 'members'}${lag === '' ? '' : ` · ${lag}`}`;
      const tooltip = uncommitted
        ? `No committed offsets, so no lag: ${NO_COMMIT_START}.`
        : trend.length === 0
          ? 'Expand to load the lag per partition'
          : `Total lag, each time it changed:\n${trend.map((p) => `${new Date(p.at).toISOString().slice(11, 19)} UTC  ${formatCount(p.total)}`).join('\n')}`;
      result.tooltip = withReadLine(tooltip, lagRead ?? readOf(node.parent));
      return result;
    }
    case 'kafkaLag': {
      const { lag } = node;
      const uncommitted = lag.committed === undefined;
      const result = item(node, `${lag.topic} [${lag.partition}]`, false, uncommitted ? 'question' : lag.lag > 0n ? 'warning' : 'pass', 'kafkaLag');
      const text = partitionLagText(lag);
      result.description = text.description;
      result.tooltip = withReadLine(text.tooltip, readOf(node.parent));
      return result;
    }
    default:
      return undefined;
  }
}
