import * as assert from 'node:assert/strict';
import { parsePublishDocument } from '../../../src/connectors/rabbitmq/publishDocument';

describe('RabbitMQ publish documents', () => {
  it('reads one message: exchange, routing key, properties, headers, a JSON body as its text', () => {
    const result = parsePublishDocument(`{
  // comments are allowed
  "exchange": "orders",
  "routingKey": "order.created",
  "properties": { "persistent": true, "priority": 3, "messageId": "m-1", "timestamp": "2026-01-05T09:00:00Z" },
  "headers": { "tenant": "acme", "attempt": 2 },
  "body": { "orderId": "Order-1" }
}`);
    assert.ok(result.ok);
    assert.deepEqual(result.messages, [
      {
        exchange: 'orders',
        message: {
          key: 'order.created',
          headers: [{ key: 'tenant', value: 'acme' }, { key: 'attempt', value: '2' }],
          properties: { persistent: true, priority: 3, messageId: 'm-1', timestamp: '2026-01-05T09:00:00Z' },
          body: '{"orderId":"Order-1"}',
        },
      },
    ]);
  });

  it('reads a list, text bodies as they are and bodyBase64 as bytes; headers as a list keep repeats and bytes', () => {
    const result = parsePublishDocument('[{"exchange":"","routingKey":"q","body":"plain"},{"exchange":"x","bodyBase64":"AAEC","headers":[{"key":"k","value":"AP8=","encoding":"base64"},{"key":"k","value":"2"}]}]');
    assert.ok(result.ok);
    assert.equal(result.messages[0].message.body, 'plain');
    assert.deepEqual([...(result.messages[1].message.body as Uint8Array)], [0, 1, 2]);
    assert.deepEqual(result.messages[1].message.headers, [{ key: 'k', value: 'AP8=', encoding: 'base64' }, { key: 'k', value: '2' }]);
  });

  it('says where each problem is, by line and column', () => {
    const result = parsePublishDocument('{\n  "exchange": "orders",\n  "properties": { "priority": 300, "colour": "red" },\n  "body": 1,\n  "extra": true\n}');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.column, p.message.split(' (')[0]]),
      [
        [5, 3, 'unknown field "extra"'],
        [3, 31, '"priority" must be a whole number from 0 to 255'],
        [3, 36, 'unknown property "colour"'],
      ],
    );
  });

  it('syntax errors, a missing exchange or body, an empty document', () => {
    const syntax = parsePublishDocument('{\n  "exchange": "x",\n  "body": }');
    assert.ok(!syntax.ok);
    assert.equal(syntax.problems[0].line, 3);
    assert.match(syntax.problems[0].message, /^JSON: ValueExpected/);
    const missing = parsePublishDocument('{"routingKey": 5}');
    assert.ok(!missing.ok);
    assert.deepEqual(missing.problems.map((p) => p.message), ['"exchange" is missing (use "" for the default exchange)', '"routingKey" must be text', '"body" is missing']);
    const empty = parsePublishDocument('   ');
    assert.ok(!empty.ok);
    assert.equal(empty.problems.length, 1);
  });
});
