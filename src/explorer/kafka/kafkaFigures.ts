import type { Figures, FiguresRequest, GroupFigures, SourceFigures } from '../../connectors/reads/figures';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { isInternalTopic } from '../../connectors/kafka/kafkaAdmin';
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
      // The names of every topic and group too, so a list sees one appear or go as a reload of it would.
      if (node.section === 'topics') return { sources: children.flatMap((c) => (c.kind === 'kafkaTopic' ? [{ name: c.topic.name }] : [])), inventory: [''] };
      if (node.section === 'groups') return { groups: children.flatMap((c) => (c.kind === 'kafkaGroup' ? [c.group.groupId] : [])), allGroups: true };
      return {};
    case 'kafkaTopic':
      return { sources: [{ name: node.topic.name }] };
    case 'kafkaGroup':
      return { lagOf: [node.group.groupId] };
    default:
      return {};
  }
}

export interface KafkaFiguresContext {
  cluster: KafkaClusterConnection;
  /** When the sample was read: the time of a point on a group's lag trend. */
  at: number;
  /** The topic-name prefix searched below the node, if any. */
  search: string | undefined;
}

export function applyKafkaFigures(node: TreeNode, children: readonly TreeNode[], figures: Figures, { cluster, at, search }: KafkaFiguresContext): readonly TreeNode[] | 'reload' {
  if (node.kind === 'kafkaSection' && !sameMembers(node.section, children, figures, cluster.showInternalTopics, search)) return 'reload';
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

/** Whether the list shows the topics (its first pages of them) or the groups the cluster has now. */
function sameMembers(section: string, children: readonly TreeNode[], figures: Figures, internalShown: boolean, search: string | undefined): boolean {
  if (section === 'topics') {
    const names = figures.inventory?.find((i) => i.scope === '')?.names;
    if (names === undefined) return true;
    const expected = names.filter((n) => (internalShown || !isInternalTopic(n)) && (search === undefined || n.startsWith(search)));
    const shown = children.flatMap((c) => (c.kind === 'kafkaTopic' ? [c.topic.name] : []));
    const more = children.some((c) => c.kind === 'loadMore');
    return shown.every((name, i) => expected[i] === name) && (more ? expected.length > shown.length : expected.length === shown.length);
  }
  if (section === 'groups') {
    const all = figures.allGroups;
    if (all === undefined) return true;
    const shown = children.flatMap((c) => (c.kind === 'kafkaGroup' ? [c.group.groupId] : []));
    return shown.length === all.length && shown.every((id, i) => all[i] === id);
  }
  return true;
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
