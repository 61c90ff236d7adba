import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { messageDocumentText, produceDocumentFor } from '../../../src/core/kafkaMessageText';
import { parseProduceDocument } from '../../../src/core/produceDocument';

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
});
