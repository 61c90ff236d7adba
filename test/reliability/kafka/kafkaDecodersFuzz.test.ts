/**
 * Arbitrary bytes as a Kafka record's key, value and header values through every decoder the browse uses
 * (record → FlowEvent, headers, the compiled filters), and arbitrary text through the produce-document
 * parser: no case may throw, every byte must be recoverable from what the event keeps, and every header
 * must come back in order.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decodeHeaders, encodeHeaders, recordToEvent } from '../../../src/connectors/kafka/records';
import { compileFilter } from '../../../src/connectors/kafka/filters';
import { isKafkaSource } from '../../../src/connectors/kafka/kafkaSource';
import { parseProduceDocument } from '../../../src/connectors/kafka/produceDocument';
import { fuzz } from '../support/fuzz';

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }).map((t) => new TextEncoder().encode(t)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
);
const maybeBytes = fc.option(bytes, { nil: null });
const headerList = fc.array(fc.tuple(fc.constantFrom('event-type', 'correlation-id', 'causation-id', 'event-id', 'x', 'x', 'raw'), bytes), { maxLength: 6 });

describe('Kafka decoders under fuzzing', function () {
  this.timeout(300_000);

  it('records with arbitrary key, value and header bytes become events that keep every byte', async () => {
    const predicates = await Promise.all([
      compileFilter({ key: 'k' }),
      compileFilter({ header: { key: 'x' } }),
      compileFilter({ text: 'a' }),
      compileFilter({ jsonPath: '$..id' }),
      compileFilter({ jsonPath: '$[?(@.n > 1)]' }),
    ]);
    fuzz(
      'kafka.records',
      fc.record({ key: maybeBytes, value: maybeBytes, headers: headerList, offset: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), time: fc.oneof(fc.integer(), fc.constant(Number.NaN), fc.double()) }),
      ({ key, value, headers, offset, time }) => {
        const encoded = encodeHeaders(headers.map(([k, v]) => ({ key: k, value: Buffer.from(v).toString('base64'), encoding: 'base64' as const })));
        const event = recordToEvent('t', 3, {
          offset: offset.toString(),
          timestamp: String(time),
          key: key === null ? null : Buffer.from(key),
          value: value === null ? null : Buffer.from(value),
          headers: encoded,
        }, { maxPreviewBytes: 256 });
        assert.equal(event.source.system, 'kafka');
        const source = event.source;
        if (!isKafkaSource(source)) return;
        assert.equal(source.offset, offset.toString());
        assert.ok(!Number.isNaN(Date.parse(event.timestamp)));
        if (key !== null) {
          const back = source.keyEncoding === 'base64' ? Buffer.from(source.key ?? '', 'base64') : Buffer.from(source.key ?? '', 'utf8');
          assert.ok(back.equals(Buffer.from(key)), 'the key came back different');
        }
        if (value !== null && event.payload !== undefined) {
          const kept = event.payload.base64 !== undefined ? Buffer.from(event.payload.base64, 'base64') : Buffer.from(event.payload.preview, 'utf8');
          assert.ok(kept.equals(Buffer.from(value)), 'the value bytes were not kept');
        }
        // Headers grouped by key, values of one key in order; each value's bytes as sent.
        const expected = [...new Map(headers.map(([k]) => [k, k])).keys()].flatMap((k) => headers.filter(([h]) => h === k).map(([, v]) => [k, Buffer.from(v).toString('hex')]));
        const got = (event.metadata.headers ?? []).map((h) => [h.key, (h.encoding === 'base64' ? Buffer.from(h.value, 'base64') : Buffer.from(h.value, 'utf8')).toString('hex')]);
        assert.deepEqual(got, expected);
        for (const predicate of predicates) predicate?.(event);
      },
    );
  });

  it('header objects of any shape kafkajs may hand over decode without throwing', () => {
    fuzz(
      'kafka.headers',
      fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(bytes.map((b) => Buffer.from(b)), fc.string(), fc.array(fc.oneof(fc.string(), bytes.map((b) => Buffer.from(b))), { maxLength: 3 }), fc.constant(undefined))),
      (headers) => {
        const list = decodeHeaders(headers);
        for (const h of list) assert.equal(typeof h.value, 'string');
      },
    );
  });

  it('produce documents of arbitrary text parse without throwing, problems inside the document', () => {
    const docText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fc.oneof(fc.constantFrom('###', 'topic: t', 'key: k', 'partition: 1', 'partition: x', 'header: a: b', 'format: json', 'format: xml', '', '{', '}', '"a": 1,', '[1,2', '// c'), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((lines) => lines.join('\n')),
    );
    fuzz('kafka.produceDocument', docText, (text) => {
      const doc = parseProduceDocument(text);
      const lines = text.split(/\r?\n/).length;
      for (const p of doc.problems) {
        assert.ok(p.line >= 1 && p.line <= lines, `problem on line ${p.line} of ${lines}`);
        assert.ok(p.column >= 1 && p.endColumn > p.column);
      }
      for (const m of doc.messages) assert.ok(m.startLine >= 1 && m.endLine >= m.startLine && m.endLine <= lines);
    });
  });
});
