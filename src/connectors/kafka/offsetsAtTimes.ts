import type { PartitionWatermarks } from './browsePlan';
import { EARLIEST_OFFSET, LATEST_OFFSET, type FetchConnection } from './fetchConnection';

/** A topic's watermarks and, for each time asked, each partition's first offset at or after it (-1: none that recent). */
export interface OffsetsAtTimes {
  all: PartitionWatermarks[];
  /** Each partition's leader as the round found it: the read that follows fetches from them without asking again. */
  leaders: ReadonlyMap<number, number>;
  at: Map<number, bigint>[];
}

/**
 * The watermarks and the offset-for-time answers of one topic in one round: the leaders from one metadata
 * request, then to each leader its ends, its starts and each time, all at once. kafkajs's admin asks for
 * the ends before every time it looks up, and for the ends before the starts, one after another: a read
 * from a timestamp paid two more round trips than a read from an offset.
 */
export async function offsetsAtTimes(connection: FetchConnection, topic: string, times: readonly number[]): Promise<OffsetsAtTimes> {
  const leaders = await connection.leadersOfAll(topic);
  const byNode = new Map<number, number[]>();
  for (const [partition, node] of leaders) byNode.set(node, [...(byNode.get(node) ?? []), partition]);
  const asked = [LATEST_OFFSET, EARLIEST_OFFSET, ...times];
  const answers = await Promise.all(asked.map((timestamp) => Promise.all([...byNode].map(([node, partitions]) => connection.listOffsets(node, [{ topic, partitions }], timestamp)))));
  const [high, low, ...at] = answers.map((perNode) => {
    const offsets = new Map<number, bigint>();
    for (const responses of perNode) for (const answer of responses) if (answer.topic === topic) for (const p of answer.partitions) offsets.set(p.partition, BigInt(p.offset));
    return offsets;
  });
  const all = [...leaders.keys()]
    .sort((a, b) => a - b)
    .map((partition) => {
      const h = high.get(partition);
      const l = low.get(partition);
      if (h === undefined || l === undefined) throw new Error(`no offsets of ${topic} partition ${partition}`);
      return { partition, low: l, high: h };
    });
  return { all, at, leaders };
}
