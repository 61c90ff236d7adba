/**
 * The Kafka batch walker and Fetch response reader under fuzzing: arbitrary bytes, and real batches cut or
 * with bytes changed, end in a `RecordBatchError` or in records, never in another exception; batches written
 * from generated records walk back to those records; and the header verdict reached on bytes is the verdict
 * `headerCheck` reaches on the decoded headers, for every predicate the search pushes down.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { rawRecordOf } from '../../../src/connectors/kafka/fetchedRecord';
import { decodeFetchResponse } from '../../../src/connectors/kafka/fetchWire';
import { compileHeaderBytesCheck } from '../../../src/connectors/kafka/headerBytesCheck';
import { RecordBatchError, readBatches, readHeaders, walkRecords, type RecordSpans } from '../../../src/connectors/kafka/recordBatches';
import { decodeHeaders } from '../../../src/connectors/kafka/records';
import { headerCheck, type SearchPredicate } from '../../../src/connectors/reads/search';
import { encodeBatch, type BatchRecord } from '../../support/kafkaBatchBytes';
import { fuzz } from '../support/fuzz';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER_NAMES = ['correlation_id', 'Correlation-ID', 'CORRELATION-ID', 'correlationId', 'event-id', 'event_id', 'traceparent', 'b3', 'x', 'x', '\u212Aey', 'ｃorrelation-id', '__proto__', '1'];
const IDS = ['corr-1', 'corr-2', '', 'Ünïcode', '0102030405060708090a0b0c0d0e0f10', '01020304-0506-0708-090a-0b0c0d0e0f10'];

const headerValue = fc.oneof(
  fc.constantFrom(...IDS).map(utf8),
  fc.uint8Array({ maxLength: 20 }),
  fc.constant(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])),
  fc.constant(null),
);
const record: fc.Arbitrary<BatchRecord> = fc.record({
  timestampDelta: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  offsetDelta: fc.constant(0),
  key: fc.option(fc.oneof(fc.constantFrom('k', 'Order-1').map(utf8), fc.uint8Array({ maxLength: 12 })), { nil: null }),
  value: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
  headers: fc.array(fc.record({ key: fc.constantFrom(...HEADER_NAMES).map(utf8), value: headerValue }), { maxLength: 6 }),
});
const batch = fc
  .record({ baseOffset: fc.integer({ min: 0, max: 2 ** 40 }), baseTimestamp: fc.integer({ min: 0, max: 2 ** 42 }), records: fc.array(record, { minLength: 1, maxLength: 5 }) })
  .map((b) => ({ ...b, records: b.records.map((r, i) => ({ ...r, offsetDelta: i })) }));

const predicate: fc.Arbitrary<SearchPredicate> = fc.oneof(
  fc.record({ field: fc.constantFrom('correlationId' as const, 'eventId' as const, 'traceId' as const, 'key' as const, 'text' as const), value: fc.oneof(fc.constantFrom(...IDS, 'k', 'Order-1'), fc.string({ maxLength: 8 })) }),
  fc.record({ field: fc.constant('header' as const), key: fc.constantFrom(...HEADER_NAMES), value: fc.oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 8 })) }),
);

/** Everything the search does with a record set: batches, records, headers, the record as the driver shapes it. */
function walkAll(set: Buffer, visit?: (record: RecordSpans) => void): void {
  for (const b of readBatches(set).batches) {
    if (b.compression !== 0) continue;
    walkRecords(b, set, b.recordsStart, b.end, (r) => {
      readHeaders(r, () => true);
      rawRecordOf(r);
      visit?.(r);
      return true;
    });
  }
}

function onlyParseErrors(work: () => void): void {
  try {
    work();
  } catch (error) {
    if (!(error instanceof RecordBatchError)) throw error;
    assert.ok(error.message.length > 0);
  }
}

describe('Kafka record batches under fuzzing', function () {
  this.timeout(300_000);

  it('arbitrary bytes, and real batches cut short or with bytes changed, give records or a RecordBatchError', () => {
    const checks = [
      compileHeaderBytesCheck({ field: 'correlationId', value: 'corr-1' }),
      compileHeaderBytesCheck({ field: 'header', key: 'x', value: 'corr-1' }),
      compileHeaderBytesCheck({ field: 'key', value: 'k' }),
    ];
    const damaged = fc
      .tuple(fc.array(batch, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat()))
      .map(([batches, changes, cut]) => {
        const set = Buffer.concat(batches.map(encodeBatch));
        for (const [at, byte] of changes) set[at % set.length] = byte;
        return cut === null ? set : set.subarray(0, cut % (set.length + 1));
      });
    fuzz('kafka.recordBatches', fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), damaged), (set) => {
      onlyParseErrors(() => walkAll(set, (r) => checks.forEach((check) => check(r))));
      onlyParseErrors(() => decodeFetchResponse(set));
    });
  });

  it('batches written from records walk back to those records, with the verdict headerCheck gives on the decoded headers', () => {
    fuzz('kafka.recordBatchesRoundTrip', fc.tuple(fc.array(batch, { minLength: 1, maxLength: 3 }), predicate), ([batches, wanted]) => {
      const set = Buffer.concat(batches.map(encodeBatch));
      const expected = batches.flatMap((b) => b.records.map((r) => ({ ...r, offset: b.baseOffset + r.offsetDelta, timestamp: b.baseTimestamp + r.timestampDelta })));
      const byBytes = compileHeaderBytesCheck(wanted);
      const byHeaders = headerCheck(wanted);
      let i = 0;
      walkAll(set, (spans) => {
        const raw = rawRecordOf(spans);
        const want = expected[i++];
        assert.equal(raw.offset, String(want.offset));
        assert.equal(raw.timestamp, String(want.timestamp));
        assert.deepEqual(raw.key === null ? null : [...raw.key], want.key === null ? null : [...want.key]);
        assert.deepEqual(raw.value === null ? null : [...raw.value], want.value === null ? null : [...want.value]);
        const headers = decodeHeaders(raw.headers);
        assert.equal(headers.length, want.headers.length);
        const exact = wanted.field === 'key' ? (raw.key !== null && raw.key.toString('utf8') === wanted.value ? 'decode' : 'reject') : byHeaders(headers);
        assert.equal(byBytes(spans), exact, `verdict for ${JSON.stringify(wanted)} on ${JSON.stringify(headers)}`);
      });
      assert.equal(i, expected.length);
    });
  });
});
