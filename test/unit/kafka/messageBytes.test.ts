import * as assert from 'node:assert/strict';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { hexDump } from '../../../src/core/hexDump';
import { MAX_HEX_BYTES, messageBytesText, messageDocumentText } from '../../../src/connectors/kafka/messageText';

const record = (value: Buffer, offset = '7') => ({ offset, timestamp: '1764763200000', key: Buffer.from([0xff, 0x00, 0x41]), value, headers: { 'event-type': 'Blob' } });

describe('Kafka messages compared as raw bytes', () => {
  it('shows a binary value and a binary key as the hex of their exact bytes', () => {
    const bytes = Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x7f, 0x10, 0x80]);
    const text = messageBytesText(recordToEvent('blobs', 1, record(bytes), { keepBytes: true }));
    assert.match(text, /key \(3 bytes\):\n00000000 {2}ff 00 41 /);
    assert.match(text, /value \(8 bytes\):\n00000000 {2}00 01 02 fe ff 7f 10 80 /);
    assert.ok(text.includes(hexDump(bytes)), 'the value is dumped whole, byte for byte');
  });

  it('differs only on the line of the byte that differs, so the diff editor points at it', () => {
    const left = Buffer.alloc(64, 0xab);
    const right = Buffer.from(left);
    right[37] = 0xac;
    const a = messageBytesText(recordToEvent('blobs', 0, record(left), { keepBytes: true })).split('\n');
    const b = messageBytesText(recordToEvent('blobs', 0, record(right), { keepBytes: true })).split('\n');
    assert.equal(a.length, b.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [line]));
    assert.equal(differing.length, 1);
    assert.match(differing[0], /^00000020 {2}/, 'offset 37 sits on the line of offset 0x20');
  });

  it('keeps a JSON value as the bytes the producer wrote (its own spacing), while the decoded view stays JSON', () => {
    const written = Buffer.from('{"a":1,   "b":[true]}');
    const event = recordToEvent('orders', 0, record(written), { keepBytes: true });
    assert.equal(messageDocumentText(event).language, 'json');
    assert.deepEqual((JSON.parse(messageDocumentText(event).text) as { value: unknown }).value, { a: 1, b: [true] });
    assert.ok(messageBytesText(event).includes(hexDump(written)));
    assert.match(messageBytesText(recordToEvent('orders', 0, record(written))), /bytes were not kept/, 'without keepBytes it never passes re-encoded JSON off as the bytes');
  });

  it('cuts a huge value at the hex limit and says so', () => {
    const text = messageBytesText(recordToEvent('blobs', 0, record(Buffer.alloc(MAX_HEX_BYTES + 100, 1)), { keepBytes: true }));
    assert.match(text, new RegExp(`value \\(${MAX_HEX_BYTES + 100} bytes, the first ${MAX_HEX_BYTES} shown\\)`));
    assert.ok(!text.includes(`${(MAX_HEX_BYTES).toString(16).padStart(8, '0')}  `), 'no line past the limit');
  });
});
