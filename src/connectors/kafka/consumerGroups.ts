import type { PartitionWatermarks } from './browsePlan';
import type { DescribedGroup, FetchedOffsets } from './fetchConnection';
import { BROWSE_GROUP_PREFIX, browseTopic, watermarksOf, type ThrowAwayGroups } from './kafkaBrowse';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError } from './kafkaErrors';

export interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  protocolType: string;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset; absent when it committed nothing there. */
  committed?: bigint;
  /** The partition's earliest offset, where `auto.offset.reset=earliest` would start without a commit. */
  earliest?: bigint;
  latest: bigint;
  /** Messages not yet consumed (from the earliest offset when nothing was committed). */
  lag: bigint;
  /** Age of the oldest unconsumed message (ms) when asked for and there is lag. */
  lagMs?: number;
}

export interface GroupDetail extends GroupSummary {
  memberIds: { memberId: string; clientId: string; clientHost: string }[];
  lag: PartitionLag[];
  /** The lag summed over the partitions with a committed offset (none: 0, which is not "caught up"). */
  totalLag: bigint;
  /** Partitions with a committed offset: 0 means the group has none, so it has no lag to speak of. */
  committedPartitions: number;
}

/** The ids of the groups on the cluster, sorted; the groups our own browsing makes are left out. */
export async function listGroupIds(context: KafkaContext, signal?: AbortSignal): Promise<string[]> {
  const { groups } = await context.guard('Listing consumer groups', signal, () => context.admin.listGroups());
  return groups.map((g) => g.groupId).filter((id) => !id.startsWith(`${BROWSE_GROUP_PREFIX}-`)).sort();
}

/** Groups on the cluster, sorted by id; the groups our own browsing makes are left out. */
export async function listGroups(context: KafkaContext, signal?: AbortSignal): Promise<GroupSummary[]> {
  return (await listGroupsUpTo(context, Number.POSITIVE_INFINITY, signal)).groups;
}

/** The first `limit` groups by id (only those are described), and how many there are in all. */
export async function listGroupsUpTo(context: KafkaContext, limit: number, signal?: AbortSignal): Promise<{ groups: GroupSummary[]; total: number }> {
  const all = await listGroupIds(context, signal);
  const ids = all.slice(0, limit);
  if (ids.length === 0) return { groups: [], total: all.length };
  const described = await context.guard('Describing consumer groups', signal, () => context.admin.describeGroups(ids));
  return { groups: described.groups.map((g) => ({ groupId: g.groupId, state: g.state, members: g.members.length, protocolType: g.protocolType })), total: all.length };
}

/**
 * A group's state, members and lag per partition of every topic it committed to. With `withAge`, each
 * lagging partition's oldest unconsumed message is read (one message, by our own never-committing browse)
 * and its record timestamp gives the lag in time.
 */
export async function describeGroup(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  groupId: string,
  options: { withAge?: boolean; signal?: AbortSignal; watermarks?: (topic: string) => Promise<PartitionWatermarks[]>; described?: DescribedGroup; committed?: FetchedOffsets } = {},
): Promise<GroupDetail> {
  const signal = options.signal;
  const group = options.described ?? (await context.guard(`Describing group ${groupId}`, signal, () => context.admin.describeGroups([groupId]))).groups[0];
  if (!group || group.state === 'Dead') throw new KafkaConnectorError('other', `There is no consumer group "${groupId}".`);
  const committed = options.committed ?? (await committedOffsets(context, groupId, signal));
  const lag: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const marks = new Map((await (options.watermarks ?? ((name: string) => watermarksOf(context, name, signal)))(topic)).map((w) => [w.partition, w]));
    const rows: PartitionLag[] = [];
    for (const p of partitions) {
      const w = marks.get(p.partition);
      if (!w) continue;
      const at = BigInt(p.offset);
      const hasCommit = at >= 0n;
      const from = hasCommit ? (at < w.low ? w.low : at) : w.low;
      rows.push({ topic, partition: p.partition, ...(hasCommit ? { committed: at } : {}), earliest: w.low, latest: w.high, lag: w.high > from ? w.high - from : 0n });
    }
    if (options.withAge) await addAges(context, groups, topic, rows, signal);
    lag.push(...rows.sort((a, b) => a.partition - b.partition));
  }
  return {
    groupId: group.groupId,
    state: group.state,
    members: group.members.length,
    protocolType: group.protocolType,
    memberIds: group.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost })),
    lag,
    totalLag: lag.reduce((sum, row) => sum + (row.committed === undefined ? 0n : row.lag), 0n),
    committedPartitions: lag.filter((row) => row.committed !== undefined).length,
  };
}

