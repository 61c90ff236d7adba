import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { FlowEvent } from '../../core/envelope';
import type { PartitionRange } from './browsePlan';
import type { EventPredicate } from './filters';
import { decodeHeaders, recordToEvent, type DecodeOptions, type RawRecord } from './records';

/** What one read of a topic's partition ranges collects, and where each partition stands. */
export interface ReadState {
  topic: string;
  /** Per partition: the next offset to read, and the exclusive end. */
  next: Map<number, bigint>;
  end: Map<number, bigint>;
  events: FlowEvent[];
  /** Messages matched (kept) per partition, for a per-partition limit. */
  kept: Map<number, number>;
  scanned: number;
  /** What the kept events hold (previews, values, base64 copies), and the most they may. */
  bytes: number;
  maxBytes: number;
  /** Set when the next kept message would pass `maxBytes`: the page ends before it (the cursor points at it). */
  fullAtBytes: boolean;
  limit: number;
  perPartitionLimit?: number;
  maxScan: number;
  predicate?: EventPredicate;
  /** Decides on the record as fetched (its headers), before its value is decoded: `reject` skips decoding. */
  recordCheck?: (record: RawRecord, partition: number) => 'reject' | 'decode';
  decode: DecodeOptions;
  /** Every record the consumer handed over, inside the ranges or not: what the read cost. */
  fetched: number;
  /** The largest batch seen per partition (how far one fetch can overshoot a range's end). */
  largestBatch: Map<number, number>;
  /** Why some values could not be decoded with their schema (an unknown id, an unreachable registry), once each. */
  decodeProblems: Set<string>;
}

/** The most one browse page holds in memory, whatever its count (a page of 10 MB values would be 2 GB at 200). */
export const DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024;

export function newReadState(
  topic: string,
  ranges: readonly PartitionRange[],
  options: Pick<ReadState, 'limit' | 'perPartitionLimit' | 'maxScan' | 'predicate' | 'decode' | 'recordCheck'> & { maxBytes?: number },
): ReadState {
  return {
    ...options,
    topic,
    bytes: 0,
    // After the spread: a maxBytes given as undefined still gets the default.
    maxBytes: options.maxBytes ?? DEFAULT_MAX_PAGE_BYTES,
    fullAtBytes: false,
    next: new Map(ranges.map((r) => [r.partition, r.start])),
    end: new Map(ranges.map((r) => [r.partition, r.end])),
    events: [],
    kept: new Map(),
    scanned: 0,
    fetched: 0,
    largestBatch: new Map(),
    decodeProblems: new Set(),
  };
}

export function partitionDone(state: ReadState, partition: number): boolean {
  const next = state.next.get(partition);
  const end = state.end.get(partition);
  if (next === undefined || end === undefined || next >= end) return true;
  return state.perPartitionLimit !== undefined && (state.kept.get(partition) ?? 0) >= state.perPartitionLimit;
}

/** The page is full, the scan bound is spent, or every partition reached its end. */
export function readFinished(state: ReadState): boolean {
  if (state.events.length >= state.limit || state.scanned >= state.maxScan || state.fullAtBytes) return true;
  return [...state.next.keys()].every((p) => partitionDone(state, p));
}

/** Loads the schemas a batch names (a registry's, by id; the decoding libraries) so that decoding it is synchronous. */
export async function prepareBatch(state: ReadState, messages: EachBatchPayload['batch']['messages'], signal?: AbortSignal): Promise<void> {
  const decoders = state.decode.decoders;
  if (!decoders?.appliesTo(state.topic)) return;
  const parts = messages.map((m) => ({ key: m.key, value: m.value, headers: decodeHeaders(m.headers) }));
  for (const problem of await decoders.prepare(state.topic, parts, signal)) state.decodeProblems.add(problem);
}

/** Takes one fetched batch into the state: offsets below `next` were seen already and are skipped, so a retry never repeats one. */
export function acceptBatch(state: ReadState, partition: number, messages: EachBatchPayload['batch']['messages']): void {
  state.fetched += messages.length;
  state.largestBatch.set(partition, Math.max(state.largestBatch.get(partition) ?? 0, messages.length));
  for (const message of messages) {
    if (readFinished(state) || partitionDone(state, partition)) return;
    const offset = BigInt(message.offset);
    const next = state.next.get(partition);
    if (next === undefined || offset < next) continue;
    // Headers are looked at before the value is decoded: a rejected record costs no decoding.
    const event = state.recordCheck?.(message, partition) === 'reject' ? undefined : recordToEvent(state.topic, partition, message, state.decode);
    const matched = event !== undefined && (!state.predicate || state.predicate(event));
    const bytes = matched ? eventBytes(event, message.value) : 0;
    // The first event of a page is always kept, so a page never comes back empty for its size alone.
    if (matched && state.events.length > 0 && state.bytes + bytes > state.maxBytes) {
      state.fullAtBytes = true;
      return;
    }
    state.next.set(partition, offset + 1n);
    state.scanned += 1;
    if (!matched) continue;
    state.bytes += bytes;
    state.events.push(event);
    state.kept.set(partition, (state.kept.get(partition) ?? 0) + 1);
  }
}

