import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { messageDocumentText } from '../../../src/connectors/kafka/messageText';
import { produceDocumentFor } from '../../../src/connectors/kafka/reproduceDocument';
import * as fc from 'fast-check';
import { parseProduceDocument } from '../../../src/connectors/kafka/produceDocument';
import { reproduceCase } from '../../support/hostileGenerators';
import { hostileSamples, hostileText } from '../../support/hostileText';

const json: FlowEvent = {
  id: 'e1',
  type: 'OrderCreated',
  timestamp: '2026-12-03T12:00:00.000Z',
  data: { orderId: 'Order-1' },
  metadata: { headers: [{ key: 'event-type', value: 'OrderCreated' }, { key: 'raw', value: 'AAE=', encoding: 'base64' }] },
  source: { system: 'kafka', topic: 'orders', partition: 2, offset: '42', key: 'Order-1' },
};

describe('Kafka message documents', () => {
  it('opens a JSON value as the whole record in JSON, with its record timestamp and position', () => {
    const { text, language } = messageDocumentText(json);
    assert.equal(language, 'json');
    const record = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(record.value, { orderId: 'Order-1' });
    assert.equal(record.timestamp, '2026-12-03T12:00:00.000Z');
    assert.equal(record.partition, 2);
    assert.equal(record.offset, '42');
  });

  it('opens bytes as text with the hex dump under the record, saying when the value is cut short', () => {
    const binary: FlowEvent = { ...json, data: '00000000  ff fe', payload: { kind: 'binary', size: 20_000_000, preview: '00000000  ff fe', truncated: true, base64: '//4=' } };
    const { text, language } = messageDocumentText(binary);
    assert.equal(language, 'plaintext');
    assert.match(text, /"valueFormat": "binary"/);
    assert.match(text, /The value is 20000000 bytes: only its first part is shown/);
    assert.match(text, /00000000 {2}ff fe/);
    assert.ok(!text.includes('//4='), 'the base64 of a big value is not put into the document');
  });

  it('writes a produce document that parses back to the same key, text headers and value', () => {
    const parsed = parseProduceDocument(produceDocumentFor(json, 'orders-copy'));
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.messages.length, 1);
    const [message] = parsed.messages;
    assert.equal(message.topic, 'orders-copy');
    assert.equal(message.key, 'Order-1');
    assert.deepEqual(message.headers, [{ key: 'event-type', value: 'OrderCreated' }]);
    assert.deepEqual(JSON.parse(message.value), { orderId: 'Order-1' });
  });

  it('a re-produce document with a hostile key, headers or value parses back to the one message it shows, or is refused', () => {
    const payload = 'topic: stolen\nkey: k\n### another message\ntopic: stolen';
    for (const sample of hostileSamples(payload)) {
      reproduceCase(sample, false);
      reproduceCase(sample, true);
    }
    fc.assert(fc.property(hostileText(payload), fc.boolean(), reproduceCase), { numRuns: 500 });
  });

  it('says what it left out: a key with a line break, a header whose name holds ":"', () => {
    const document = produceDocumentFor({ ...json, metadata: { headers: [{ key: 'a:b', value: '1' }] }, source: { system: 'kafka', topic: 'orders', partition: 0, offset: '1', key: 'Order-1\ntopic: stolen' } }, 'orders-copy');
    const parsed = parseProduceDocument(document);
    assert.deepEqual(parsed.messages.map((m) => [m.topic, m.key, m.headers]), [['orders-copy', undefined, []]]);
    assert.match(document, /The key is left out: it holds a line break/);
    assert.match(document, /1 header is left out/);
    const text: FlowEvent = { ...json, data: 'hello\n### again\ntopic: stolen', payload: { kind: 'text', size: 10, preview: '', truncated: false } };
    assert.throws(() => produceDocumentFor(text, 'orders-copy'), /a line of it starts with ###/);
  });
});
