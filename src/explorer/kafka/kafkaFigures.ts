import type { Figures, FiguresRequest, GroupFigures, SourceFigures } from '../../connectors/reads/figures';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { TreeNode } from '../treeNode';
import type { KafkaLagNode } from './kafkaNodes';

/**
 * The Kafka nodes' side of the connection's sampler: which topics and groups the shown lists need, and the
 * sample's figures put on them. A topics list needs its topics' counts; an expanded topic, its partitions'
 * offsets; a groups list, its groups' states; an expanded group, its lag per partition (messages and time),
 * which also adds a point to the group's lag trend.
 */
export function kafkaFigureTargets(node: TreeNode, children: readonly TreeNode[]): Partial<FiguresRequest> {
  switch (node.kind) {
    case 'kafkaSection':
      if (node.section === 'topics') return { sources: children.flatMap((c) => (c.kind === 'kafkaTopic' ? [{ name: c.topic.name }] : [])) };
      if (node.section === 'groups') return { groups: children.flatMap((c) => (c.kind === 'kafkaGroup' ? [c.group.groupId] : [])) };
      return {};
    case 'kafkaTopic':
      return { sources: [{ name: node.topic.name }] };
    case 'kafkaGroup':
      return { lagOf: [node.group.groupId] };
    default:
      return {};
  }
}

export function applyKafkaFigures(node: TreeNode, children: readonly TreeNode[], figures: Figures, cluster: KafkaClusterConnection, at: number): readonly TreeNode[] | 'reload' {
  const sources = new Map(figures.sources.map((s) => [s.name, s]));
  const groups = new Map(figures.groups.map((g) => [g.group, g]));
  switch (node.kind) {
    case 'kafkaSection':
      for (const child of children) {
        if (child.kind === 'kafkaTopic') {
          const found = sources.get(child.topic.name);
          if (found?.partitions === undefined) return 'reload';
          child.topic.messages = keptMessages(found);
          child.topic.partitions = found.partitions.length;
        } else if (child.kind === 'kafkaGroup') {
          const found = groups.get(child.group.groupId);
          if (found === undefined) return 'reload';
          child.group.state = found.state;
          child.group.members = found.members;
        }
      }
      return [];
    case 'kafkaTopic': {
      const partitions = new Map((sources.get(node.topic.name)?.partitions ?? []).map((p) => [p.partition, p]));
      const shown = children.filter((c) => c.kind === 'kafkaPartition');
      if (shown.length !== partitions.size) return 'reload';
      for (const child of shown) {
        const found = partitions.get(child.partition.partition);
        if (found === undefined) return 'reload';
        child.partition.earliest = found.earliest;
        child.partition.latest = found.latest;
      }
      return [];
    }
    case 'kafkaGroup':
      return applyGroupLag(node.group.groupId, children, groups.get(node.group.groupId), cluster, at) === 'reload' ? 'reload' : [node];
    default:
      return [];
  }
}

function keptMessages(source: SourceFigures): bigint {
  return (source.partitions ?? []).reduce((sum, p) => sum + (p.latest - p.earliest), 0n);
}

/** The group's lag rows in place, and a point on its trend; `reload` when its partitions are not the ones shown. */
function applyGroupLag(groupId: string, children: readonly TreeNode[], found: GroupFigures | undefined, cluster: KafkaClusterConnection, at: number): 'applied' | 'reload' {
  const lag = found?.lag;
  if (lag === undefined) return 'reload';
  const shown = children.filter((c): c is KafkaLagNode => c.kind === 'kafkaLag');
  if (shown.length !== lag.partitions.length) return 'reload';
  const rows = new Map(lag.partitions.map((row) => [`${row.source}:${row.partition}`, row]));
  for (const child of shown) {
    const row = rows.get(`${child.lag.topic}:${child.lag.partition}`);
    if (row === undefined) return 'reload';
    const { source, ...rest } = row;
    child.lag = { topic: source, ...rest };
  }
  // A group that committed nothing has no lag (not a lag of 0), as when its partitions are loaded.
  if (lag.committedPartitions > 0) cluster.recordLag(groupId, lag.total, at);
  else cluster.withoutCommits.add(groupId);
  return 'applied';
}