/** What a kept event holds of its value: the value (parsed or as text), or its preview and any base64 copy. */
function eventBytes(event: FlowEvent, value: Buffer | null): number {
  const payload = event.payload;
  return payload ? payload.preview.length + (payload.base64?.length ?? 0) : (value?.length ?? 0);
}

export interface SessionOptions {
  kafka: Kafka;
  groupPrefix: string;
  sessionTimeoutMs: number;
  /** Every partition of the topic: those not read are paused, so the consumer never fetches them. */
  allPartitions: readonly number[];
  /** Called with every throw-away group id, before the group exists, so that it is deleted whatever happens. */
  onGroup: (groupId: string) => void;
  /** After each batch taken in. */
  onBatch?: () => void;
  /** A failure after the read settled (leaving the group): it changes no result but is worth a log line. */
  onLateError: (error: unknown) => void;
}

/**
 * One consumer session over the unfinished partitions. kafkajs cannot assign partitions by hand, so the
 * session joins a throw-away group that never commits, seeks each partition to its `next` offset and
 * pauses each partition as it reaches its end. Resolves when the read is finished; rejects when the consumer
 * crashes (the caller starts a new session from `next`, so nothing is skipped or repeated).
 */
export async function readSession(state: ReadState, options: SessionOptions, stop: AbortSignal): Promise<void> {
  const groupId = `${options.groupPrefix}-${randomUUID()}`;
  options.onGroup(groupId);
  const consumer: Consumer = options.kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 5)),
    rebalanceTimeout: options.sessionTimeoutMs,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
    // The session's caller restarts from its own offsets; a restart inside kafkajs would forget the seeks.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: () => Promise.resolve(false) },
  });
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const settled = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // A crash can settle this while consumer.run() is still joining; run() then rejects with the same error,
  // which is what the caller sees. Marked handled here so that case is no unhandled rejection; the await
  // below still receives it when run() succeeded.
  settled.catch(() => undefined);
  const finish = (error?: unknown) => (error === undefined ? settle?.resolve() : settle?.reject(error));
  const onStop = () => finish(stop.reason ?? new Error('stopped'));
  stop.addEventListener('abort', onStop, { once: true });
  const removeCrash = consumer.on(consumer.events.CRASH, (event) => finish(event.payload.error));
  let seeked = false;
  const pauseDone = () => {
    const done = [...state.next.keys()].filter((p) => partitionDone(state, p));
    if (done.length > 0) consumer.pause([{ topic: state.topic, partitions: done }]);
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: state.topic, fromBeginning: false });
    await consumer.run({
      // Offsets are resolved (so the next fetch moves on) but never committed.
      autoCommit: false,
      // A batch fetched from the group's default position before the seeks, or before a seek took effect, is
      // stale: its offsets could jump past `next` and skip messages. kafkajs fetches again from the seek.
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (seeked && !payload.isStale() && state.next.has(batch.partition)) await prepareBatch(state, batch.messages, stop);
        if (seeked && !payload.isStale() && state.next.has(batch.partition) && !stop.aborted) {
          acceptBatch(state, batch.partition, batch.messages);
          options.onBatch?.();
          if (readFinished(state)) finish();
          else if (partitionDone(state, batch.partition)) consumer.pause([{ topic: state.topic, partitions: [batch.partition] }]);
        }
      },
    });
    const notOurs = options.allPartitions.filter((p) => !state.next.has(p));
    if (notOurs.length > 0) consumer.pause([{ topic: state.topic, partitions: notOurs }]);
    for (const [partition, next] of state.next) {
      if (!partitionDone(state, partition)) consumer.seek({ topic: state.topic, partition, offset: next.toString() });
    }
    seeked = true;
    pauseDone();
    if (readFinished(state)) finish();
    await settled;
  } finally {
    stop.removeEventListener('abort', onStop);
    removeCrash();
    await consumer.disconnect().catch(options.onLateError);
  }
}

