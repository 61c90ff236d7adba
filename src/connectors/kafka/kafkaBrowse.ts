import type { BrowsePage, BrowseRequest } from '../broker';
import type { ReadProblem } from '../connector';
import { cursorsOf, planRanges, type PartitionRange, type PartitionWatermarks } from './browsePlan';
import { compileFilter, type EventPredicate, type MessageFilter } from './filters';
import type { FlowEvent } from '../../core/envelope';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError, classifyKafkaError, isLeaderElection } from './kafkaErrors';
import { timerDelay } from '../../core/timerDelay';
import { withDeadline } from './deadline';
import { secretsOf } from './options';
import { newReadState, readFinished, readSession, type ReadState } from './partitionReader';
import { loadKafkaDriver } from './driver';
import { FetchUnavailable, type FetchConnection } from './fetchConnection';
import { offsetsAtTimes, type OffsetsAtTimes } from './offsetsAtTimes';
import { FetchCancelled, FetchTimedOut, readWithFetch, type Codecs, type FetchReadOptions } from './fetchRead';
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

/** The pause before the offsets are asked again while a partition's leader is being elected. */
const ELECTION_PAUSE_MS = 250;

/** Reads the watermarks of the request's partitions (all when it names none). */
export async function watermarksOf(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<PartitionWatermarks[]> {
  let abandoned = false;
  const offsets = await context.guard(
    `Reading the offsets of ${topic}`,
    signal,
    async () => {
      // Right after brokers restart, a partition answers "no leader" until its election ends (kafkajs's admin
      // retries only briefly): asked again until the operation's deadline rather than failing the read.
      for (;;) {
        try {
          return await context.admin.fetchTopicOffsets(topic);
        } catch (error) {
          if (abandoned || signal?.aborted || !isLeaderElection(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, ELECTION_PAUSE_MS));
        }
      }
    },
    undefined,
    () => (abandoned = true),
  );
  return offsets
    .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Each partition's range for a read: from the request's start to the high watermark it has now, or to the
 * first record at or after `until` (the broker's offset-for-time lookup). `all` is every partition's watermarks.
 * With a `fetcher`, a read that looks up times asks for them and the watermarks in one round (`offsetsAtTimes`);
 * when that fails, kafkajs's admin is asked, which waits out a leader election and says what went wrong.
 * The leaders that round found come back with the plan, for the Fetch read to use.
 */
export async function planTopicRead(context: KafkaContext, request: BrowseRequest, until?: number, fetcher?: FetchConnection): Promise<{ all: PartitionWatermarks[]; ranges: PartitionRange[]; leaders?: ReadonlyMap<number, number> }> {
  const topic = request.source;
  const signal = request.signal;
  const start = request.start;
  const times = [...(start.from === 'timestamp' ? [start.timestamp] : []), ...(until === undefined ? [] : [until])];
  const asked = times.length > 0 && fetcher !== undefined ? await offsetsInOneRound(context, fetcher, topic, times, signal) : undefined;
  const [all, offsetsForTime, endOf] = asked ? [asked.all, start.from === 'timestamp' ? asked.at[0] : undefined, until === undefined ? undefined : asked.at[times.length - 1]] : await offsetsFromAdmin(context, request, until);
  const known = new Set(all.map((w) => w.partition));
  const unknown = (request.partitions ?? []).filter((p) => !known.has(p));
  if (unknown.length > 0) throw new KafkaConnectorError('other', `${topic} has no partition ${unknown.join(', ')} (it has ${all.length}).`);
  const selected = request.partitions ? all.filter((w) => request.partitions?.includes(w.partition)) : all;
  const ranges = planRanges(selected, start, offsetsForTime);
  if (endOf !== undefined) {
    // -1 (no record that recent) leaves the high watermark as the end.
    for (const range of ranges) {
      const end = endOf.get(range.partition);
      if (end !== undefined && end >= 0n && end < range.end) range.end = end < range.start ? range.start : end;
    }
  }
  return asked ? { all, ranges, leaders: asked.leaders } : { all, ranges };
}

/** `offsetsAtTimes` under the read's signal and deadline, or undefined when it failed (the admin is asked instead). */
async function offsetsInOneRound(context: KafkaContext, fetcher: FetchConnection, topic: string, times: number[], signal: AbortSignal | undefined): Promise<OffsetsAtTimes | undefined> {
  try {
    return await context.guard(`Reading the offsets of ${topic}`, signal, () => offsetsAtTimes(fetcher, topic, times));
  } catch (error) {
    // Not swallowed: the admin is asked next, and its failure (with the reason) is what the read reports.
    if (signal?.aborted) throw error;
    return undefined;
  }
}

/** The watermarks, the start's offsets for its time and the end's, asked of kafkajs's admin at once. */
function offsetsFromAdmin(context: KafkaContext, request: BrowseRequest, until: number | undefined): Promise<[PartitionWatermarks[], Map<number, bigint> | undefined, Map<number, bigint> | undefined]> {
  const { source: topic, signal, start } = request;
  const offsetsAt = (time: number) =>
    context.guard(`Finding offsets for ${new Date(time).toISOString()} in ${topic}`, signal, async () => {
      const found = await context.admin.fetchTopicOffsetsByTimestamp(topic, time);
      return new Map(found.map((f) => [f.partition, BigInt(f.offset)]));
    });
  // Three questions to the cluster that wait for none of the others: asked at once.
  return Promise.all([watermarksOf(context, topic, signal), start.from === 'timestamp' ? offsetsAt(start.timestamp) : undefined, until === undefined ? undefined : offsetsAt(until)]);
}

/**
 * One bounded page of a topic. With a `fetcher`, the partitions are read by Fetch requests of our own
 * (`fetchRead.ts`): no consumer group is made. A partition the fetches cannot read (an old message format,
 * a codec kafkajs lacks), or every partition when there is no fetcher, is read through a throw-away group
 * that commits nothing and is deleted before the page returns. When that consumer fails mid-read (a leader
 * lost, a broker down), a new session continues from the offsets already read, until the browse's timeout.
 */
export async function browseTopic(
  context: KafkaContext,
  groups: ThrowAwayGroups,
  request: BrowseRequest,
  options: KafkaBrowseOptions = {},
  fetcher?: FetchConnection,
): Promise<BrowsePage> {
  const topic = request.source;
  const signal = request.signal;
  const timeoutMs = options.timeoutMs ?? context.options.operationTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const compiled = await compileFilter(options.filter);
  const given = options.predicate;
  const predicate = given && compiled ? (event: FlowEvent) => given(event) && compiled(event) : (given ?? compiled);
  const { all, ranges, leaders } = await planTopicRead(context, request, options.until, fetcher);
  const state = newReadState(topic, ranges, {
    recordCheck: options.recordCheck,
    limit: Math.max(0, Math.floor(request.limit)),
    perPartitionLimit: options.perPartitionLimit,
    maxScan: options.maxScan ?? DEFAULT_MAX_SCAN,
    predicate,
    decode: { maxPreviewBytes: options.maxPreviewBytes, keepBytes: options.keepBytes, identity: context.options.identity, decoders: context.decoders },
    maxBytes: options.maxBytes,
  });
  const onProgress = () => options.onProgress?.({ scanned: state.scanned, kept: state.events.length });
  const problems = await readToEnd(context, groups, state, { fetcher, leaders, allPartitions: all.map((w) => w.partition), deadline, timeoutMs, signal, onProgress, wording: BROWSE_WORDING })
    .finally(() => options.onCost?.({ fetched: state.fetched, largestBatch: state.largestBatch }));
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

/** How a read names itself in the errors and problems it reports. */
export interface ReadWording {
  /** "Browsing t did not finish …", "Cancelled browsing t.". */
  activity: 'Browsing' | 'Reading';
  /** "Leaving a browse group failed: …". */
  group: 'browse' | 'read';
  /** Whether a partition handed over to the consumer is said to be of the topic ("Partition(s) 1 of t read through …"). */
  handOverNamesTopic: boolean;
}

const BROWSE_WORDING: ReadWording = { activity: 'Browsing', group: 'browse', handOverNamesTopic: false };

export interface ReadToEndOptions {
  /** Reads by Fetch requests of our own first; what they hand over (or everything, without one) goes through a consumer. */
  fetcher?: FetchConnection;
  /** The partitions' leaders the plan found, if it asked (the Fetch read then does not ask again). */
  leaders?: ReadonlyMap<number, number>;
  /** Every partition of the topic (a session assigns the state's ranges among them). */
  allPartitions: readonly number[];
  deadline: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called after each fetched batch. */
  onProgress: () => void;
  /** Judges each fetched record before it is decoded (the consumer's sessions use the state's `recordCheck`). */
  check?: FetchReadOptions['check'];
  wording: ReadWording;
}

/**
 * Reads the state's ranges to their ends or limits: by Fetch requests when there is a `fetcher`, then what
 * is left through throw-away groups that never commit. When a consumer session fails mid-read (a leader lost,
 * a broker down), a new one continues from the offsets already read, until the deadline. The groups are
 * deleted before it returns; the problems it met are returned.
 */
export async function readToEnd(context: KafkaContext, groups: ThrowAwayGroups, state: ReadState, options: ReadToEndOptions): Promise<ReadProblem[]> {
  const { signal, deadline, timeoutMs, wording } = options;
  const topic = state.topic;
  const problems: ReadProblem[] = [];
  let lastError: unknown;
  let failed = true;
  try {
    if (options.fetcher) problems.push(...(await readWithFetcher(context, options.fetcher, state, options)));
    while (!readFinished(state)) {
      const left = deadline - Date.now();
      if (left <= 0) throw stalled(context, topic, timeoutMs, lastError, wording);
      const stop = AbortSignal.any([AbortSignal.timeout(left), ...(signal ? [signal] : [])]);
      try {
        await readSession(state, {
          kafka: context.kafka,
          groupPrefix: BROWSE_GROUP_PREFIX,
          sessionTimeoutMs: 6000,
          allPartitions: options.allPartitions,
          onGroup: (id) => groups.add(id),
          onBatch: options.onProgress,
          onLateError: (error) => problems.push({ message: `Leaving a ${wording.group} group failed: ${classifyKafkaError(error, context.label, secretsOf(context.options)).message}` }),
        }, stop);
      } catch (error) {
        if (signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled ${wording.activity.toLowerCase()} ${topic}.`);
        if (stop.aborted) throw stalled(context, topic, timeoutMs, lastError, wording);
        lastError = error;
        // Wait a little before the next session: a new leader needs a moment to be elected.
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, timerDelay(deadline - Date.now()))));
      }
    }
    failed = false;
  } finally {
    // After a failure the cluster is likely away: a short try, so the error is not held back; close() tries again.
    problems.push(...(await groups.deleteAll(context, failed ? 1000 : 10_000)));
  }
  return problems;
}

/**
 * The read by Fetch requests. Partitions it hands over (or all, when the connection cannot fetch) are left
 * unfinished in the state, for the consumer to read on from their `next`.
 */
async function readWithFetcher(context: KafkaContext, fetcher: FetchConnection, state: ReadState, options: ReadToEndOptions): Promise<ReadProblem[]> {
  const { topic } = state;
  const { wording } = options;
  try {
    const codecs = (await loadKafkaDriver()).CompressionCodecs as Codecs;
    const { handOver } = await readWithFetch(fetcher, state, { codecs, deadline: options.deadline, signal: options.signal, onProgress: options.onProgress, check: options.check, leaders: options.leaders });
    const rest = [...handOver.keys()].filter((p) => (state.next.get(p) ?? 0n) < (state.end.get(p) ?? 0n));
    const partitions = wording.handOverNamesTopic ? `${rest.join(', ')} of ${topic}` : rest.join(', ');
    return rest.length === 0 ? [] : [{ message: `Partition(s) ${partitions} read through a consumer: ${[...new Set(rest.map((p) => handOver.get(p)))].join('; ')}.` }];
  } catch (error) {
    if (error instanceof FetchCancelled || options.signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled ${wording.activity.toLowerCase()} ${topic}.`);
    if (error instanceof FetchTimedOut) throw new KafkaConnectorError('timeout', `${wording.activity} ${topic} did not finish within ${(options.timeoutMs / 1000).toFixed(1)} s. Last error: ${error.message}`);
    if (!(error instanceof FetchUnavailable)) throw classifyKafkaError(error, context.label, secretsOf(context.options));
    return [];
  }
}

function stalled(context: KafkaContext, topic: string, timeoutMs: number, lastError: unknown, wording: ReadWording): KafkaConnectorError {
  const cause = lastError === undefined ? 'no message arrived' : classifyKafkaError(lastError, context.label, secretsOf(context.options)).message;
  return new KafkaConnectorError('timeout', `${wording.activity} ${topic} did not finish within ${(timeoutMs / 1000).toFixed(1)} s. Last error: ${cause}`);
}
