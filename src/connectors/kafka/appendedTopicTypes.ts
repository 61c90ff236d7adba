/**
 * A Kafka topic's events per type for a monitor: the records appended since counting began are read once
 * each, per partition from the offset where counting began, at most `MAX_RECORDS_PER_READING` records and
 * about `MAX_BYTES_PER_READING` bytes per reading across all the topics counted (a burst is counted over
 * the next readings, not all at once; the topics take turns at going first). Offsets that moved backwards
 * or a partition that went (a topic deleted and made again) start the topic's count again, which a rate
 * reads as "no rate". A topic no longer asked for is forgotten, so asking again starts afresh.
 */
import { TypeCounts } from '../../core/typeCounts';
import type { PartitionRange, PartitionWatermarks } from './browsePlan';

export const MAX_RECORDS_PER_READING = 5_000;
export const MAX_BYTES_PER_READING = 4 * 1024 * 1024;

export interface TypeReadBudget {
  records: number;
  bytes: number;
}

/** Reads the ranges, calling `count` with each record's type; says where each partition stopped and what the read took. */
export type TopicTypeRead = (
  topic: string,
  ranges: readonly PartitionRange[],
  budget: TypeReadBudget,
  count: (type: string) => void,
  signal?: AbortSignal,
) => Promise<{ next: ReadonlyMap<number, bigint>; records: number; bytes: number }>;

interface Counting {
  next: Map<number, bigint>;
  counts: TypeCounts;
}

export class AppendedTopicTypes {
  private readonly topics = new Map<string, Counting>();
  private turn = 0;

  constructor(
    private readonly readTypes: TopicTypeRead,
    private readonly limits: TypeReadBudget = { records: MAX_RECORDS_PER_READING, bytes: MAX_BYTES_PER_READING },
  ) {}

  /** Topics counted now. */
  get counting(): string[] {
    return [...this.topics.keys()];
  }

  /**
   * Per topic of `marks` (its partitions' offsets now), the counts with what this reading could take; a
   * topic whose read failed is left out this time and counted afresh from the next reading.
   */
  async read(marks: ReadonlyMap<string, readonly PartitionWatermarks[]>, signal?: AbortSignal): Promise<Map<string, [string, number][]>> {
    for (const topic of this.topics.keys()) if (!marks.has(topic)) this.topics.delete(topic);
    const names = [...marks.keys()];
    const first = names.length === 0 ? 0 : this.turn % names.length;
    this.turn += 1;
    const budget = { ...this.limits };
    const result = new Map<string, [string, number][]>();
    for (const topic of [...names.slice(first), ...names.slice(0, first)]) {
      const counting = this.follow(topic, marks.get(topic) ?? []);
      const ranges = rangesOf(counting, marks.get(topic) ?? []);
      if (ranges.length > 0 && budget.records > 0 && budget.bytes > 0) {
        signal?.throwIfAborted();
        try {
          const read = await this.readTypes(topic, ranges, { ...budget }, (type) => counting.counts.add(type), signal);
          for (const [partition, next] of read.next) if (next > (counting.next.get(partition) ?? next)) counting.next.set(partition, next);
          budget.records -= read.records;
          budget.bytes -= read.bytes;
        } catch (error) {
          if (signal?.aborted) throw error;
          // How far the failed read got is not known: the topic's count begins again at the next reading
          // (one reading without a rate) rather than counting some records twice.
          this.topics.delete(topic);
          continue;
        }
      }
      result.set(topic, counting.counts.entries());
    }
    return result;
  }

  /** The topic's counting, begun at its end offsets now, or begun again when its offsets say it is not the topic it was. */
  private follow(topic: string, marks: readonly PartitionWatermarks[]): Counting {
    const known = this.topics.get(topic);
    const now = new Map(marks.map((m) => [m.partition, m]));
    const restarted = known !== undefined && [...known.next].some(([partition, next]) => {
      const mark = now.get(partition);
      return mark === undefined || mark.high < next;
    });
    if (known !== undefined && !restarted) {
      for (const mark of marks) {
        const next = known.next.get(mark.partition);
        // A partition added since counting began holds only records appended since; records removed before they were read are passed.
        if (next === undefined || next < mark.low) known.next.set(mark.partition, mark.low);
      }
      return known;
    }
    const counting: Counting = { next: new Map(marks.map((m) => [m.partition, m.high])), counts: new TypeCounts() };
    this.topics.set(topic, counting);
    return counting;
  }
}

function rangesOf(counting: Counting, marks: readonly PartitionWatermarks[]): PartitionRange[] {
  const ranges: PartitionRange[] = [];
  for (const mark of marks) {
    const start = counting.next.get(mark.partition) ?? mark.high;
    if (start < mark.high) ranges.push({ partition: mark.partition, start, end: mark.high });
  }
  return ranges;
}
