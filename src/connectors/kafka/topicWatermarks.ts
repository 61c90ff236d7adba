import type { PartitionWatermarks } from './browsePlan';
import { EARLIEST_OFFSET, LATEST_OFFSET, type FetchConnection } from './fetchConnection';

/** How long the partitions' leaders are trusted before they are asked for again (a failure forgets them at once). */
const LEADERS_KEPT_MS = 60_000;

/**
 * Many topics' offsets in a few requests, for a sampler that reads them every second: per leader one
 * ListOffsets for the ends and one for the starts, with the leaders from one metadata request kept a
 * minute. kafkajs's admin asks twice per topic (ends, then starts), so twenty topics cost forty requests
 * a second. Any failure (a topic deleted, a leader moved) forgets the leaders and is thrown: the caller
 * then reads topic by topic, which tells a missing topic from the rest.
 */
export class TopicWatermarks {
  private leaders: { topics: string; at: number; byTopic: Map<string, Map<number, number>> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  async read(connection: FetchConnection, topics: readonly string[]): Promise<Map<string, PartitionWatermarks[]>> {
    const wanted = [...new Set(topics)].sort();
    try {
      const byTopic = await this.leadersOf(connection, wanted);
      const perLeader = new Map<number, { topic: string; partitions: number[] }[]>();
      for (const topic of wanted) {
        const leaders = byTopic.get(topic);
        if (leaders === undefined || leaders.size === 0) throw new Error(`no leaders known for ${topic}`);
        const byNode = new Map<number, number[]>();
        for (const [partition, node] of leaders) byNode.set(node, [...(byNode.get(node) ?? []), partition]);
        for (const [node, partitions] of byNode) perLeader.set(node, [...(perLeader.get(node) ?? []), { topic, partitions }]);
      }
      const asked = [...perLeader].flatMap(([node, rows]) => [connection.listOffsets(node, rows, LATEST_OFFSET), connection.listOffsets(node, rows, EARLIEST_OFFSET)]);
      const answers = await Promise.all(asked);
      const high = new Map<string, bigint>();
      const low = new Map<string, bigint>();
      answers.forEach((responses, i) => {
        const into = i % 2 === 0 ? high : low;
        for (const { topic, partitions } of responses) for (const p of partitions) into.set(`${topic}\u0000${p.partition}`, BigInt(p.offset));
      });
      const marks = new Map<string, PartitionWatermarks[]>();
      for (const topic of wanted) {
        const rows: PartitionWatermarks[] = [];
        for (const partition of [...(byTopic.get(topic) ?? new Map<number, number>()).keys()].sort((a, b) => a - b)) {
          const key = `${topic}\u0000${partition}`;
          const h = high.get(key);
          const l = low.get(key);
          if (h === undefined || l === undefined) throw new Error(`no offsets of ${topic} partition ${partition}`);
          rows.push({ partition, low: l, high: h });
        }
        marks.set(topic, rows);
      }
      return marks;
    } catch (error) {
      this.leaders = undefined;
      throw error;
    }
  }

  private async leadersOf(connection: FetchConnection, topics: string[]): Promise<Map<string, Map<number, number>>> {
    const key = topics.join('\u0000');
    const kept = this.leaders;
    if (kept !== undefined && kept.topics === key && this.now() - kept.at < LEADERS_KEPT_MS) return kept.byTopic;
    const byTopic = await connection.leadersOf(topics);
    this.leaders = { topics: key, at: this.now(), byTopic };
    return byTopic;
  }
}
