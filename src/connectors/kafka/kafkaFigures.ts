import type { Figures, FiguresRequest, GroupFigures, SourceFigures } from '../reads/figures';
import { describeGroup, listGroupIds } from './consumerGroups';
import type { ThrowAwayGroups } from './kafkaBrowse';
import { watermarksOf } from './kafkaBrowse';
import type { PartitionWatermarks } from './browsePlan';
import type { KafkaContext } from './kafkaClient';

/**
 * A cluster's moving figures for a sampler: per topic its partitions' offsets, the messages kept and the
 * messages ever written (end offsets summed, what a rate is taken from); per group its state and members
 * (one describe call for all), and for the groups in `lagOf` the lag per partition in messages and in time
 * (the record at the committed offset, read by a browse that never commits). A topic or group that no
 * longer exists is left out, so a subscriber sees it gone.
 */
export async function readKafkaFigures(context: KafkaContext, groups: ThrowAwayGroups, request: FiguresRequest, signal?: AbortSignal): Promise<Figures> {
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
  const wanted = [...new Set([...request.groups, ...request.lagOf])];
  const found: GroupFigures[] = [];
  if (wanted.length > 0) {
    const described = await context.guard('Describing consumer groups', signal, () => context.admin.describeGroups(wanted));
    const lagOf = new Set(request.lagOf);
    for (const group of described.groups) {
      // A group id nobody uses is described as Dead with no members: it is not there.
      if (group.state === 'Dead') continue;
      const figures: GroupFigures = { group: group.groupId, state: group.state, members: group.members.length };
      if (lagOf.has(group.groupId)) {
        const detail = await describeGroup(context, groups, group.groupId, { withAge: request.lagAge !== false, watermarks, ...(signal ? { signal } : {}) });
        figures.state = detail.state;
        figures.members = detail.members;
        figures.lag = {
          partitions: detail.lag.map(({ topic, ...row }) => ({ source: topic, ...row })),
          total: detail.totalLag,
          committedPartitions: detail.committedPartitions,
        };
      }
      found.push(figures);
    }
  }
  const figures: Figures = { sources, groups: found };
  if ((request.inventory ?? []).length > 0) {
    const names = (await context.guard('Listing topics', signal, () => context.admin.listTopics())).sort();
    figures.inventory = [{ scope: '', count: names.length, names }];
  }
  if (request.allGroups === true) figures.allGroups = (await listGroupIds(context, signal)).sort();
  return figures;
}

function isUnknownTopic(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /does not host this topic-partition|unknown topic|UNKNOWN_TOPIC_OR_PARTITION|does not exist/i.test(text);
}
