import * as assert from 'node:assert/strict';
import { describeDeath, readDeaths, redriveCount } from '../../../src/connectors/rabbitmq/deadLetters';
import { headersToList, listToHeaders } from '../../../src/connectors/rabbitmq/headerValues';
import { maskSecret, maskUrl, parseAmqpUrl, secretSpellings } from '../../../src/connectors/rabbitmq/options';
import { planRedrive } from '../../../src/connectors/rabbitmq/redrivePlan';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import { readRecording, recordMessages } from '../../../src/connectors/rabbitmq/recording';
import { routingKeyFor, sampleMessages } from '../../../src/connectors/rabbitmq/sampleTopology';

const xDeath = [
  { count: 2, reason: 'rejected', queue: 'orders.created', time: { '!': 'timestamp', value: 1767603600 }, exchange: 'orders', 'routing-keys': ['order.created'] },
  { count: 1, reason: 'expired', queue: 'orders.delay', time: { '!': 'timestamp', value: 1767603500 }, exchange: 'orders.delay', 'routing-keys': ['order.created'], 'original-expiration': '5000' },
];

describe('RabbitMQ dead letters, headers and recordings', () => {
  it('reads x-death as amqplib decodes it, newest first', () => {
    const deaths = readDeaths({ 'x-death': xDeath });
    assert.deepEqual(deaths[0], { reason: 'rejected', queue: 'orders.created', exchange: 'orders', routingKeys: ['order.created'], count: 2, time: '2026-01-05T09:00:00.000Z' });
    assert.equal(deaths[1].originalExpiration, '5000');
    assert.equal(describeDeath(deaths[0]), 'rejected in orders.created (from orders, key order.created) ×2 at 2026-01-05T09:00:00.000Z');
    assert.deepEqual(readDeaths({ 'x-death': 'nonsense' }), []);
    assert.deepEqual(readDeaths({ 'x-death': [null, 5, { count: 'x' }] }), [{ reason: '', queue: '', exchange: '', routingKeys: [], count: 0 }]);
    assert.equal(redriveCount({ 'x-efx-redrive-count': 2 }), 2);
    assert.equal(redriveCount({ 'x-efx-redrive-count': '3' }), 3);
    assert.equal(redriveCount({}), 0);
  });

  it('the dry run says where each message goes, and why some stay', () => {
    const message = (position: number, headers: Record<string, unknown>, messageId?: string) =>
      toPeekedMessage({ content: Buffer.from('{}'), fields: { routingKey: 'order.created', exchange: 'orders.dlx' }, properties: { headers, messageId } }, { vhost: '/', queue: 'dlq', position }).message;
    const messages = [message(0, { 'x-death': xDeath }, 'a'), message(1, {}, 'b'), message(2, { 'x-death': xDeath, 'x-efx-redrive-count': 3 }, 'c')];
    const plan = planRedrive(messages, { destination: { to: 'origin-queue' }, selection: 'all', maxRedrives: 3 });
    assert.deepEqual(plan.items.map((i) => i.target ?? i.skip), [{ exchange: '', routingKey: 'orders.created' }, 'no x-death header: where it came from is unknown (choose an exchange)', 'redriven 3 times and dead again (limit 3): left here so it does not loop']);
    assert.deepEqual([plan.toSend, plan.skipped], [1, 2]);
    const byExchange = planRedrive(messages, { destination: { to: 'origin-exchange' }, selection: { messageIds: ['a'] }, maxRedrives: 3 });
    assert.deepEqual(byExchange.byTarget, { 'orders.delay → order.created': 1 });
  });

  it('header tables become an ordered list (bytes as base64, tables as JSON) and go back as a table', () => {
    const list = headersToList({ text: 'a', bytes: Buffer.from([0xff, 0]), utf8: Buffer.from('hé'), n: 5, t: { '!': 'timestamp', value: 0 }, nested: { a: [1, Buffer.from([0xff])] } });
    assert.deepEqual(list, [
      { key: 'text', value: 'a' },
      { key: 'bytes', value: '/wA=', encoding: 'base64' },
      { key: 'utf8', value: 'hé' },
      { key: 'n', value: '5' },
      { key: 't', value: '"1970-01-01T00:00:00.000Z"' },
      { key: 'nested', value: '{"a":[1,{"base64":"/w=="}]}' },
    ]);
    const table = listToHeaders([{ key: 'k', value: '1' }, { key: 'k', value: '2' }, { key: 'b', value: '/wA=', encoding: 'base64' }]);
    assert.deepEqual(table, { k: '2', b: Buffer.from([0xff, 0]) });
  });

  it('an object that only claims the prototype of Uint8Array reads as the object it is, not as bytes (found by the fuzzer)', () => {
    const impostor: unknown = Object.create(Uint8Array.prototype);
    assert.deepEqual(headersToList({ 'x-death': [{ queue: impostor }] }), [{ key: 'x-death', value: '[{"queue":{}}]' }]);
  });

  it('a recording round-trips text and binary bodies, properties and headers; bad lines are named', () => {
    const peeked = [
      toPeekedMessage({ content: Buffer.from('{"a":1}'), fields: { exchange: 'orders', routingKey: 'order.created', redelivered: true }, properties: { messageId: 'm1', priority: 2, deliveryMode: 2, headers: { 'x-delivery-count': 1, tenant: 'acme' } } }, { vhost: '/', queue: 'q', position: 0 }).message,
      toPeekedMessage({ content: Buffer.from([0, 255]), fields: { exchange: '', routingKey: 'q' }, properties: {} }, { vhost: '/', queue: 'q', position: 1 }).message,
    ];
    const text = recordMessages(peeked, '/');
    assert.equal(text.split('\n').length, 4, 'a first line, then one message a line');
    const back = readRecording(`${text}not json\n{"exchange":1}\n`);
    assert.deepEqual(back.problems.map((p) => p.line), [4, 5]);
    const { body, ...first } = back.messages[0].message;
    assert.deepEqual({ exchange: back.messages[0].exchange, message: first }, { exchange: 'orders', message: { key: 'order.created', headers: [{ key: 'tenant', value: 'acme' }], properties: { messageId: 'm1', deliveryMode: 2, priority: 2 } } });
    assert.equal(Buffer.from(body as Uint8Array).toString('utf8'), '{"a":1}');
    assert.deepEqual([...(back.messages[1].message.body as Uint8Array)], [0, 255]);
  });

  it('URLs and messages never show the password, in any spelling', () => {
    assert.equal(maskUrl('amqp://user:s3cret@host:5672/vh'), 'amqp://user:****@host:5672/vh');
    assert.equal(maskUrl('not a url user:pw@ amqp://u:p@h'), 'not a url user:pw@ amqp://u:****@h');
    const spellings = secretSpellings('guest', 'p@ss/w:rd');
    assert.equal(maskSecret('failed for p@ss/w:rd and p%40ss%2Fw%3Ard and Z3Vlc3Q6cEBzcy93OnJk', spellings), 'failed for **** and **** and ****');
    assert.deepEqual(parseAmqpUrl('amqps://h/%2Fprod'), { protocol: 'amqps', hostname: 'h', port: 5671, vhost: '/prod' });
    assert.deepEqual(parseAmqpUrl('amqp://[::1]:5673'), { protocol: 'amqp', hostname: '::1', port: 5673, vhost: '/' });
  });

  it('routing keys by event type; sample messages carry ids, correlation, type and headers', () => {
    assert.deepEqual(['OrderCreated', 'ItemAdded', 'PaymentCompleted', 'OrderPaid'].map((t) => routingKeyFor(t)), ['order.created', 'order.item-added', 'order.payment-completed', 'order.paid']);
    const [first] = sampleMessages({ orders: 1 });
    assert.equal(first.key, 'order.created');
    assert.equal(first.properties?.persistent, true);
    assert.equal(first.properties?.type, 'OrderCreated');
    assert.ok(String(first.properties?.correlationId).startsWith('corr-order-1001'));
    assert.deepEqual(first.headers?.map((h) => h.key), ['aggregate-id', 'aggregate-type', 'event-version']);
  });
});
