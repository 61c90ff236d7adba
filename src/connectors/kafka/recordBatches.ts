/**
 * Kafka record batches (magic 2) read in place from a fetch response's record set: the batch header first,
 * so a whole batch can be judged (its offsets, its newest timestamp, control or not) without touching its
 * records; then each record's offset, time and the spans of its key, value and headers, with no copy and no
 * string. Bytes that do not follow the format end in a `RecordBatchError`, never in another exception.
 */

/** The batch header's size up to and including the record count (the batch's records follow it). */
export const BATCH_HEADER_BYTES = 61;
/** Offset and length come before the part the length counts. */
const LOG_OVERHEAD = 12;
const MAGIC_AT = 16;

export class RecordBatchError extends Error {
  constructor(
    message: string,
    /** `unsupported`: well-formed but not read here (an old message format, an offset past 2^53). */
    readonly reason: 'malformed' | 'unsupported' = 'malformed',
  ) {
    super(message);
    this.name = 'RecordBatchError';
  }
}

export interface RecordBatch {
  baseOffset: number;
  /** The last offset the batch took, records removed by compaction included. */
  lastOffset: number;
  baseTimestamp: number;
  maxTimestamp: number;
  /** 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  compression: number;
  /** Every record's time is the broker's append time, `maxTimestamp`. */
  logAppendTime: boolean;
  transactional: boolean;
  /** Holds transaction markers, not records of the topic. */
  control: boolean;
  producerId: bigint;
  recordCount: number;
  /** Where the batch's records (compressed or not) lie in the record set: [recordsStart, end). */
  recordsStart: number;
  end: number;
}

/**
 * The complete batches of a record set. A fetch may end inside a batch (the broker cuts at the byte
 * limit): that last part is left out, and `complete` tells where the whole batches end.
 */
export function readBatches(set: Uint8Array): { batches: RecordBatch[]; complete: number } {
  const view = new DataView(set.buffer, set.byteOffset, set.byteLength);
  const batches: RecordBatch[] = [];
  let at = 0;
  while (set.length - at >= LOG_OVERHEAD) {
    const length = view.getInt32(at + 8);
    if (length < BATCH_HEADER_BYTES - LOG_OVERHEAD) throw new RecordBatchError(`A record batch at byte ${at} says it is ${length} bytes long.`);
    const end = at + LOG_OVERHEAD + length;
    if (end > set.length) break;
    const magic = view.getInt8(at + MAGIC_AT);
    if (magic !== 2) throw new RecordBatchError(`A record batch of magic ${magic} (the message format before Kafka 0.11) is not read here.`, 'unsupported');
    const baseOffset = safeNumber(view.getBigInt64(at), 'offset');
    const attributes = view.getInt16(at + 21);
    const lastOffsetDelta = view.getInt32(at + 23);
    const recordCount = view.getInt32(at + 57);
    if (lastOffsetDelta < 0 || recordCount < 0) throw new RecordBatchError(`A record batch at offset ${baseOffset} has a negative count.`);
    batches.push({
      baseOffset,
      lastOffset: baseOffset + lastOffsetDelta,
      baseTimestamp: safeNumber(view.getBigInt64(at + 27), 'timestamp'),
      maxTimestamp: safeNumber(view.getBigInt64(at + 35), 'timestamp'),
      compression: attributes & 0x07,
      logAppendTime: (attributes & 0x08) !== 0,
      transactional: (attributes & 0x10) !== 0,
      control: (attributes & 0x20) !== 0,
      producerId: view.getBigInt64(at + 43),
      recordCount,
      recordsStart: at + BATCH_HEADER_BYTES,
      end,
    });
    at = end;
  }
  return { batches, complete: at };
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RecordBatchError(`A record batch's ${what} ${value} is past 2^53.`, 'unsupported');
  return Number(value);
}

/**
 * One record's place in its bytes, overwritten for each record of a walk (nothing is allocated per record).
 * A length of -1 is a null key or value.
 */
export interface RecordSpans {
  bytes: Uint8Array;
  offset: number;
  timestamp: number;
  keyStart: number;
  keyLength: number;
  valueStart: number;
  valueLength: number;
  headerCount: number;
  /** The headers' bytes, [headersStart, headersEnd): see `readHeaders`. */
  headersStart: number;
  headersEnd: number;
}

