/**
 * One partition's part of a Fetch response taken into a read's state: aborted transactions and control
 * batches left out, batches older than the window passed on their header, compressed batches opened with
 * kafkajs's codecs, the schemas a batch names loaded before its records are decoded.
 */
import type { EventHeader } from '../../core/envelope';
import { FetchUnavailable } from './fetchConnection';
import type { Codecs, FetchReadOptions } from './fetchRead';
import { rawHeadersOf, rawRecordOf } from './fetchedRecord';
import type { PartitionData } from './fetchWire';
import type { ReadState } from './partitionReader';
import { RecordBatchError, walkRecords, type RecordBatch } from './recordBatches';
import { decodeHeaders, recordToEvent } from './records';
import type { FetchedParts } from './decoding/topicDecoders';
import { wireSchemaId } from './decoding/wireFormat';

/** The record time range a `Date` holds; a time past it becomes the epoch in an event, so it is judged by decoding. */
const DATE_LIMIT = 8.64e15;

export interface FetchedPart {
  data: PartitionData;
  /** The offset asked for. */
  from: number;
  batches: RecordBatch[];
  /** Why this reader cannot read the part (it is handed over). */
  error?: string;
}

/** Takes one partition's fetched batches into the state, as `acceptBatch` takes kafkajs's messages. */
export async function takePartition(state: ReadState, part: FetchedPart, options: FetchReadOptions): Promise<void> {
  const { partition } = part.data;
  const endBig = state.end.get(partition);
  const nextBig = state.next.get(partition);
  if (endBig === undefined || nextBig === undefined) return;
  const end = Number(endBig);
  let next = Number(nextBig);
  // A fetch sent ahead from further on than the state stands (a batch was cut short): asked again.
  if (part.from > next) return;
  const aborted = [...part.data.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<bigint>();
  let largest = 0;
  const set = part.data.records;
  const from = options.window?.from;
  const to = options.window?.to;
  try {
    for (const batch of part.batches) {
      while (aborted.length > 0 && aborted[0].firstOffset <= batch.lastOffset) abortedProducers.add(aborted.shift()!.producerId);
      if (batch.lastOffset < next) continue;
      if (next >= end || stopped(state, partition)) return;
      if (batch.control) {
        if (batch.compression === 0 && isAbortMarker(batch, set)) abortedProducers.delete(batch.producerId);
        next = Math.min(end, batch.lastOffset + 1);
        continue;
      }
      if (batch.transactional && abortedProducers.has(batch.producerId)) {
        next = Math.min(end, batch.lastOffset + 1);
        continue;
      }
      largest = Math.max(largest, batch.recordCount);
      // Every record older than the window, and all of them to be counted: passed without a look.
      if (from !== undefined && batch.maxTimestamp < from && batch.baseOffset >= next && batch.lastOffset < end && state.scanned + batch.recordCount <= state.maxScan) {
        state.fetched += batch.recordCount;
        state.scanned += batch.recordCount;
        next = batch.lastOffset + 1;
        continue;
      }
      const records = batch.compression === 0 ? set : await decompress(batch, set, options.codecs);
      const start = batch.compression === 0 ? batch.recordsStart : 0;
      const stop = batch.compression === 0 ? batch.end : records.length;
      if (state.decode.decoders?.appliesTo(state.topic)) await prepareRecords(state, batch, records, start, stop, { from: next, end }, options.signal);
      let walkedToEnd = true;
      walkRecords(batch, records, start, stop, (record) => {
        if (record.offset < next) return true;
        state.fetched += 1;
        if (record.offset >= end || stopped(state, partition)) {
          walkedToEnd = false;
          return false;
        }
        const time = record.timestamp;
        const outside = Math.abs(time) <= DATE_LIMIT && ((from !== undefined && time < from) || (to !== undefined && time >= to));
        const verdict = outside ? 'reject' : (options.check?.(record, partition) ?? 'decode');
        if (verdict === 'decode') {
          const raw = rawRecordOf(record);
          const event = recordToEvent(state.topic, partition, raw, state.decode);
          if (!state.predicate || state.predicate(event)) {
            const payload = event.payload;
            const bytes = payload ? payload.preview.length + (payload.base64?.length ?? 0) : (raw.value?.length ?? 0);
            // The first event of a page is always kept, so a page never comes back empty for its size alone.
            if (state.events.length > 0 && state.bytes + bytes > state.maxBytes) {
              state.fullAtBytes = true;
              walkedToEnd = false;
              return false;
            }
            state.bytes += bytes;
            state.events.push(event);
            state.kept.set(partition, (state.kept.get(partition) ?? 0) + 1);
          }
        }
        next = record.offset + 1;
        state.scanned += 1;
        return true;
      });
      if (!walkedToEnd) return;
      // Offsets compaction removed at the batch's end are passed too.
      next = Math.min(end, Math.max(next, batch.lastOffset + 1));
    }
  } finally {
    state.next.set(partition, BigInt(next));
    state.largestBatch.set(partition, Math.max(state.largestBatch.get(partition) ?? 0, largest));
  }
}

const NO_HEADERS: readonly EventHeader[] = [];

/**
 * Loads the schemas the batch's records in [from, end) name, so that decoding them is synchronous (as
 * `prepareBatch`). A record without headers names a schema only by its wire frame: one such record per
 * frame stands for all the others, so a batch of one schema costs one look rather than one per record.
 */
async function prepareRecords(state: ReadState, batch: RecordBatch, records: Uint8Array, start: number, stop: number, range: { from: number; end: number }, signal?: AbortSignal): Promise<void> {
  const decoders = state.decode.decoders;
  if (!decoders) return;
  const parts: FetchedParts[] = [];
  const framesSeen = new Set<number>();
  /** A part's bytes when they may name a schema not seen yet in this batch, else null. */
  const unseen = (bytes: Uint8Array, at: number, length: number, part: number): Buffer | null => {
    const id = wireSchemaId(bytes, at, length);
    if (id === undefined) return null;
    // Keys and values apart: the same id may be a key's schema and a value's.
    const seen = id * 2 + part;
    if (framesSeen.has(seen)) return null;
    framesSeen.add(seen);
    return Buffer.from(bytes.buffer, bytes.byteOffset + at, length);
  };
  walkRecords(batch, records, start, stop, (record) => {
    if (record.offset >= range.end) return false;
    if (record.offset < range.from) return true;
    const bytes = record.bytes;
    if (record.headerCount === 0) {
      const key = unseen(bytes, record.keyStart, record.keyLength, 0);
      const value = unseen(bytes, record.valueStart, record.valueLength, 1);
      if (key !== null || value !== null) parts.push({ key, value, headers: NO_HEADERS });
      return true;
    }
    parts.push({
      key: record.keyLength < 0 ? null : Buffer.from(bytes.buffer, bytes.byteOffset + record.keyStart, record.keyLength),
      value: record.valueLength < 0 ? null : Buffer.from(bytes.buffer, bytes.byteOffset + record.valueStart, record.valueLength),
      // Only a schema-id header is looked at here.
      headers: decodeHeaders(rawHeadersOf(record)),
    });
    return true;
  });
  for (const problem of await decoders.prepare(state.topic, parts, signal)) state.decodeProblems.add(problem);
}

function stopped(state: ReadState, partition: number): boolean {
  if (state.events.length >= state.limit || state.scanned >= state.maxScan || state.fullAtBytes) return true;
  return state.perPartitionLimit !== undefined && (state.kept.get(partition) ?? 0) >= state.perPartitionLimit;
}

/** A control batch's record key is its version (int16) and its type (int16): 0 abort, 1 commit. */
function isAbortMarker(batch: RecordBatch, set: Buffer): boolean {
  let abort = false;
  walkRecords(batch, set, batch.recordsStart, batch.end, (record) => {
    abort = record.keyLength >= 4 && set.readInt16BE(record.keyStart + 2) === 0;
    return false;
  });
  return abort;
}

async function decompress(batch: RecordBatch, set: Buffer, codecs: Codecs): Promise<Buffer> {
  let codec: { decompress(bytes: Buffer): Promise<Buffer> } | undefined;
  try {
    codec = codecs[batch.compression]?.();
  } catch (error) {
    throw new FetchUnavailable(`the batch at offset ${batch.baseOffset} is compressed with codec ${batch.compression}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!codec) throw new FetchUnavailable(`the batch at offset ${batch.baseOffset} is compressed with codec ${batch.compression}, which kafkajs has no codec for`);
  try {
    return await codec.decompress(set.subarray(batch.recordsStart, batch.end));
  } catch (error) {
    throw new RecordBatchError(`The batch at offset ${batch.baseOffset} could not be decompressed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
