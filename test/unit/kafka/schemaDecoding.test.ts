import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as avsc from 'avsc';
import * as protobuf from 'protobufjs';
import type { EventHeader } from '../../../src/core/envelope';
import { isKafkaSource } from '../../../src/connectors/kafka/kafkaSource';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { messageDocumentText } from '../../../src/connectors/kafka/messageText';
import { SchemaRegistry } from '../../../src/connectors/kafka/decoding/schemaRegistry';
import { checkTopicSchema, TopicDecoders, type TopicSchema } from '../../../src/connectors/kafka/decoding/topicDecoders';
import { readMessageIndexes, readSchemaIdHeader, readWireFrame } from '../../../src/connectors/kafka/decoding/wireFormat';
import { topicMatcher } from '../../../src/connectors/kafka/decoding/topicPattern';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'schemas');
const avroText = fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8');
const protoText = fs.readFileSync(path.join(fixtures, 'order.proto'), 'utf8');
const avroType = avsc.Type.forSchema(JSON.parse(avroText) as avsc.Schema);

const order = {
  orderId: 'Order-1001',
  customer: 'ada',
  total: 12.5,
  placedAt: 1_767_225_600_000,
  lines: [{ sku: 'A-1', quantity: 2 }],
  status: 'PAID',
  attributes: { channel: 'web' },
  checksum: Buffer.from([0, 1, 2, 255]),
};

function frame(id: number, payload: Buffer, indexes?: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return Buffer.concat([head, ...(indexes ? [indexes] : []), payload]);
}

function decodersWith(...schemas: TopicSchema[]): TopicDecoders {
  return new TopicDecoders({ schemas });
}

async function decodeOne(decoders: TopicDecoders, topic: string, value: Buffer, headers: EventHeader[] = []) {
  await decoders.prepare(topic, [{ key: null, value, headers }]);
  return decoders.decode(topic, 'value', value, headers);
}

