import type { BrowsePage, BrowseRequest } from '../broker';
import type { ReadProblem } from '../connector';
import { cursorsOf, planRanges, type PartitionWatermarks } from './browsePlan';
import { compileFilter, type EventPredicate, type MessageFilter } from './filters';
import type { FlowEvent } from '../../core/envelope';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError, classifyKafkaError } from './kafkaErrors';
import { timerDelay } from '../../core/timerDelay';
import { withDeadline } from './deadline';
import { secretsOf } from './options';
import { newReadState, readFinished, readSession } from './partitionReader';
import type { RawRecord } from './records';

/** Kafka's own additions to a browse: filters, a per-partition limit and how much may be scanned. */
export interface KafkaBrowseOptions {
  filter?: MessageFilter;
  /** At most this many kept messages per partition (the lag's oldest message: 1). */
  perPartitionLimit?: number;
  /** Stop after scanning this many messages even when the page is not full (filters); cursors continue. Default 100,000. */
  maxScan?: number;
  /** The whole browse, retries included (ms). Default: the connection's operation timeout. */
  timeoutMs?: number;
  /** Bytes of a value's preview (the rest stays as base64). */
  maxPreviewBytes?: number;
  /** Keep every value's bytes, JSON too (reading one message to compare its raw bytes). */
  keepBytes?: boolean;
  /** The most a page holds in memory (default 64 MB): it ends before the message that would pass it, and says so. */
  maxBytes?: number;
  /** Called after each fetched batch with the messages scanned and kept so far (a progress notification). */
  onProgress?: (progress: { scanned: number; kept: number }) => void;
  /** Matches decoded events (instead of, or with, `filter`). */
  predicate?: EventPredicate;
  /** Stop each partition at the first record at or after this time (ms), found by the broker's offset-for-time lookup. */
  until?: number;
  /** Looks at each record's headers before its value is decoded; `reject` skips the record undecoded. */
  recordCheck?: (record: RawRecord, partition: number) => 'reject' | 'decode';
  /** Told what the read cost once it ends: records fetched, and the largest batch per partition. */
  onCost?: (cost: { fetched: number; largestBatch: ReadonlyMap<number, number> }) => void;
}

export const DEFAULT_MAX_SCAN = 100_000;
/** Schema problems a page lists one by one (an unreachable registry is one, however many ids it left unread). */
const MAX_DECODE_PROBLEMS = 5;
export const BROWSE_GROUP_PREFIX = 'efx-browse';

/** Groups a browse made; deleted after each browse, and again on close if the cluster was away. */
export class ThrowAwayGroups {
  private readonly pending = new Set<string>();
  /** The last ids made, newest last, for checks that none is left (bounded: a long session browses often). */
  readonly recent: string[] = [];
  add(groupId: string): void {
    this.pending.add(groupId);
    this.recent.push(groupId);
    if (this.recent.length > 1000) this.recent.shift();
  }
  /** Deletes what can be deleted; returns what could not, with the reason. */
  async deleteAll(context: KafkaContext, timeoutMs = 10_000): Promise<ReadProblem[]> {
    if (this.pending.size === 0) return [];
    const ids = [...this.pending];
    try {
      await withDeadline('Deleting the browse groups', timeoutMs, undefined, () => context.admin.deleteGroups(ids));
      ids.forEach((id) => this.pending.delete(id));
      return [];
    } catch (error) {
      // A group that never came to exist (the consumer failed before joining) needs no deleting.
      const results = (error as { groups?: { groupId: string; errorCode: number }[] }).groups ?? [];
      for (const result of results) if (result.errorCode === GROUP_ID_NOT_FOUND || result.errorCode === 0) this.pending.delete(result.groupId);
      if (this.pending.size === 0) return [];
      const reason = classifyKafkaError(error, context.label, secretsOf(context.options)).message;
      return [{ message: `Browse group(s) ${[...this.pending].join(', ')} could not be deleted yet (tried again on close): ${reason}` }];
    }
  }

  get size(): number {
    return this.pending.size;
  }
}

const GROUP_ID_NOT_FOUND = 69;

