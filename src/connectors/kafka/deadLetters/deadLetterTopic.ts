import type { ReadProblem } from '../../connector';
import type { PartitionRange } from '../browsePlan';
import type { FetchConnection } from '../fetchConnection';
import { watermarksOf, type ThrowAwayGroups } from '../kafkaBrowse';
import type { KafkaContext } from '../kafkaClient';
import { KafkaConnectorError } from '../kafkaErrors';
import type { KafkaPublisher } from '../kafkaProducer';
import { decodeHeaders } from '../records';
import { readDltOrigin, type DltStyle } from './dltHeaders';
import { readRecords } from './letterReader';
import { planRepublish, positionKey, type DeadLetter, type OriginLayout, type RepublishPlan, type RepublishRule } from './republishPlan';

/** What sampling a topic's latest messages found. */
export interface DltDetection {
  topic: string;
  isDlt: boolean;
  sampled: number;
  /** Sampled messages naming an origin, by origin topic. */
  origins: Record<string, number>;
  styles: DltStyle[];
}

export const DETECTION_PER_PARTITION = 5;

/**
 * Names dead-letter topics usually have (Spring's `.DLT` / `-dlt`, `dlq`, `dead`, `error`): the tree samples
 * only these, a few per page, since each sample is a read. Any other topic is checked by its dry run.
 */
export function looksLikeDeadLetterTopic(name: string): boolean {
  return /(^|[._-])(dlt|dlq|dead[._-]?letters?|errors?)([._-]|$)/i.test(name);
}

/** Samples the latest few messages of each partition (bounded: `perPartition` × partitions, values never decoded). */
export async function detectDeadLetterTopic(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  topic: string,
  options: { perPartition?: number; originHeader?: string; signal?: AbortSignal; fetcher?: FetchConnection } = {},
): Promise<DltDetection> {
  const per = BigInt(Math.max(1, Math.min(50, options.perPartition ?? DETECTION_PER_PARTITION)));
  const ranges = (await watermarksOf(context, topic, options.signal))
    .map((w) => ({ partition: w.partition, start: w.high - per < w.low ? w.low : w.high - per, end: w.high }))
    .filter((r) => r.end > r.start);
  const detection: DltDetection = { topic, isDlt: false, sampled: 0, origins: {}, styles: [] };
  const styles = new Set<DltStyle>();
  await readRecords(context, groups, topic, ranges, (_partition, record) => {
    detection.sampled += 1;
    const origin = readDltOrigin(decodeHeaders(record.headers), options.originHeader);
    if (!origin) return;
    styles.add(origin.style);
    detection.origins[origin.topic] = (detection.origins[origin.topic] ?? 0) + 1;
  }, { ...(options.signal ? { signal: options.signal } : {}), ...(options.fetcher ? { fetcher: options.fetcher } : {}) });
  detection.styles = [...styles];
  detection.isDlt = styles.size > 0;
  return detection;
}

export const DEFAULT_MAX_LETTERS = 100_000;

export interface LettersRead {
  letters: DeadLetter[];
  /** Set when the topic holds more than `maxLetters`: the oldest of each partition were read. */
  truncated: boolean;
  problems: ReadProblem[];
}

/** The selected dead letters' places, keys and headers (values are not kept): what a dry run plans from. */
export async function readDeadLetters(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  topic: string,
  rule: Pick<RepublishRule, 'selection'>,
  options: { maxLetters?: number; signal?: AbortSignal; fetcher?: FetchConnection } = {},
): Promise<LettersRead> {
  const marks = await watermarksOf(context, topic, options.signal);
  const maxLetters = BigInt(Math.max(1, options.maxLetters ?? DEFAULT_MAX_LETTERS));
  let ranges: PartitionRange[];
  let truncated = false;
  /** Positions mode: only these are kept (the rest of each read range is passed over, its headers never held). */
  let picked: Set<string> | undefined;
  if (rule.selection === 'all') {
    const share = maxLetters / BigInt(Math.max(1, marks.length));
    ranges = marks.map((w) => {
      const end = w.high - w.low > share ? w.low + share : w.high;
      if (end < w.high) truncated = true;
      return { partition: w.partition, start: w.low, end };
    });
  } else {
    picked = new Set(rule.selection.positions.map(positionKey));
    // Each partition's lowest and highest selected offset bound its read (one pass, whatever the count).
    const bounds = new Map<number, { low: bigint; high: bigint }>();
    for (const position of rule.selection.positions) {
      const offset = BigInt(position.offset);
      const known = bounds.get(position.partition);
      if (!known) bounds.set(position.partition, { low: offset, high: offset });
      else if (offset < known.low) known.low = offset;
      else if (offset > known.high) known.high = offset;
    }
    ranges = marks.flatMap((w) => {
      const bound = bounds.get(w.partition);
      if (!bound) return [];
      const end = bound.high + 1n;
      return [{ partition: w.partition, start: bound.low < w.low ? w.low : bound.low, end: end > w.high ? w.high : end }];
    });
  }
  const letters: DeadLetter[] = [];
  const problems = await readRecords(context, groups, topic, ranges.filter((r) => r.end > r.start), (partition, record) => {
    if (picked !== undefined && !picked.has(`${partition}:${record.offset}`)) return;
    letters.push({ partition, offset: record.offset, key: record.key, headers: decodeHeaders(record.headers) });
  }, { ...(options.signal ? { signal: options.signal } : {}), ...(options.fetcher ? { fetcher: options.fetcher } : {}) });
  return { letters, truncated, problems };
}

/** The dry run of a re-publish: reads the dead letters and decides each one's target (see `planRepublish`). */
export async function dryRunRepublish(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  publisher: KafkaPublisher,
  topic: string,
  rule: RepublishRule,
  options: { maxLetters?: number; signal?: AbortSignal; fetcher?: FetchConnection } = {},
): Promise<{ plan: RepublishPlan; truncated: boolean; problems: ReadProblem[] }> {
  const read = await readDeadLetters(context, groups, topic, rule, options);
  const layouts = new Map<string, OriginLayout | undefined>();
  for (const letter of read.letters) {
    const origin = readDltOrigin(letter.headers, rule.originHeader);
    if (!origin || layouts.has(origin.topic)) continue;
    layouts.set(origin.topic, await publisher.keyPartitioner(origin.topic, options.signal).catch((error: unknown) => {
      if (error instanceof KafkaConnectorError && /does not exist/.test(error.message)) return undefined;
      throw error;
    }));
  }
  return { plan: planRepublish(topic, read.letters, rule, (t) => layouts.get(t)), truncated: read.truncated, problems: read.problems };
}