/** The offsets a group committed, per topic it committed to. */
export function committedOffsets(context: KafkaContext, groupId: string, signal?: AbortSignal): Promise<FetchedOffsets> {
  return context.guard(`Reading the offsets of group ${groupId}`, signal, () => context.admin.fetchOffsets({ groupId }));
}

async function addAges(context: KafkaContext, groups: ThrowAwayGroups, topic: string, rows: PartitionLag[], signal?: AbortSignal): Promise<void> {
  const lagging = rows.filter((r) => r.lag > 0n);
  if (lagging.length === 0) return;
  const page = await browseTopic(
    context,
    groups,
    {
      source: topic,
      partitions: lagging.map((r) => r.partition),
      start: { from: 'cursors', cursors: lagging.map((r) => ({ partition: r.partition, next: (r.committed ?? 0n).toString() })) },
      limit: lagging.length,
      signal,
    },
    { perPartitionLimit: 1, maxPreviewBytes: 256 },
  );
  const now = Date.now();
  for (const event of page.events) {
    if (event.source.system !== 'kafka') continue;
    const partition = event.source.partition;
    const row = lagging.find((r) => r.partition === partition);
    if (row) row.lagMs = Math.max(0, now - Date.parse(event.timestamp));
  }
}

export type OffsetResetTarget = { to: 'earliest' } | { to: 'latest' } | { to: 'timestamp'; timestamp: number } | { to: 'offset'; offset: string };

export interface OffsetResetPlan {
  groupId: string;
  topic: string;
  partitions: { partition: number; current?: bigint; next: bigint }[];
}

/** Refuses while the group has members: a running consumer would overwrite the new offsets with its own. */
async function requireInactive(context: KafkaContext, groupId: string, signal?: AbortSignal): Promise<void> {
  const described = await context.guard(`Describing group ${groupId}`, signal, () => context.admin.describeGroups([groupId]));
  const group = described.groups[0];
  if (group && group.members.length > 0) {
    throw new KafkaConnectorError(
      'refusedByBroker',
      `Group ${groupId} has ${group.members.length} active member(s) (state ${group.state}): stop its consumers before resetting its offsets, or they would commit over the new ones.`,
    );
  }
}

/** What a reset would set, computed without changing anything: the preview to confirm. */
export async function planOffsetReset(
  context: KafkaContext,
  groupId: string,
  topic: string,
  target: OffsetResetTarget,
  signal?: AbortSignal,
): Promise<OffsetResetPlan> {
  await requireInactive(context, groupId, signal);
  const marks = await watermarksOf(context, topic, signal);
  const committed = await context.guard(`Reading the offsets of group ${groupId}`, signal, () => context.admin.fetchOffsets({ groupId, topics: [topic] }));
  const current = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  let byTime: Map<number, bigint> | undefined;
  if (target.to === 'timestamp') {
    const found = await context.guard(`Finding offsets by time in ${topic}`, signal, () => context.admin.fetchTopicOffsetsByTimestamp(topic, target.timestamp));
    byTime = new Map(found.map((f) => [f.partition, BigInt(f.offset)]));
  }
  const partitions = marks.map((w) => {
    let next: bigint;
    if (target.to === 'earliest') next = w.low;
    else if (target.to === 'latest') next = w.high;
    else if (target.to === 'offset') next = BigInt(target.offset);
    else next = byTime?.get(w.partition) ?? -1n;
    if (next < 0n || next > w.high) next = w.high;
    if (next < w.low) next = w.low;
    const at = current.get(w.partition);
    return { partition: w.partition, ...(at !== undefined && at >= 0n ? { current: at } : {}), next };
  });
  return { groupId, topic, partitions };
}

/** Applies a previewed plan, after checking again that the group is still inactive. */
export async function applyOffsetReset(context: KafkaContext, plan: OffsetResetPlan, signal?: AbortSignal): Promise<void> {
  await requireInactive(context, plan.groupId, signal);
  await context.guard(`Setting the offsets of group ${plan.groupId}`, signal, () =>
    context.admin.setOffsets({
      groupId: plan.groupId,
      topic: plan.topic,
      partitions: plan.partitions.map((p) => ({ partition: p.partition, offset: p.next.toString() })),
    }),
  );
}
