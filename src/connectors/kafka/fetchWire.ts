/**
 * Kafka's Fetch request and response, version 11, in bytes: the request written here, the response read
 * only down to each partition's record set, which stays bytes for `recordBatches.ts` to walk.
 */
import { RecordBatchError } from './recordBatches';

export const FETCH_API_KEY = 1;
export const FETCH_VERSION = 11;
/** Records of aborted transactions are left out by the reader; the broker serves up to the last stable offset. */
export const READ_COMMITTED = 1;

export interface PartitionFetch {
  partition: number;
  offset: number;
  maxBytes: number;
}

export interface FetchRequestFields {
  topic: string;
  partitions: readonly PartitionFetch[];
  maxWaitMs: number;
  maxBytes: number;
}

export function encodeFetchRequest(request: FetchRequestFields): Buffer {
  const topic = Buffer.from(request.topic, 'utf8');
  const size = 4 * 4 + 1 + 4 * 2 + 4 + 2 + topic.length + 4 + request.partitions.length * 28 + 4 + 2;
  const out = Buffer.alloc(size);
  let at = 0;
  at = out.writeInt32BE(-1, at); // replica id: a consumer
  at = out.writeInt32BE(request.maxWaitMs, at);
  at = out.writeInt32BE(1, at); // min bytes
  at = out.writeInt32BE(request.maxBytes, at);
  at = out.writeInt8(READ_COMMITTED, at);
  at = out.writeInt32BE(0, at); // session id: no fetch session
  at = out.writeInt32BE(-1, at); // session epoch
  at = out.writeInt32BE(1, at); // one topic
  at = out.writeInt16BE(topic.length, at);
  at += topic.copy(out, at);
  at = out.writeInt32BE(request.partitions.length, at);
  for (const p of request.partitions) {
    at = out.writeInt32BE(p.partition, at);
    at = out.writeInt32BE(-1, at); // current leader epoch: not checked
    at = out.writeBigInt64BE(BigInt(p.offset), at);
    at = out.writeBigInt64BE(-1n, at); // log start offset: a consumer's is unknown
    at = out.writeInt32BE(p.maxBytes, at);
  }
  at = out.writeInt32BE(0, at); // no forgotten topics
  out.writeInt16BE(0, at); // rack id ''
  return out;
}

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: number;
}

export interface PartitionData {
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  abortedTransactions: AbortedTransaction[];
  /** The record set as sent (possibly ending inside a batch); empty when the broker sent none. */
  records: Buffer;
}

export interface FetchResponseFields {
  throttleTimeMs: number;
  errorCode: number;
  partitions: PartitionData[];
}

/** Reads a Fetch v11 response body (after the correlation id); the record sets are views into `body`. */
export function decodeFetchResponse(body: Buffer): FetchResponseFields {
  let at = 0;
  const need = (count: number) => {
    if (at + count > body.length) throw new RecordBatchError(`The fetch response ends at byte ${body.length}, before its fields do.`);
  };
  const int16 = () => (need(2), (at += 2), body.readInt16BE(at - 2));
  const int32 = () => (need(4), (at += 4), body.readInt32BE(at - 4));
  const int64 = () => (need(8), (at += 8), body.readBigInt64BE(at - 8));
  const count = () => {
    const n = int32();
    if (n < -1 || n > body.length) throw new RecordBatchError(`The fetch response holds an array of ${n} elements.`);
    return Math.max(0, n);
  };
  const throttleTimeMs = int32();
  const errorCode = int16();
  int32(); // session id
  const partitions: PartitionData[] = [];
  for (let t = count(); t > 0; t--) {
    const nameLength = int16();
    need(Math.max(0, nameLength));
    at += Math.max(0, nameLength);
    for (let p = count(); p > 0; p--) {
      const partition = int32();
      const partitionError = int16();
      const highWatermark = Number(int64());
      const lastStableOffset = Number(int64());
      int64(); // log start offset
      const abortedTransactions: AbortedTransaction[] = [];
      for (let a = count(); a > 0; a--) abortedTransactions.push({ producerId: int64(), firstOffset: Number(int64()) });
      int32(); // preferred read replica
      const length = int32();
      if (length < -1) throw new RecordBatchError(`A record set of ${length} bytes.`);
      need(Math.max(0, length));
      const records = body.subarray(at, at + Math.max(0, length));
      at += Math.max(0, length);
      partitions.push({ partition, errorCode: partitionError, highWatermark, lastStableOffset, abortedTransactions, records });
    }
  }
  return { throttleTimeMs, errorCode, partitions };
}
