import type { SearchWindow } from '../reads/search';
import { FetchUnavailable, type FetchConnection } from './fetchConnection';
import { takePartition, type FetchedPart } from './fetchedPartition';
import type { PartitionFetch } from './fetchWire';
import type { RecordVerdict } from './headerBytesCheck';
import type { ReadState } from './partitionReader';
import { RecordBatchError, readBatches, type RecordBatch, type RecordSpans } from './recordBatches';

/** As a consumer fetches by default: 1 MiB per partition, 10 MiB per request, at most half a second's wait. */
const PARTITION_MAX_BYTES = 1024 * 1024;
const REQUEST_MAX_BYTES = 10 * 1024 * 1024;
/** A batch larger than the partition's bytes comes cut: the partition asks for more, up to this. */
const LARGEST_PARTITION_FETCH = 128 * 1024 * 1024;
const MAX_WAIT_MS = 500;
/** Partition errors after which fresh metadata finds the partition (a moved leader, an election). */
const RETRIABLE = new Set([3, 5, 6, 9, 56, 74, 75]);

/** Kafka's codecs as kafkajs registers them (`CompressionCodecs`): gzip built in, others when registered. */
export type Codecs = Partial<Record<number, () => { decompress(bytes: Buffer): Promise<Buffer> }>>;

export interface FetchReadOptions {
  /** Judges a record from its key and header bytes before it is decoded (see `headerBytesCheck.ts`). */
  check?: (record: RecordSpans, partition: number) => RecordVerdict;
  /** Records whose time lies outside are never kept: whole batches older than `from` are passed unread. */
  window?: SearchWindow;
  codecs: Codecs;
  deadline: number;
  signal?: AbortSignal;
  onProgress?: () => void;
  /** Each partition's leader, when the caller has just asked (a time lookup's round); otherwise asked here. */
  leaders?: ReadonlyMap<number, number>;
}

export interface FetchReadResult {
  /** Partitions this reader could not go on with (an old message format, a codec kafkajs lacks, an offset out of range), each from its `next`. */
  handOver: Map<number, string>;
}

export class FetchCancelled extends Error {}
export class FetchTimedOut extends Error {}

/**
 * Reads the state's partition ranges with Fetch requests of our own, READ_COMMITTED like kafkajs's consumer:
 * the broker serves up to the last stable offset, batches of aborted transactions are left out (by the
 * response's aborted list and the abort markers), control batches are passed over. Records go into the
 * state as `acceptBatch` takes kafkajs's messages: the same limit, scan bound, byte bound and cursors.
 * The next fetch is sent before a response's records are looked at, so the broker reads while we do.
 */
export async function readWithFetch(connection: FetchConnection, state: ReadState, options: FetchReadOptions): Promise<FetchReadResult> {
  const handOver = new Map<number, string>();
  const partitionBytes = new Map<number, number>();
  let leaders: ReadonlyMap<number, number> = options.leaders ?? (await connection.leaders(state.topic));
  let lastError: unknown;
  /** Where each partition not yet done goes next, from the state. */
  const positions = (): Map<number, number> => {
    const left = new Map<number, number>();
    for (const [partition, next] of state.next) if (!handOver.has(partition) && !partitionDone(state, partition, Number(next))) left.set(partition, Number(next));
    return left;
  };
  const round = (at: ReadonlyMap<number, number>): SentRound => ({ at, result: fetchRound(connection, state.topic, leaders, at, partitionBytes) });
  let sent: SentRound | undefined = readFinished(state) ? undefined : round(positions());
  try {
    while (sent !== undefined && sent.at.size > 0) {
      const asked: ReadonlyMap<number, number> = sent.at;
      const result: RoundResult = await waitFor(sent.result, options);
      let refresh = result.failed !== undefined;
      if (refresh) lastError = result.failed;
      // Where each partition goes after this response, known from its batch headers alone.
      const following = new Map<number, number>(asked);
      for (const part of result.parts) {
        const partition = part.data.partition;
        if (part.error !== undefined) handOver.set(partition, part.error);
        else if (RETRIABLE.has(part.data.errorCode)) refresh = true;
        else if (part.data.errorCode !== 0) handOver.set(partition, `the broker answered error ${part.data.errorCode}`);
        else if (part.batches.length > 0) following.set(partition, (part.batches.at(-1) as RecordBatch).lastOffset + 1);
        else if (part.data.records.length > 0) partitionBytes.set(partition, Math.min(LARGEST_PARTITION_FETCH, 2 * (partitionBytes.get(partition) ?? PARTITION_MAX_BYTES)));
        else if (part.from >= part.data.lastStableOffset) {
          // A leader just elected may answer with a high watermark behind what the partition held when the read
          // was planned, until its followers catch up: no end, asked again. Only an open transaction (the stable
          // offset below the high watermark) ends the read short of what was planned.
          if (staleLeader(part.data, part.from, state.end.get(partition))) refresh = true;
          else endAt(state, partition, part.from);
        }
      }
      if (refresh) {
        await pause(options, 200);
        leaders = await connection.leaders(state.topic).catch((error: unknown) => ((lastError = error), leaders));
      }
      for (const partition of handOver.keys()) following.delete(partition);
      for (const [partition, at] of following) if (partitionDone(state, partition, at)) following.delete(partition);
      // The next fetch goes out before this response's records are looked at: the broker reads while we do.
      sent = readFinished(state) || following.size === 0 ? undefined : round(following);
      for (const part of result.parts) {
        if (part.error !== undefined || part.data.errorCode !== 0 || handOver.has(part.data.partition)) continue;
        await takePartition(state, part, options).catch((error: unknown) => {
          if (!(error instanceof RecordBatchError || error instanceof FetchUnavailable)) throw error;
          handOver.set(part.data.partition, error.message);
        });
      }
      options.onProgress?.();
      if (readFinished(state)) break;
      // Sent ahead from where the headers said; where the state stands otherwise (a partition handed over), asked again.
      const now = positions();
      if (sent === undefined || !samePositions(sent.at, now)) {
        sent?.result.catch(() => undefined);
        sent = round(now);
      }
      if (Date.now() > options.deadline) throw new FetchTimedOut(describe(lastError));
    }
  } finally {
    // A fetch sent ahead and no longer wanted must not end as an unhandled rejection.
    sent?.result.catch(() => undefined);
  }
  return { handOver };
}

