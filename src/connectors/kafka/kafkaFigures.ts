import { sourceKey, type Figures, type FiguresRequest, type GroupFigures, type SourceFigures } from '../reads/figures';
import type { AppendedTopicTypes } from './appendedTopicTypes';
import { committedOffsets, describeGroup, listGroupIds } from './consumerGroups';
import type { DescribedGroup, FetchedOffsets } from './fetchConnection';
import type { ThrowAwayGroups } from './kafkaBrowse';
import { watermarksOf } from './kafkaBrowse';
import type { PartitionWatermarks } from './browsePlan';
import type { KafkaContext } from './kafkaClient';

/** Reads of many topics and groups at once over our own connection (`TopicWatermarks`, `GroupReads`), where one can be had. */
export interface ManyReads {
  watermarks(topics: readonly string[], signal?: AbortSignal): Promise<Map<string, PartitionWatermarks[]>>;
  groups(groupIds: readonly string[], committedOf: ReadonlySet<string>, signal?: AbortSignal): Promise<{ described: DescribedGroup[]; committed: Map<string, FetchedOffsets> }>;
}

/**
 * A cluster's moving figures for a sampler: per topic its partitions' offsets, the messages kept and the
 * messages ever written (end offsets summed, what a rate is taken from); per group its state and members
 * (one describe call for all), and for the groups in `lagOf` the lag per partition in messages and in time
 * (the record at the committed offset, read by a browse that never commits). A topic or group that no
 * longer exists is left out, so a subscriber sees it gone. With `many`, the groups are read in one go and
 * every topic's offsets (a source's or a group's lag's) together; through the admin, one by one, when that fails.
 */
export async function readKafkaFigures(context: KafkaContext, groups: ThrowAwayGroups, request: FiguresRequest, signal?: AbortSignal, many?: ManyReads, types?: AppendedTopicTypes): Promise<Figures> {
  // A topic's offsets are read once a sample, whether a source or a group's lag asks for them.
  const read = new Map<string, Promise<PartitionWatermarks[]>>();
  const watermarks = (topic: string): Promise<PartitionWatermarks[]> => {
    let marks = read.get(topic);
    if (marks === undefined) {
      marks = watermarksOf(context, topic, signal);
      read.set(topic, marks);
    }
    return marks;
  };
  const wanted = [...new Set([...request.groups, ...request.lagOf])];
  const lagOf = new Set(request.lagOf);
  const { described, committed } = await readGroups(context, wanted, lagOf, signal, many);
  if (many !== undefined) {
    const topics = new Set(request.sources.map((s) => s.name));
    for (const offsets of committed.values()) for (const { topic } of offsets) topics.add(topic);
    const together = topics.size === 0 ? undefined : await many.watermarks([...topics], signal).catch(() => undefined);
    for (const [topic, marks] of together ?? []) read.set(topic, Promise.resolve(marks));
  }
  const sources: SourceFigures[] = [];
  for (const target of request.sources) {
    let marks;
    try {
      marks = await watermarks(target.name);
    } catch (error) {
      if (isUnknownTopic(error)) continue;
      throw error;
    }
    const messages = marks.reduce((sum, w) => sum + (w.high - w.low), 0n);
    const produced = marks.reduce((sum, w) => sum + w.high, 0n);
    sources.push({ name: target.name, messages: Number(messages), produced, partitions: marks.map((w) => ({ partition: w.partition, earliest: w.low, latest: w.high })) });
  }
  if (types !== undefined) await countTypes(types, request, sources, signal);
  const found: GroupFigures[] = [];
  for (const group of described) {
    const figures: GroupFigures = { group: group.groupId, state: group.state, members: group.members.length };
    const offsets = committed.get(group.groupId);
    if (offsets !== undefined) {
      const detail = await describeGroup(context, groups, group.groupId, { withAge: request.lagAge !== false, watermarks, described: group, committed: offsets, ...(signal ? { signal } : {}) });
      figures.lag = {
        partitions: detail.lag.map(({ topic, ...row }) => ({ source: topic, ...row })),
        total: detail.totalLag,
        committedPartitions: detail.committedPartitions,
      };
    }
    found.push(figures);
  }
  const figures: Figures = { sources, groups: found };
  if ((request.inventory ?? []).length > 0) {
    const names = (await context.guard('Listing topics', signal, () => context.admin.listTopics())).sort();
    figures.inventory = [{ scope: '', count: names.length, names }];
  }
  if (request.allGroups === true) figures.allGroups = (await listGroupIds(context, signal)).sort();
  return figures;
}

/** Each source in `eventTypesOf` that exists gets its per-type counts (read from the offsets just read); the topics not asked for are forgotten. */
async function countTypes(types: AppendedTopicTypes, request: FiguresRequest, sources: SourceFigures[], signal: AbortSignal | undefined): Promise<void> {
  const typed = new Set((request.eventTypesOf ?? []).map(sourceKey));
  if (typed.size === 0 && types.counting.length === 0) return;
  const marks = new Map<string, { partition: number; low: bigint; high: bigint }[]>();
  for (const source of sources) {
    if (typed.has(sourceKey(source))) marks.set(source.name, (source.partitions ?? []).map((p) => ({ partition: p.partition, low: p.earliest, high: p.latest })));
  }
  const counts = await types.read(marks, signal);
  for (const source of sources) {
    const found = counts.get(source.name);
    if (found !== undefined) source.eventTypes = found;
  }
}

/** The groups that exist (a group id nobody uses is described as Dead: it is not there), and the offsets of those in `lagOf`. */
async function readGroups(context: KafkaContext, wanted: string[], lagOf: ReadonlySet<string>, signal: AbortSignal | undefined, many: ManyReads | undefined): Promise<{ described: DescribedGroup[]; committed: Map<string, FetchedOffsets> }> {
  if (wanted.length === 0) return { described: [], committed: new Map() };
  const together = await many?.groups(wanted, lagOf, signal).catch(() => undefined);
  if (together !== undefined) return { described: together.described.filter((g) => g.state !== 'Dead'), committed: together.committed };
  const described = (await context.guard('Describing consumer groups', signal, () => context.admin.describeGroups(wanted))).groups.filter((g) => g.state !== 'Dead');
  const committed = new Map<string, FetchedOffsets>();
  for (const group of described) if (lagOf.has(group.groupId)) committed.set(group.groupId, await committedOffsets(context, group.groupId, signal));
  return { described, committed };
}

function isUnknownTopic(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /does not host this topic-partition|unknown topic|UNKNOWN_TOPIC_OR_PARTITION|does not exist/i.test(text);
}
