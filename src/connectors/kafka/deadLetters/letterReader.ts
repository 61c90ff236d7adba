import type { ReadProblem } from '../../connector';
import type { PartitionRange } from '../browsePlan';
import type { FetchConnection } from '../fetchConnection';
import { rawRecordOf } from '../fetchedRecord';
import { readToEnd, watermarksOf, type ReadWording, type ThrowAwayGroups } from '../kafkaBrowse';
import type { KafkaContext } from '../kafkaClient';
import { newReadState } from '../partitionReader';
import type { RawRecord } from '../records';

export interface LetterReadOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (scanned: number) => void;
  /** Reads by Fetch requests of our own (no consumer group); what they cannot read goes through a throw-away group. */
  fetcher?: FetchConnection;
}

/**
 * Hands every record of the ranges to `onRecord` undecoded (its value is never parsed), each once, in offset
 * order per partition. Reads like a browse: by Fetch requests of our own when given a `fetcher`, and what
 * those hand over (or everything, without one) through a throw-away group that never commits, a new session
 * from the offsets already read when the consumer fails, the groups deleted before it returns.
 */
export async function readRecords(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  topic: string,
  ranges: readonly PartitionRange[],
  onRecord: (partition: number, record: RawRecord) => void,
  options: LetterReadOptions = {},
): Promise<ReadProblem[]> {
  const timeoutMs = options.timeoutMs ?? context.options.operationTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const { signal } = options;
  const state = newReadState(topic, ranges, {
    limit: Number.MAX_SAFE_INTEGER,
    maxScan: Number.MAX_SAFE_INTEGER,
    decode: {},
    recordCheck: (record, partition) => {
      onRecord(partition, record);
      return 'reject';
    },
  });
  const offsets = await watermarksOf(context, topic, signal);
  return readToEnd(context, groups, state, {
    fetcher: options.fetcher,
    allPartitions: offsets.map((o) => o.partition),
    deadline,
    timeoutMs,
    signal,
    onProgress: () => options.onProgress?.(state.scanned),
    check: (record, partition) => {
      onRecord(partition, rawRecordOf(record));
      return 'reject';
    },
    wording: LETTER_WORDING,
  });
}

const LETTER_WORDING: ReadWording = { activity: 'Reading', group: 'read', handOverNamesTopic: true };