/**
 * Calls `visit` for each record of one batch, `records` being the batch's records uncompressed (the record
 * set itself for an uncompressed batch, with `start`/`end` from the batch). `visit` returns false to stop.
 */
export function walkRecords(batch: RecordBatch, records: Uint8Array, start: number, end: number, visit: (record: RecordSpans) => boolean): void {
  const cursor = new Cursor(records, start, end);
  const spans: RecordSpans = { bytes: records, offset: 0, timestamp: 0, keyStart: 0, keyLength: -1, valueStart: 0, valueLength: -1, headerCount: 0, headersStart: 0, headersEnd: 0 };
  for (let i = 0; i < batch.recordCount; i++) {
    const length = cursor.varint();
    if (length < 0) throw new RecordBatchError(`Record ${i} of the batch at offset ${batch.baseOffset} has a negative length.`);
    const recordEnd = cursor.at + length;
    if (recordEnd > end) throw new RecordBatchError(`Record ${i} of the batch at offset ${batch.baseOffset} runs past its batch.`);
    cursor.limit = recordEnd;
    cursor.skip(1); // attributes: none are defined for records
    const timestampDelta = cursor.varlong();
    spans.offset = batch.baseOffset + cursor.varint();
    spans.timestamp = batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta;
    spans.keyLength = cursor.varint();
    spans.keyStart = cursor.at;
    cursor.skipBytes(spans.keyLength);
    spans.valueLength = cursor.varint();
    spans.valueStart = cursor.at;
    cursor.skipBytes(spans.valueLength);
    spans.headerCount = cursor.varint();
    if (spans.headerCount < 0) throw new RecordBatchError(`Record ${i} of the batch at offset ${batch.baseOffset} has a negative header count.`);
    spans.headersStart = cursor.at;
    spans.headersEnd = recordEnd;
    cursor.at = recordEnd;
    cursor.limit = end;
    if (!visit(spans)) return;
  }
}

/** One header's spans, overwritten for each header; a value length of -1 is a null value. */
export interface HeaderSpans {
  keyStart: number;
  keyLength: number;
  valueStart: number;
  valueLength: number;
}

/** Calls `visit` for each header of a record, in the record's order; `visit` returns false to stop. */
export function readHeaders(record: RecordSpans, visit: (header: HeaderSpans) => boolean): void {
  const cursor = new Cursor(record.bytes, record.headersStart, record.headersEnd);
  const header: HeaderSpans = { keyStart: 0, keyLength: 0, valueStart: 0, valueLength: -1 };
  for (let i = 0; i < record.headerCount; i++) {
    header.keyLength = cursor.varint();
    if (header.keyLength < 0) throw new RecordBatchError(`Header ${i} of the record at offset ${record.offset} has a null key.`);
    header.keyStart = cursor.at;
    cursor.skipBytes(header.keyLength);
    header.valueLength = cursor.varint();
    header.valueStart = cursor.at;
    cursor.skipBytes(header.valueLength);
    if (!visit(header)) return;
  }
}

/** Reads varints (zigzag, as Kafka writes them) within [at, limit). */
class Cursor {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    public limit: number,
  ) {}

  skip(count: number): void {
    if (this.at + count > this.limit) throw new RecordBatchError('A record ends before its fields do.');
    this.at += count;
  }

  /** Skips a length-prefixed field's bytes; -1 (null) skips none. */
  skipBytes(length: number): void {
    if (length < -1) throw new RecordBatchError(`A field has length ${length}.`);
    if (length > 0) this.skip(length);
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.at >= this.limit) throw new RecordBatchError('A record ends inside a number.');
      const byte = this.bytes[this.at++];
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return (value >>> 1) ^ -(value & 1);
    }
    throw new RecordBatchError('A number is longer than 5 bytes.');
  }

  /** A 64-bit zigzag varint as a number: exact up to 2^53, which any timestamp delta is within. */
  varlong(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.limit) throw new RecordBatchError('A record ends inside a number.');
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
    throw new RecordBatchError('A number is longer than 10 bytes.');
  }
}
