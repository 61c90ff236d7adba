/** Kafka record batches (magic 2, uncompressed) written byte by byte, as a broker would send them, for tests of the batch walker. */

export interface BatchRecord {
  timestampDelta: number;
  offsetDelta: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: { key: Uint8Array; value: Uint8Array | null }[];
}

export interface BatchFields {
  baseOffset: number;
  baseTimestamp: number;
  maxTimestamp?: number;
  attributes?: number;
  producerId?: bigint;
  records: BatchRecord[];
}

function varlong(value: bigint): number[] {
  let zigzag = value >= 0n ? value << 1n : ((-value) << 1n) - 1n;
  const out: number[] = [];
  do {
    let byte = Number(zigzag & 0x7fn);
    zigzag >>= 7n;
    if (zigzag !== 0n) byte |= 0x80;
    out.push(byte);
  } while (zigzag !== 0n);
  return out;
}

const varint = (value: number): number[] => varlong(BigInt(value));

function field(bytes: Uint8Array | null): number[] {
  return bytes === null ? varint(-1) : [...varint(bytes.length), ...bytes];
}

export function encodeRecord(record: BatchRecord): number[] {
  const body = [
    0,
    ...varlong(BigInt(record.timestampDelta)),
    ...varint(record.offsetDelta),
    ...field(record.key),
    ...field(record.value),
    ...varint(record.headers.length),
    ...record.headers.flatMap((h) => [...field(h.key), ...field(h.value)]),
  ];
  return [...varint(body.length), ...body];
}

export function encodeBatch(batch: BatchFields): Buffer {
  const records = batch.records.flatMap(encodeRecord);
  const lastOffsetDelta = batch.records.reduce((last, r) => Math.max(last, r.offsetDelta), 0);
  const maxTimestamp = batch.maxTimestamp ?? batch.baseTimestamp + batch.records.reduce((max, r) => Math.max(max, r.timestampDelta), 0);
  const out = Buffer.alloc(61 + records.length);
  out.writeBigInt64BE(BigInt(batch.baseOffset), 0);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt32BE(0, 12); // partition leader epoch
  out.writeInt8(2, 16);
  out.writeUInt32BE(0, 17); // crc: not checked by the walker
  out.writeInt16BE(batch.attributes ?? 0, 21);
  out.writeInt32BE(lastOffsetDelta, 23);
  out.writeBigInt64BE(BigInt(batch.baseTimestamp), 27);
  out.writeBigInt64BE(BigInt(maxTimestamp), 35);
  out.writeBigInt64BE(batch.producerId ?? -1n, 43);
  out.writeInt16BE(-1, 51);
  out.writeInt32BE(-1, 53);
  out.writeInt32BE(batch.records.length, 57);
  Buffer.from(records).copy(out, 61);
  return out;
}
