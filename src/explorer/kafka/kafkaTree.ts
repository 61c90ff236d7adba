import type { KafkaBroker } from '../../connectors/kafka';
import { KAFKA_KIND, KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { KindTree, TreeContext } from '../kindTree';
import { loadMoreNode, messageNode, rootOf, type TreeNode } from '../treeNode';
import { brokerNode, groupNode, lagNode, partitionNode, sectionNode, topicNode, type KafkaSectionNode } from './kafkaNodes';
import { NO_COMMIT_START } from './kafkaFormat';
import { applyKafkaFigures, kafkaFigureTargets } from './kafkaFigures';

function clusterOf(node: TreeNode): KafkaClusterConnection {
  const connection = rootOf(node)?.connection;
  if (!(connection instanceof KafkaClusterConnection)) throw new Error(`${node.id} is not below a Kafka cluster`);
  return connection;
}

function brokerOf(node: TreeNode): Promise<KafkaBroker> {
  return clusterOf(node).open();
}

/**
 * A Kafka cluster: Brokers (id, host:port, controller) · Topics (paged and searchable by name prefix: one
 * metadata call lists the names, the page's topics alone are described) → partitions · Consumer groups → lag.
 */
export const kafkaTree: KindTree = {
  kind: KAFKA_KIND,
  async children(node, context) {
    switch (node.kind) {
      case 'connection':
        await brokerOf(node);
        context.redraw(node);
        return [sectionNode(node, 'brokers'), sectionNode(node, 'topics'), sectionNode(node, 'groups')];
      case 'kafkaSection':
        return sectionChildren(node, undefined, context);
      case 'kafkaTopic': {
        const partitions = await (await brokerOf(node)).partitions(node.topic.name);
        return partitions.map((p) => partitionNode(node, p));
      }
      case 'kafkaGroup': {
        const detail = await (await brokerOf(node)).consumerGroup(node.group.groupId, { withAge: true });
        // Each load (Refresh) adds a point to the group's lag trend, shown on the group itself; a group
        // that committed nothing has no lag (not a lag of 0).
        const cluster = clusterOf(node);
        if (detail.committedPartitions > 0) cluster.recordLag(node.group.groupId, detail.totalLag);
        else cluster.withoutCommits.add(node.group.groupId);
        context.redraw(node);
        return detail.lag.length === 0 ? [messageNode(node, 'no-offsets', `No committed offsets: ${NO_COMMIT_START}`)] : detail.lag.map((l) => lagNode(node, l));
      }
      default:
        return [];
    }
  },
  async page(parent, after, context) {
    return parent.kind === 'kafkaSection' ? sectionChildren(parent, after, context) : [];
  },
  // Message counts (topics, partitions), group states and lag move with every produce and commit.
  figures: (node) => (node.kind === 'kafkaSection' && node.section !== 'brokers') || node.kind === 'kafkaTopic' || node.kind === 'kafkaGroup',
  figureTargets: kafkaFigureTargets,
  applyFigures: (node, children, figures, at, context) => applyKafkaFigures(node, children, figures, { cluster: clusterOf(node), at, search: context.search(node.id) }),
};

async function sectionChildren(node: KafkaSectionNode, after: string | undefined, context: TreeContext): Promise<TreeNode[]> {
  const broker = await brokerOf(node);
  if (node.section === 'brokers') return (await broker.brokers()).map((b) => brokerNode(node, b));
  if (node.section === 'groups') {
    const groups = await broker.consumerGroups();
    return groups.length === 0 ? [messageNode(node, 'no-groups', 'No consumer groups')] : groups.map((g) => groupNode(node, g));
  }
  const prefix = context.search(node.id);
  const includeInternal = clusterOf(node).showInternalTopics;
  const page = await broker.topics({ limit: context.pageSize(), includeInternal, ...(prefix === undefined ? {} : { prefix }), ...(after === undefined ? {} : { after }) });
  if (page.total === 0 && after === undefined) return [messageNode(node, 'no-topics', prefix === undefined ? 'No topics' : `No topic starts with "${prefix}"`)];
  const marks = await broker.deadLetterMarks(page.topics);
  const nodes: TreeNode[] = page.topics.map((t) => topicNode(node, t, marks.get(t.name)));
  if (page.next !== undefined) nodes.push(loadMoreNode(node, page.next));
  return nodes;
}