/** Reads the watermarks of the request's partitions (all when it names none). */
export async function watermarksOf(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<PartitionWatermarks[]> {
  const offsets = await context.guard(`Reading the offsets of ${topic}`, signal, () => context.admin.fetchTopicOffsets(topic));
  return offsets
    .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * One bounded page of a topic. Nothing is committed and the throw-away groups are deleted before it
 * returns. When the consumer fails mid-read (a leader lost, a broker down), a new session continues from
 * the offsets already read, until the browse's timeout.
 */
export async function browseTopic(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  request: BrowseRequest,
  options: KafkaBrowseOptions = {},
): Promise<BrowsePage> {
  const topic = request.source;
  const signal = request.signal;
  const timeoutMs = options.timeoutMs ?? context.options.operationTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const compiled = await compileFilter(options.filter);
  const given = options.predicate;
  const predicate = given && compiled ? (event: FlowEvent) => given(event) && compiled(event) : (given ?? compiled);
  const all = await watermarksOf(context, topic, signal);
  const known = new Set(all.map((w) => w.partition));
  const unknown = (request.partitions ?? []).filter((p) => !known.has(p));
  if (unknown.length > 0) throw new KafkaConnectorError('other', `${topic} has no partition ${unknown.join(', ')} (it has ${all.length}).`);
  const selected = request.partitions ? all.filter((w) => request.partitions?.includes(w.partition)) : all;
  const start = request.start;
  const offsetsForTime =
    start.from === 'timestamp'
      ? await context.guard(`Finding offsets for ${new Date(start.timestamp).toISOString()} in ${topic}`, signal, async () => {
          const found = await context.admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp);
          return new Map(found.map((f) => [f.partition, BigInt(f.offset)]));
        })
      : undefined;
  const ranges = planRanges(selected, start, offsetsForTime);
  if (options.until !== undefined) {
    const until = options.until;
    const ends = await context.guard(`Finding offsets for ${new Date(until).toISOString()} in ${topic}`, signal, () => context.admin.fetchTopicOffsetsByTimestamp(topic, until));
    const endOf = new Map(ends.map((e) => [e.partition, BigInt(e.offset)]));
    // -1 (no record that recent) leaves the high watermark as the end.
    for (const range of ranges) {
      const end = endOf.get(range.partition);
      if (end !== undefined && end >= 0n && end < range.end) range.end = end < range.start ? range.start : end;
    }
  }
  const state = newReadState(topic, ranges, {
    recordCheck: options.recordCheck,
    limit: Math.max(0, Math.floor(request.limit)),
    perPartitionLimit: options.perPartitionLimit,
    maxScan: options.maxScan ?? DEFAULT_MAX_SCAN,
    predicate,
    decode: { maxPreviewBytes: options.maxPreviewBytes, keepBytes: options.keepBytes, identity: context.options.identity, decoders: context.decoders },
    maxBytes: options.maxBytes,
  });
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
          allPartitions: all.map((w) => w.partition),
          onGroup: (id) => groups.add(id),
          onBatch: () => options.onProgress?.({ scanned: state.scanned, kept: state.events.length }),
          onLateError: (error) => problems.push({ message: `Leaving a browse group failed: ${classifyKafkaError(error, context.label, secretsOf(context.options)).message}` }),
        }, stop);
      } catch (error) {
        if (signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled browsing ${topic}.`);
        if (stop.aborted) throw stalled(context, topic, timeoutMs, lastError);
        lastError = error;
        // Wait a little before the next session: a new leader needs a moment to be elected.
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, timerDelay(deadline - Date.now()))));
      }
    }
    failed = false;
  } finally {
    // After a failure the cluster is likely away: a short try, so the error is not held back; close() tries again.
    problems.push(...(await groups.deleteAll(context, failed ? 1000 : 10_000)));
    options.onCost?.({ fetched: state.fetched, largestBatch: state.largestBatch });
  }
  for (const problem of [...state.decodeProblems].slice(0, MAX_DECODE_PROBLEMS)) problems.push({ message: `Some values are shown as hex: ${problem}.` });
  if (state.decodeProblems.size > MAX_DECODE_PROBLEMS) problems.push({ message: `… and ${state.decodeProblems.size - MAX_DECODE_PROBLEMS} more schema problems.` });
  if (state.fullAtBytes) {
    problems.push({ message: `The page ends at ${state.events.length} messages: they hold ${(state.bytes / 1024 / 1024).toFixed(1)} MB, and a page holds at most ${(state.maxBytes / 1024 / 1024).toFixed(1)} MB; the next page goes on from there.` });
  }
  return {
    events: state.events,
    cursors: cursorsOf(state.next),
    reachedEnd: [...state.next].every(([p, next]) => next >= (state.end.get(p) ?? 0n)),
    problems,
  };
}

function stalled(context: KafkaContext, topic: string, timeoutMs: number, lastError: unknown): KafkaConnectorError {
  const cause = lastError === undefined ? 'no message arrived' : classifyKafkaError(lastError, context.label, secretsOf(context.options)).message;
  return new KafkaConnectorError('timeout', `Browsing ${topic} did not finish within ${(timeoutMs / 1000).toFixed(1)} s. Last error: ${cause}`);
}
