import type { ReadProblem } from '../../connector';
import type { PartitionRange } from '../browsePlan';
import { timerDelay } from '../../../core/timerDelay';
import { BROWSE_GROUP_PREFIX, type ThrowAwayGroups } from '../kafkaBrowse';
import type { KafkaContext } from '../kafkaClient';
import { KafkaConnectorError, classifyKafkaError } from '../kafkaErrors';
import { secretsOf } from '../options';
import { newReadState, readFinished, readSession } from '../partitionReader';
import type { RawRecord } from '../records';

export interface LetterReadOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (scanned: number) => void;
}

/**
 * Hands every record of the ranges to `onRecord` undecoded (its value is never parsed), each once, in offset
 * order per partition. Reads like a browse: a throw-away group that never commits, a new session from the
 * offsets already read when the consumer fails, the groups deleted before it returns.
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

/** Each partition's first and last offsets kept, and the next to be written. */
export async function watermarks(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<{ partition: number; low: bigint; high: bigint }[]> {
  const offsets = await context.guard(`Reading the offsets of ${topic}`, signal, () => context.admin.fetchTopicOffsets(topic));
  return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
}

function stalled(context: KafkaContext, topic: string, timeoutMs: number, lastError: unknown): KafkaConnectorError {
  const cause = lastError === undefined ? 'no message arrived' : classifyKafkaError(lastError, context.label, secretsOf(context.options)).message;
  return new KafkaConnectorError('timeout', `Reading ${topic} did not finish within ${(timeoutMs / 1000).toFixed(1)} s. Last error: ${cause}`);
}