/** An empty answer at a high watermark below the end the read was planned to: the leader has not caught up yet. */
function staleLeader(data: { highWatermark: number; lastStableOffset: number }, from: number, plannedEnd: bigint | undefined): boolean {
  return plannedEnd !== undefined && data.lastStableOffset >= data.highWatermark && BigInt(from) < plannedEnd;
}

/** Nothing past the last stable offset is served while a transaction is open: the partition's read ends there. */
function endAt(state: ReadState, partition: number, offset: number): void {
  const at = BigInt(offset);
  const end = state.end.get(partition);
  const next = state.next.get(partition) ?? 0n;
  if (end !== undefined && at < end) state.end.set(partition, at > next ? at : next);
}

function samePositions(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [partition, at] of a) if (b.get(partition) !== at) return false;
  return true;
}

function describe(error: unknown): string {
  if (error === undefined) return 'no records arrived';
  return error instanceof Error ? error.message : 'the fetch failed';
}

function partitionDone(state: ReadState, partition: number, next: number): boolean {
  const end = state.end.get(partition);
  if (end === undefined || BigInt(next) >= end || (state.next.get(partition) ?? 0n) >= end) return true;
  return state.perPartitionLimit !== undefined && (state.kept.get(partition) ?? 0) >= state.perPartitionLimit;
}

function readFinished(state: ReadState): boolean {
  if (state.events.length >= state.limit || state.scanned >= state.maxScan || state.fullAtBytes) return true;
  for (const [partition, next] of state.next) if (!partitionDone(state, partition, Number(next))) return false;
  return true;
}

async function waitFor<T>(work: Promise<T>, options: FetchReadOptions): Promise<T> {
  const signal = options.signal;
  if (signal?.aborted) throw new FetchCancelled();
  let onAbort: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(new FetchCancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => reject(new FetchTimedOut('no answer')), Math.max(0, options.deadline - Date.now()));
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function pause(options: FetchReadOptions, ms: number): Promise<void> {
  await waitFor(new Promise((resolve) => setTimeout(resolve, ms)), options);
}

interface SentRound {
  at: ReadonlyMap<number, number>;
  result: Promise<RoundResult>;
}

interface RoundResult {
  parts: FetchedPart[];
  failed?: unknown;
}

/** One Fetch per leader, all at once; a request that fails leaves its partitions for the next round. */
async function fetchRound(
  connection: FetchConnection,
  topic: string,
  leaders: ReadonlyMap<number, number>,
  positions: ReadonlyMap<number, number>,
  partitionBytes: ReadonlyMap<number, number>,
): Promise<RoundResult> {
  const byLeader = new Map<number, PartitionFetch[]>();
  let failed: unknown;
  for (const [partition, offset] of positions) {
    const leader = leaders.get(partition);
    if (leader === undefined) {
      failed = new Error(`partition ${partition} has no leader`);
      continue;
    }
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), { partition, offset, maxBytes: partitionBytes.get(partition) ?? PARTITION_MAX_BYTES }]);
  }
  const parts: FetchedPart[] = [];
  await Promise.all(
    [...byLeader].map(async ([leader, partitions]) => {
      try {
        const response = await connection.fetch(leader, { topic, partitions, maxWaitMs: MAX_WAIT_MS, maxBytes: Math.max(REQUEST_MAX_BYTES, ...partitions.map((p) => p.maxBytes)) });
        if (response.errorCode !== 0) throw new Error(`the broker answered error ${response.errorCode}`);
        for (const data of response.partitions) {
          const from = positions.get(data.partition);
          if (from === undefined) continue;
          try {
            parts.push({ data, from, batches: data.errorCode === 0 ? readBatches(data.records).batches : [] });
          } catch (error) {
            if (!(error instanceof RecordBatchError)) throw error;
            parts.push({ data, from, batches: [], error: error.message });
          }
        }
      } catch (error) {
        if (error instanceof FetchUnavailable) throw error;
        failed = error;
      }
    }),
  );
  return { parts, failed };
}
