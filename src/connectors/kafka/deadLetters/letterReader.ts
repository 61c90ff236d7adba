import type { ReadProblem } from '../../connector';
import type { PartitionRange } from '../browsePlan';
import { timerDelay } from '../../../core/timerDelay';
import { loadKafkaDriver } from '../driver';
import { FetchUnavailable, type FetchConnection } from '../fetchConnection';
import { FetchCancelled, FetchTimedOut, readWithFetch, type Codecs } from '../fetchRead';
import { rawRecordOf } from '../fetchedRecord';
import { BROWSE_GROUP_PREFIX, type ThrowAwayGroups } from '../kafkaBrowse';
import type { KafkaContext } from '../kafkaClient';
import { KafkaConnectorError, classifyKafkaError } from '../kafkaErrors';
import { secretsOf } from '../options';
import { newReadState, readFinished, readSession, type ReadState } from '../partitionReader';
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
  const offsets = await context.guard(`Reading the offsets of ${topic}`, signal, () => context.admin.fetchTopicOffsets(topic));
  const problems: ReadProblem[] = [];
  let lastError: unknown;
  let failed = true;
  try {
    if (options.fetcher) problems.push(...(await readByFetch(context, options.fetcher, state, onRecord, { deadline, timeoutMs, signal, onProgress: () => options.onProgress?.(state.scanned) })));
    while (!readFinished(state)) {
      const left = deadline - Date.now();
      if (left <= 0) throw stalled(context, topic, timeoutMs, lastError);
      const stop = AbortSignal.any([AbortSignal.timeout(left), ...(signal ? [signal] : [])]);
      try {
        await readSession(state, {
          kafka: context.kafka,
          groupPrefix: BROWSE_GROUP_PREFIX,
          sessionTimeoutMs: 6000,
          allPartitions: offsets.map((o) => o.partition),
          onGroup: (id) => groups.add(id),
          onBatch: () => options.onProgress?.(state.scanned),
          onLateError: (error) => problems.push({ message: `Leaving a read group failed: ${classifyKafkaError(error, context.label, secretsOf(context.options)).message}` }),
        }, stop);
      } catch (error) {
        if (signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled reading ${topic}.`);
        if (stop.aborted) throw stalled(context, topic, timeoutMs, lastError);
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, timerDelay(deadline - Date.now()))));
      }
    }
    failed = false;
  } finally {
    problems.push(...(await groups.deleteAll(context, failed ? 1000 : 10_000)));
  }
  return problems;
}

/**
 * The read by Fetch requests: each record handed on from its spans and passed over undecoded. Partitions the
 * fetches hand over (or all, when the connection cannot fetch) are left unfinished in the state, for the
 * consumer to read on from their `next`.
 */
async function readByFetch(
  context: KafkaContext,
  fetcher: FetchConnection,
  state: ReadState,
  onRecord: (partition: number, record: RawRecord) => void,
  options: { deadline: number; timeoutMs: number; signal: AbortSignal | undefined; onProgress: () => void },
): Promise<ReadProblem[]> {
  try {
    const codecs = (await loadKafkaDriver()).CompressionCodecs as Codecs;
    const { handOver } = await readWithFetch(fetcher, state, {
      codecs,
      deadline: options.deadline,
      signal: options.signal,
      onProgress: options.onProgress,
      check: (record, partition) => {
        onRecord(partition, rawRecordOf(record));
        return 'reject';
      },
    });
    const rest = [...handOver.keys()].filter((p) => (state.next.get(p) ?? 0n) < (state.end.get(p) ?? 0n));
    return rest.length === 0 ? [] : [{ message: `Partition(s) ${rest.join(', ')} of ${state.topic} read through a consumer: ${[...new Set(rest.map((p) => handOver.get(p)))].join('; ')}.` }];
  } catch (error) {
    if (error instanceof FetchCancelled || options.signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled reading ${state.topic}.`);
    if (error instanceof FetchTimedOut) throw new KafkaConnectorError('timeout', `Reading ${state.topic} did not finish within ${(options.timeoutMs / 1000).toFixed(1)} s. Last error: ${error.message}`);
    if (!(error instanceof FetchUnavailable)) throw classifyKafkaError(error, context.label, secretsOf(context.options));
    return [];
  }
}

/** Each partition's first and last offsets kept, and the next to be written. */
export async function watermarks(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<{ partition: number; low: bigint; high: bigint }[]> {
  const offsets = await context.guard(`Reading the offsets of ${topic}`, signal, () => context.admin.fetchTopicOffsets(topic));
  return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
}

function stalled(context: KafkaContext, topic: string, timeoutMs: number, lastError: unknown): KafkaConnectorError {
  const cause = lastError === undefined ? 'no message arrived' : classifyKafkaError(lastError, context.label, secretsOf(context.options)).message;
  return new KafkaConnectorError('timeout', `Reading ${topic} did not finish within ${(timeoutMs / 1000).toFixed(1)} s. Last error: ${cause}`);
}