/** A registry of our own on loopback: answers each schema id it holds and counts the requests. */
async function countingRegistry(schemas: Record<string, unknown>): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const id = /\/schemas\/ids\/(\d+)$/.exec(req.url ?? '')?.[1];
    const schema = id === undefined ? undefined : schemas[id];
    res.writeHead(schema ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(schema ?? { error_code: 40403, message: 'Schema not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Kafka schema decoding', () => {
  describe('Avro from a workspace schema', () => {
    const decoders = decodersWith({ topic: 'orders.*', part: 'value', format: 'avro', text: avroText, file: 'schemas/order.avsc' });

    it('decodes a value to JSON: bytes as base64, enums by name, the schema named with its file', async () => {
      const decoded = await decodeOne(decoders, 'orders.eu', avroType.toBuffer(order));
      assert.ok(decoded?.ok, JSON.stringify(decoded));
      assert.deepEqual(decoded.value, { ...order, checksum: 'AAEC/w==' });
      assert.equal(decoded.decoder, 'avro');
      assert.deepEqual(decoded.schema, { name: 'shop.orders.OrderPlaced', from: 'schemas/order.avsc' });
    });

    it('leaves a topic the pattern does not name to the plain reading', async () => {
      assert.equal(await decodeOne(decoders, 'payments', avroType.toBuffer(order)), undefined);
    });

    it('says why bytes are not the schema and keeps them as hex', async () => {
      const bytes = Buffer.from('not avro at all, just text');
      const decoded = await decodeOne(decoders, 'orders.eu', bytes);
      assert.ok(decoded && !decoded.ok);
      assert.match(decoded.error, /not shop\.orders\.OrderPlaced in Avro/);
      assert.match(decoded.hex, /^00000000 {2}6e 6f 74 20/);
    });

    it('reads a registry-framed value with the schema file when no registry is set', async () => {
      const decoded = await decodeOne(decoders, 'orders.eu', frame(7, avroType.toBuffer(order)));
      assert.ok(decoded?.ok, JSON.stringify(decoded));
      assert.equal(decoded.schema?.id, 7);
      assert.equal((decoded.value as { orderId: string }).orderId, 'Order-1001');
    });

    it('gives a long past 2^53 exactly, as decimal text', async () => {
      const longs = decodersWith({ topic: 'longs', part: 'value', format: 'avro', text: '"long"' });
      const bytes = avsc.Type.forSchema('long', { registry: {} }).toBuffer(2 ** 40);
      assert.deepEqual(await decodeOne(longs, 'longs', bytes), { ok: true, decoder: 'avro', schema: { name: 'long' }, value: 2 ** 40 });
      // zigzag(2^62 + 1) as a varint, written by hand: avsc refuses to write it as a number.
      let zigzag = (2n ** 62n + 1n) << 1n;
      const varint: number[] = [];
      while (zigzag >= 0x80n) {
        varint.push(Number((zigzag & 0x7fn) | 0x80n));
        zigzag >>= 7n;
      }
      varint.push(Number(zigzag));
      const decoded = await decodeOne(longs, 'longs', Buffer.from(varint));
      assert.ok(decoded?.ok);
      assert.equal(decoded.value, (2n ** 62n + 1n).toString());
    });

    it('keeps fields named like Object.prototype members as own fields, never as the prototype', async () => {
      const text = JSON.stringify({ type: 'record', name: 'Odd', fields: [{ name: '__proto__', type: { type: 'record', name: 'Inner', fields: [{ name: 'polluted', type: 'boolean' }] } }, { name: 'constructor', type: 'string' }] });
      const odd = decodersWith({ topic: 'odd', part: 'value', format: 'avro', text });
      const bytes = avsc.Type.forSchema(JSON.parse(text) as avsc.Schema).toBuffer(JSON.parse('{"__proto__":{"polluted":true},"constructor":"x"}'));
      const decoded = await decodeOne(odd, 'odd', bytes);
      assert.ok(decoded?.ok, JSON.stringify(decoded));
      const value = decoded.value as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('keeps a map key named __proto__ as an own entry of the map, never as its prototype', async () => {
      const text = JSON.stringify({ type: 'record', name: 'WithMap', fields: [{ name: 'labels', type: { type: 'map', values: 'string' } }] });
      const mapped = decodersWith({ topic: 'mapped', part: 'value', format: 'avro', text });
      const labels = JSON.parse('{"__proto__":"x","plain":"y"}') as Record<string, string>;
      const bytes = avsc.Type.forSchema(JSON.parse(text) as avsc.Schema).toBuffer({ labels });
      const decoded = await decodeOne(mapped, 'mapped', bytes);
      assert.ok(decoded?.ok, JSON.stringify(decoded));
      const map = (decoded.value as { labels: Record<string, unknown> }).labels;
      assert.equal(Object.getPrototypeOf(map), Object.prototype);
      assert.deepEqual(Object.keys(map).sort(), ['__proto__', 'plain']);
      assert.equal(Object.getOwnPropertyDescriptor(map, '__proto__')?.value, 'x');
    });

    it('refuses an array block that claims more items than bytes, rather than looping', async () => {
      const nulls = decodersWith({ topic: 'n', part: 'value', format: 'avro', text: '{"type":"array","items":"int"}' });
      // A block count of 2^31 with 2 bytes behind it.
      const decoded = await decodeOne(nulls, 'n', Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10, 0x02, 0x02]));
      assert.ok(decoded && !decoded.ok);
      assert.match(decoded.error, /a block claims \d+ items with 2 bytes left/);
    });
  });

  describe('Protobuf from a workspace schema', () => {
    const root = protobuf.parse(protoText, { keepCase: true }).root;
    const placed = root.lookupType('shop.orders.OrderPlaced');
    const cancelled = root.lookupType('shop.orders.OrderCancelled');
    const message = { order_id: 'Order-7', customer: 'bob', total: 3.25, placed_at: 9_007_199_254_740_993n.toString(), lines: [{ sku: 'B', quantity: 1 }], status: 2, attributes: { a: 'b' }, checksum: Buffer.from([9]) };
    const bytes = Buffer.from(placed.encode(placed.fromObject(message)).finish());

    it('decodes the file\'s first message by default: enums by name, 64-bit integers exact', async () => {
      const decoders = decodersWith({ topic: 'orders', part: 'value', format: 'protobuf', text: protoText, file: 'order.proto' });
      const decoded = await decodeOne(decoders, 'orders', bytes);
      assert.ok(decoded?.ok, JSON.stringify(decoded));
      assert.deepEqual(decoded.value, { ...message, placed_at: '9007199254740993', status: 'SHIPPED', checksum: 'CQ==' });
      assert.deepEqual(decoded.schema, { name: 'shop.orders.OrderPlaced', from: 'order.proto' });
    });

    it('decodes the message type the settings name', async () => {
      const decoders = decodersWith({ topic: 'cancels', part: 'value', format: 'protobuf', text: protoText, messageType: 'OrderCancelled' });
      const decoded = await decodeOne(decoders, 'cancels', Buffer.from(cancelled.encode({ order_id: 'Order-7', reason: 'late' }).finish()));
      assert.ok(decoded?.ok);
      assert.deepEqual(decoded.value, { order_id: 'Order-7', reason: 'late' });
    });

    it('says which message types a file has when the settings name another', async () => {
      const reason = await checkTopicSchema({ topic: 't', part: 'value', format: 'protobuf', text: protoText, messageType: 'Nope' });
      assert.match(reason ?? '', /has no message Nope \(it has shop\.orders\.OrderPlaced, shop\.orders\.OrderCancelled\)/);
      assert.match((await checkTopicSchema({ topic: 't', part: 'value', format: 'protobuf', text: 'message {' })) ?? '', /illegal/);
      assert.match((await checkTopicSchema({ topic: 't', part: 'value', format: 'avro', text: '{"type":"record"}' })) ?? '', /./);
      assert.match((await checkTopicSchema({ topic: 't', part: 'value', format: 'avro', text: 'not json' })) ?? '', /not JSON/);
      assert.equal(await checkTopicSchema({ topic: 't', part: 'value', format: 'avro', text: avroText }), undefined);
    });

    it('says why bytes are not the message and keeps them as hex', async () => {
      const decoders = decodersWith({ topic: 'orders', part: 'value', format: 'protobuf', text: protoText });
      const decoded = await decodeOne(decoders, 'orders', Buffer.from([0x0a, 0xff, 0x01]));
      assert.ok(decoded && !decoded.ok);
      assert.match(decoded.error, /not shop\.orders\.OrderPlaced in Protobuf/);
      assert.match(decoded.hex, /0a ff 01/);
    });
  });

  describe('JSON, text and hex as chosen formats', () => {
    it('decodes each, and says when bytes are not what the format needs', async () => {
      const decoders = decodersWith(
        { topic: 'j', part: 'value', format: 'json' },
        { topic: 't', part: 'value', format: 'text' },
        { topic: 'h', part: 'value', format: 'hex' },
      );
      assert.deepEqual(await decodeOne(decoders, 'j', Buffer.from('{"a":1}')), { ok: true, decoder: 'json', value: { a: 1 } });
      const notJson = await decodeOne(decoders, 'j', Buffer.from('{"a":'));
      assert.ok(notJson && !notJson.ok && /not JSON/.test(notJson.error));
      assert.deepEqual(await decodeOne(decoders, 't', Buffer.from('{"a":1}')), { ok: true, decoder: 'text', value: '{"a":1}' });
      const notText = await decodeOne(decoders, 't', Buffer.from([0xff]));
      assert.ok(notText && !notText.ok && /not UTF-8/.test(notText.error));
      const hex = await decodeOne(decoders, 'h', Buffer.from('AB'));
      assert.ok(hex?.ok);
      assert.match(typeof hex.value === 'string' ? hex.value : '', /^00000000 {2}41 42 /);
    });
  });

  describe('the wire format', () => {
    it('reads the magic byte and the 4-byte big-endian id, and nothing shorter', () => {
      assert.deepEqual(readWireFrame(Buffer.from([0, 0, 0, 1, 2, 9])), { ref: { id: 258 }, offset: 5 });
      assert.deepEqual(readWireFrame(Buffer.from([0, 0xff, 0xff, 0xff, 0xff])), { ref: { id: 4_294_967_295 }, offset: 5 });
      assert.equal(readWireFrame(Buffer.from([0, 0, 0, 1])), undefined);
      assert.equal(readWireFrame(Buffer.from([1, 0, 0, 0, 1])), undefined);
    });

    it('reads Confluent\'s message indexes: a lone 0 for the first message, else a zigzag count and path', () => {
      assert.deepEqual(readMessageIndexes(Buffer.from([0, 0x42]), 0), { indexes: [0], next: 1 });
      assert.deepEqual(readMessageIndexes(Buffer.from([4, 2, 0, 0x42]), 0), { indexes: [1, 0], next: 3 });
      assert.deepEqual(readMessageIndexes(Buffer.from([4, 2]), 0), { error: 'a count of 2 message indexes with 1 bytes left' });
      assert.deepEqual(readMessageIndexes(Buffer.from([4, 0x82, 0x82]), 0), { error: 'the message indexes end early' });
      assert.ok('error' in readMessageIndexes(Buffer.from([0x7e]), 0));
    });

    it('reads the schema-id header: byte 1 and a GUID, or byte 0 and an id; anything else says why', () => {
      const guid = Buffer.from('01' + '0123456789abcdef0123456789abcdef', 'hex');
      assert.deepEqual(readSchemaIdHeader([{ key: '__value_schema_id', value: guid.toString('base64'), encoding: 'base64' }], 'value'), {
        ref: { guid: '01234567-89ab-cdef-0123-456789abcdef' },
        offset: 0,
      });
      assert.equal(readSchemaIdHeader([{ key: '__value_schema_id', value: guid.toString('base64'), encoding: 'base64' }], 'key'), undefined);
      assert.deepEqual(readSchemaIdHeader([{ key: '__key_schema_id', value: Buffer.from([0, 0, 0, 0, 5]).toString('base64'), encoding: 'base64' }], 'key'), { ref: { id: 5 }, offset: 0 });
      const odd = readSchemaIdHeader([{ key: '__value_schema_id', value: 'seven' }], 'value');
      assert.ok(odd && 'error' in odd && /neither byte 1/.test(odd.error));
    });

    it('matches topics by name or by glob', () => {
      assert.ok(topicMatcher('orders')('orders'));
      assert.ok(!topicMatcher('orders')('orders.eu'));
      assert.ok(topicMatcher('orders.*')('orders.eu'));
      assert.ok(!topicMatcher('orders.*')('ordersXeu'));
      assert.ok(topicMatcher('o?ders')('orders'));
    });
  });

  describe('the registry path', () => {
    it('decodes Avro, Protobuf (by message indexes) and JSON Schema framed values by id, asking once per id', async () => {
      const registry = await countingRegistry({
        1: { schema: avroText },
        2: { schemaType: 'PROTOBUF', schema: protoText },
        3: { schemaType: 'JSON', schema: '{"type":"object"}' },
      });
      try {
        const decoders = new TopicDecoders({ registry: { url: `${registry.url}/` } });
        const root = protobuf.parse(protoText, { keepCase: true }).root;
        const cancelled = root.lookupType('shop.orders.OrderCancelled');
        const line = root.lookupType('shop.orders.OrderPlaced.Line');
        const values = [
          frame(1, avroType.toBuffer(order)),
          frame(2, Buffer.from(cancelled.encode({ order_id: 'Order-9', reason: 'x' }).finish()), Buffer.from([2, 2])),
          frame(2, Buffer.from(line.encode({ sku: 'S', quantity: 3 }).finish()), Buffer.from([4, 0, 0])),
          frame(3, Buffer.from('{"hello":"world"}')),
        ];
        const records = [...values, ...values].map((value) => ({ key: null, value, headers: [] }));
        assert.deepEqual(await decoders.prepare('any', records), []);
        const decoded = values.map((value) => decoders.decode('any', 'value', value, []));
        assert.deepEqual(decoded.map((d) => d?.ok && d.decoder), ['avro', 'protobuf', 'protobuf', 'json-schema']);
        assert.deepEqual(decoded.map((d) => d?.schema?.name), ['shop.orders.OrderPlaced', 'shop.orders.OrderCancelled', 'shop.orders.OrderPlaced.Line', undefined]);
        assert.deepEqual(decoded.map((d) => d?.ok && d.value), [{ ...order, checksum: 'AAEC/w==' }, { order_id: 'Order-9', reason: 'x' }, { sku: 'S', quantity: 3 }, { hello: 'world' }]);
        assert.equal(decoded[0]?.schema?.from, registry.url);
        assert.deepEqual(registry.requests.sort(), ['/schemas/ids/1', '/schemas/ids/2', '/schemas/ids/3']);
      } finally {
        await registry.close();
      }
    });

    it('remembers an unknown id: one request for a hundred records, each says why and keeps its hex', async () => {
      const registry = await countingRegistry({});
      try {
        const decoders = new TopicDecoders({ registry: { url: registry.url } });
        const value = frame(42, Buffer.from([1, 2, 3]));
        const records = Array.from({ length: 100 }, () => ({ key: null, value, headers: [] }));
        const problems = await decoders.prepare('t', records);
        await decoders.prepare('t', records);
        assert.equal(registry.requests.length, 1);
        assert.deepEqual(problems, [`the registry ${registry.url} does not know schema id 42 (Schema not found)`]);
        const decoded = decoders.decode('t', 'value', value, []);
        assert.ok(decoded && !decoded.ok);
        assert.equal(decoded.error, problems[0]);
        assert.match(decoded.hex, /00 00 00 00 2a 01 02 03/);
      } finally {
        await registry.close();
      }
    });

    it('forgets a failure after a while and asks again', async () => {
      const server = await countingRegistry({});
      let now = 0;
      try {
        const registry = new SchemaRegistry({ url: server.url }, fetch, () => now);
        assert.equal((await registry.resolve({ id: 1 })).ok, false);
        assert.equal((await registry.resolve({ id: 1 })).ok, false);
        assert.equal(server.requests.length, 1);
        now += 60_000;
        await registry.resolve({ id: 1 });
        assert.equal(server.requests.length, 2);
      } finally {
        await server.close();
      }
    });

    it('says a registry that does not answer in time did not, rather than waiting', async () => {
      const sockets = new Set<import('node:net').Socket>();
      const silent = http.createServer(() => undefined);
      silent.on('connection', (socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const registry = new SchemaRegistry({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200 });
        const answer = await registry.resolve({ id: 1 });
        assert.ok(!answer.ok);
        assert.match(answer.error, /did not answer within 0\.2 s for schema id 1/);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('follows a schema\'s references once each (a loop ends; a name like __proto__ is only a name) and says which import could not be had', async () => {
      const a = 'syntax = "proto3";\npackage p;\nimport "__proto__";\nmessage A { B b = 1; }\n';
      // The loop is in the registry's references only (a .proto file cannot import itself back).
      const b = 'syntax = "proto3";\npackage p;\nmessage B { string s = 1; }\n';
      const answers: Record<string, unknown> = {
        '/schemas/ids/1': { schemaType: 'PROTOBUF', schema: a, references: [{ name: '__proto__', subject: 'b', version: 1 }] },
        '/subjects/b/versions/1': { schemaType: 'PROTOBUF', schema: b, references: [{ name: 'a.proto', subject: 'a', version: 1 }] },
        '/subjects/a/versions/1': { schemaType: 'PROTOBUF', schema: a, references: [{ name: '__proto__', subject: 'b', version: 1 }] },
        '/schemas/ids/2': { schemaType: 'PROTOBUF', schema: b, references: [{ name: 'a.proto', subject: 'gone', version: 3 }] },
      };
      const requests: string[] = [];
      const server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        const answer = answers[req.url ?? ''];
        res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer ?? { error_code: 40402, message: 'Version not found' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const registry = new SchemaRegistry({ url });
        const found = await registry.resolve({ id: 1 });
        assert.ok(found.ok);
        assert.deepEqual([...(found.schema.imports ?? [])], [['__proto__', b], ['a.proto', a]]);
        assert.deepEqual(requests, ['/schemas/ids/1', '/subjects/b/versions/1', '/subjects/a/versions/1']);
        assert.deepEqual(Object.getPrototypeOf({}), Object.prototype);

        const decoders = new TopicDecoders({ registry: { url } });
        const value = frame(1, Buffer.from([10, 3, 10, 1, 0x78]), Buffer.from([0]));
        const decoded = await decodeOne(decoders, 't', value);
        assert.ok(decoded?.ok, JSON.stringify(decoded));
        assert.deepEqual(decoded.value, { b: { s: 'x' } });

        const missing = await registry.resolve({ id: 2 });
        assert.ok(!missing.ok);
        assert.equal(missing.error, `schema id 2 imports "a.proto" (subject gone version 3), which could not be had: the registry ${url} does not know subject gone version 3 (Version not found)`);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('sends the user name and password as basic auth', async () => {
      let authorization: string | undefined;
      const server = http.createServer((req, res) => {
        authorization = req.headers.authorization;
        res.end(JSON.stringify({ schema: '"string"' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const registry = new SchemaRegistry({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'u', password: 'p' });
        assert.deepEqual(await registry.resolve({ id: 1 }), { ok: true, schema: { schemaType: 'AVRO', schema: '"string"' } });
        assert.equal(authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('records with schemas', () => {
    it('a decoded value is the event\'s data, and the record says how it was decoded', async () => {
      const decoders = decodersWith(
        { topic: 'orders', part: 'value', format: 'avro', text: avroText, file: 'order.avsc' },
        { topic: 'orders', part: 'key', format: 'avro', text: '"string"' },
      );
      const key = avsc.Type.forSchema('string').toBuffer('Order-1001');
      const value = avroType.toBuffer(order);
      const headers: EventHeader[] = [{ key: 'event-type', value: 'OrderPlaced' }];
      await decoders.prepare('orders', [{ key, value, headers }]);
      const event = recordToEvent('orders', 0, { offset: '5', timestamp: '0', key, value, headers: { 'event-type': 'OrderPlaced' } }, { decoders });
      assert.deepEqual(event.data, { ...order, checksum: 'AAEC/w==' });
      assert.equal(event.payload, undefined);
      assert.equal(event.type, 'OrderPlaced');
      assert.ok(isKafkaSource(event.source));
      assert.deepEqual(event.source.valueDecoding, { decoder: 'avro', schema: 'shop.orders.OrderPlaced', schemaFrom: 'order.avsc' });
      assert.equal(event.source.keyValue, 'Order-1001');
      const document = JSON.parse(messageDocumentText(event).text) as { value: unknown; valueDecoding: unknown; valueFormat: string };
      assert.equal(document.valueFormat, 'json');
      assert.deepEqual(document.valueDecoding, { decoder: 'avro', schema: 'shop.orders.OrderPlaced', schemaFrom: 'order.avsc' });
    });

    it('a value that fails its schema is bytes with a hex preview and the reason, every byte kept', async () => {
      const decoders = decodersWith({ topic: 'orders', part: 'value', format: 'avro', text: avroText });
      const value = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
      await decoders.prepare('orders', [{ key: null, value, headers: [] }]);
      const event = recordToEvent('orders', 0, { offset: '5', timestamp: '0', key: null, value }, { decoders });
      assert.equal(event.payload?.kind, 'binary');
      assert.equal(event.payload?.base64, value.toString('base64'));
      assert.match(typeof event.data === 'string' ? event.data : '', /de ad be ef/);
      assert.ok(isKafkaSource(event.source));
      assert.match(event.source.valueDecoding?.error ?? '', /not shop\.orders\.OrderPlaced in Avro/);
    });
  });
});
