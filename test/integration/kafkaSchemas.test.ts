// Avro and Protobuf values on the rig's Kafka, decoded by the connector: from workspace schema files (read
// as the settings name them) and from the rig's schema registry (Apicurio, Confluent API), the values
// written by @kafkajs/confluent-schema-registry as any Confluent-API producer would.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as avsc from 'avsc';
import * as protobuf from 'protobufjs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { FlowEvent } from '../../src/core/envelope';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { readKeyStream } from '../../src/connectors/kafka/keyStream';
import { messageDocumentText } from '../../src/connectors/kafka/messageText';
import { readKafkaSchemaSetting, readWorkspaceSchemas } from '../../src/connections/kafka/schemaSetting';
import * as ports from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { KafkaFixture } from './support/kafkaFixture';
import { portOpen } from './support/mongoFixture';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas');
const avroText = fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8');
const protoText = fs.readFileSync(path.join(fixtures, 'order.proto'), 'utf8');
const avroType = avsc.Type.forSchema(JSON.parse(avroText) as avsc.Schema);
const protoRoot = protobuf.parse(protoText, { keepCase: true }).root;

function order(i: number) {
  return {
    orderId: `Order-${i}`,
    customer: i % 2 === 0 ? null : `customer-${i}`,
    total: i * 1.5,
    placedAt: 1_767_225_600_000 + i,
    lines: [{ sku: `SKU-${i}`, quantity: i }],
    status: 'PLACED',
    attributes: { n: String(i) },
    checksum: Buffer.from([i]),
  };
}

function decodedOrder(i: number) {
  return { ...order(i), checksum: Buffer.from([i]).toString('base64') };
}

function note(event: FlowEvent | undefined) {
  assert.ok(event && isKafkaSource(event.source));
  return event.source.valueDecoding;
}

describe('Kafka values decoded with Avro and Protobuf schemas', function () {
  this.timeout(120_000);
  const fixture = new KafkaFixture();

  before(async function () {
    skipOrFailWithoutRig(this, 'Kafka schemas', (await portOpen(ports.kafka.port)) ? undefined : `Kafka is not listening on ${ports.kafka.port} (npm run services:up)`);
    await fixture.start();
  });
  after(() => fixture.dispose());

  it('workspace .avsc and .proto files named in settings decode browse pages, a key timeline and a live tail', async () => {
    const avroTopic = await fixture.topic('efx-it-avro');
    const protoTopic = await fixture.topic('efx-it-proto');
    const { entries, problems: settingProblems } = readKafkaSchemaSetting([
      { topic: 'efx-it-avro-*', file: 'order.avsc' },
      { topic: 'efx-it-proto-*', file: 'order.proto', messageType: 'shop.orders.OrderCancelled' },
    ]);
    assert.deepEqual(settingProblems, []);
    const { schemas, problems } = await readWorkspaceSchemas(entries, fixtures);
    assert.deepEqual(problems, []);
    const broker = fixture.broker({ decoding: { schemas } });

    const producer = fixture.kafka.producer();
    await producer.connect();
    await producer.send({ topic: avroTopic, messages: [1, 2, 3].map((i) => ({ key: i === 2 ? 'Order-1' : `Order-${i}`, value: avroType.toBuffer(order(i)), headers: { 'event-type': 'OrderPlaced' } })) });
    const cancelled = protoRoot.lookupType('shop.orders.OrderCancelled');
    await producer.send({ topic: protoTopic, messages: [{ key: 'Order-9', value: Buffer.from(cancelled.encode({ order_id: 'Order-9', reason: 'out of stock' }).finish()) }] });

    const page = await broker.browse({ source: avroTopic, start: { from: 'beginning' }, limit: 10 });
    assert.deepEqual(page.events.map((e) => e.data), [1, 2, 3].map(decodedOrder));
    assert.deepEqual(note(page.events[0]), { decoder: 'avro', schema: 'shop.orders.OrderPlaced', schemaFrom: 'order.avsc' });
    assert.equal(page.events[0]?.type, 'OrderPlaced');
    const document = JSON.parse(messageDocumentText(page.events[2]).text) as { value: unknown; valueDecoding: unknown };
    assert.deepEqual(document.value, decodedOrder(3));

    const filtered = await broker.browseWith({ source: avroTopic, start: { from: 'beginning' }, limit: 10 }, { filter: { jsonPath: '$[?(@.total > 2)]' } });
    assert.deepEqual(filtered.events.map((e) => (e.data as { orderId: string }).orderId), ['Order-2', 'Order-3']);

    const stream = await readKeyStream(broker, avroTopic, 'Order-1', { partition: 0 });
    assert.deepEqual(stream.events.map((e) => (e.data as { orderId: string }).orderId), ['Order-1', 'Order-2']);

    const proto = await broker.browse({ source: protoTopic, start: { from: 'beginning' }, limit: 10 });
    assert.deepEqual(proto.events.map((e) => e.data), [{ order_id: 'Order-9', reason: 'out of stock' }]);
    assert.deepEqual(note(proto.events[0]), { decoder: 'protobuf', schema: 'shop.orders.OrderCancelled', schemaFrom: 'order.proto' });

    const seen: FlowEvent[] = [];
    const controller = new AbortController();
    const tail = broker.tail({ source: avroTopic, start: { from: 'latest', count: 0 }, signal: controller.signal }, { onEvents: (events) => seen.push(...events) });
    const deadline = Date.now() + 60_000;
    // Sent until the tail has read one: the tail joins its group in its own time.
    while (seen.length === 0 && Date.now() < deadline) {
      await producer.send({ topic: avroTopic, messages: [{ key: 'Order-4', value: avroType.toBuffer(order(4)) }] });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    controller.abort();
    await tail;
    await producer.disconnect();
    assert.deepEqual(seen[0]?.data, decodedOrder(4));
  });

  it('a workspace .proto that imports other workspace files (beside it and from the folder) and a well-known type decodes; one importing from outside the folder is refused', async () => {
    const topic = await fixture.topic('efx-it-proto-imports');
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-it-proto-imports-'));
    const root = path.join(scratch, 'workspace');
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    try {
      write('shop/common/currency.proto', 'syntax = "proto3";\npackage shop.common;\nenum Currency { CURRENCY_UNSET = 0; EUR = 1; USD = 2; }\n');
      write('schemas/money.proto', 'syntax = "proto3";\npackage shop.orders;\nimport "shop/common/currency.proto";\nmessage Money { shop.common.Currency currency = 1; int64 cents = 2; }\n');
      const payment = 'syntax = "proto3";\npackage shop.orders;\nimport "money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage PaymentTaken { string order_id = 1; Money amount = 2; google.protobuf.Timestamp at = 3; }\n';
      write('schemas/payment.proto', payment);
      fs.writeFileSync(path.join(scratch, 'outside.proto'), 'syntax = "proto3";\nmessage Outside { string s = 1; }\n');
      write('schemas/escape.proto', 'syntax = "proto3";\nimport "../../outside.proto";\nmessage Escape { Outside o = 1; }\n');
      const { entries } = readKafkaSchemaSetting([
        { topic: 'efx-it-proto-imports-*', file: 'schemas/payment.proto' },
        { topic: 'efx-it-escape-*', file: 'schemas/escape.proto' },
      ]);
      const { schemas, problems } = await readWorkspaceSchemas(entries, root);
      assert.equal(schemas.length, 1);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /schemas\/escape\.proto imports "\.\.\/\.\.\/outside\.proto", which is outside the workspace folder .*: refused/);

      const writer = new protobuf.Root();
      writer.addJSON((protobuf.common.get('google/protobuf/timestamp.proto') as protobuf.INamespace).nested ?? {});
      for (const file of ['shop/common/currency.proto', 'schemas/money.proto']) protobuf.parse(fs.readFileSync(path.join(root, file), 'utf8'), writer, { keepCase: true });
      protobuf.parse(payment.replace(/import [^\n]*\n/g, ''), writer, { keepCase: true });
      const taken = writer.resolveAll().lookupType('shop.orders.PaymentTaken');
      const producer = fixture.kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: Buffer.from(taken.encode({ order_id: 'Order-9', amount: { currency: 2, cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } }).finish()) }] });
      await producer.disconnect();

      const page = await fixture.broker({ decoding: { schemas } }).browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(page.problems, []);
      assert.deepEqual(page.events.map((e) => e.data), [{ order_id: 'Order-9', amount: { currency: 'USD', cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } }]);
      assert.deepEqual(note(page.events[0]), { decoder: 'protobuf', schema: 'shop.orders.PaymentTaken', schemaFrom: 'schemas/payment.proto' });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  describe('with the rig\'s schema registry', () => {
    before(async function () {
      skipOrFailWithoutRig(this, 'Kafka schema registry', (await portOpen(ports.schemaRegistry.port)) ? undefined : `the schema registry is not listening on ${ports.schemaRegistry.port} (npm run services:up)`);
    });

    it('decodes keys and values @kafkajs/confluent-schema-registry framed with their Avro schemas\' ids', async () => {
      const topic = await fixture.topic('efx-it-registry');
      const registry = new SchemaRegistry({ host: ports.schemaRegistry.url });
      const { id: valueId } = await registry.register({ type: SchemaType.AVRO, schema: avroText }, { subject: `${topic}-value` });
      const { id: keyId } = await registry.register({ type: SchemaType.AVRO, schema: '{"type":"record","name":"OrderKey","namespace":"shop.orders","fields":[{"name":"orderId","type":"string"}]}' }, { subject: `${topic}-key` });
      assert.notEqual(valueId, keyId);
      const producer = fixture.kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: await Promise.all([5, 6].map(async (i) => ({ key: await registry.encode(keyId, { orderId: `Order-${i}` }), value: await registry.encode(valueId, order(i)) }))),
      });
      await producer.disconnect();

      const broker = fixture.broker({ decoding: { registry: { url: ports.schemaRegistry.url } } });
      const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(page.problems, []);
      assert.deepEqual(page.events.map((e) => e.data), [5, 6].map(decodedOrder));
      assert.deepEqual(note(page.events[0]), { decoder: 'avro', schema: 'shop.orders.OrderPlaced', schemaId: valueId, schemaFrom: ports.schemaRegistry.url });
      const source = page.events[1]?.source;
      assert.ok(source && isKafkaSource(source));
      assert.deepEqual(source.keyValue, { orderId: 'Order-6' });
      assert.deepEqual(source.keyDecoding, { decoder: 'avro', schema: 'shop.orders.OrderKey', schemaId: keyId, schemaFrom: ports.schemaRegistry.url });
    });

    it('asks the registry for a schema-id header\'s GUID, and says why when it cannot resolve it (Apicurio 2.4 serves no GUIDs)', async () => {
      const topic = await fixture.topic('efx-it-registry-guid');
      const value = avroType.toBuffer(order(7));
      const guid = Buffer.concat([Buffer.from([1]), Buffer.from('0123456789abcdef0123456789abcdef', 'hex')]);
      const producer = fixture.kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value, headers: { __value_schema_id: guid } }] });
      await producer.disconnect();

      const broker = fixture.broker({ decoding: { registry: { url: ports.schemaRegistry.url } } });
      const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      assert.equal(page.events.length, 1);
      assert.match(note(page.events[0])?.error ?? '', /does not know schema GUID 01234567-89ab-cdef-0123-456789abcdef/);
      assert.equal(page.events[0]?.payload?.base64, value.toString('base64'));
      assert.ok(page.problems.some((p) => /schema GUID/.test(p.message)), JSON.stringify(page.problems));
    });

    it('decodes a Protobuf value framed with its id and message indexes, the schema registered in the registry', async () => {
      const topic = await fixture.topic('efx-it-registry-proto');
      const registry = new SchemaRegistry({ host: ports.schemaRegistry.url });
      const { id } = await registry.register({ type: SchemaType.PROTOBUF, schema: protoText }, { subject: `${topic}-value` });
      const cancelled = protoRoot.lookupType('shop.orders.OrderCancelled');
      const head = Buffer.alloc(5);
      head.writeUInt32BE(id, 1);
      // Confluent's framing: after the id, the message indexes ([1]: the file's second message).
      const value = Buffer.concat([head, Buffer.from([2, 2]), Buffer.from(cancelled.encode({ order_id: 'Order-8', reason: 'duplicate' }).finish())]);
      const producer = fixture.kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value }] });
      await producer.disconnect();

      const broker = fixture.broker({ decoding: { registry: { url: ports.schemaRegistry.url } } });
      const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(page.events.map((e) => e.data), [{ order_id: 'Order-8', reason: 'duplicate' }]);
      assert.deepEqual(note(page.events[0]), { decoder: 'protobuf', schema: 'shop.orders.OrderCancelled', schemaId: id, schemaFrom: ports.schemaRegistry.url });
    });

    it('decodes a Protobuf value whose registry schema imports other subjects (references, followed through an import of an import) and a well-known type', async () => {
      const topic = await fixture.topic('efx-it-registry-proto-refs');
      const subjects = { currency: `${topic}-currency`, money: `${topic}-money`, value: `${topic}-value` };
      const currencyProto = 'syntax = "proto3";\npackage shop.common;\nenum Currency { CURRENCY_UNSET = 0; EUR = 1; USD = 2; }\n';
      // The same package as the value's file, and first: Confluent's message indexes count the value's own file only.
      const moneyProto = 'syntax = "proto3";\npackage shop.orders;\nimport "shop/common/currency.proto";\nmessage Money { shop.common.Currency currency = 1; int64 cents = 2; }\n';
      const paymentProto = [
        'syntax = "proto3";',
        'package shop.orders;',
        'import "shop/orders/money.proto";',
        'import "google/protobuf/timestamp.proto";',
        'message PaymentRefused { string order_id = 1; }',
        'message PaymentTaken { string order_id = 1; Money amount = 2; google.protobuf.Timestamp at = 3; }',
      ].join('\n');
      const register = async (subject: string, schema: string, references: { name: string; subject: string; version: number }[] = []): Promise<number> => {
        const response = await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
          body: JSON.stringify({ schemaType: 'PROTOBUF', schema, references }),
        });
        const body = (await response.json()) as { id?: number; message?: string };
        assert.ok(response.ok && typeof body.id === 'number', `registering ${subject}: HTTP ${response.status} ${JSON.stringify(body)}`);
        return body.id;
      };
      try {
        await register(subjects.currency, currencyProto);
        await register(subjects.money, moneyProto, [{ name: 'shop/common/currency.proto', subject: subjects.currency, version: 1 }]);
        const id = await register(subjects.value, paymentProto, [{ name: 'shop/orders/money.proto', subject: subjects.money, version: 1 }]);

        const writer = new protobuf.Root();
        for (const text of [currencyProto, moneyProto, paymentProto.replace('import "google/protobuf/timestamp.proto";', '')]) protobuf.parse(text, writer, { keepCase: true });
        writer.addJSON((protobuf.common.get('google/protobuf/timestamp.proto') as protobuf.INamespace).nested ?? {});
        const taken = writer.resolveAll().lookupType('shop.orders.PaymentTaken');
        const head = Buffer.alloc(5);
        head.writeUInt32BE(id, 1);
        // Message indexes [1]: the value's file's second message.
        const value = Buffer.concat([head, Buffer.from([2, 2]), Buffer.from(taken.encode({ order_id: 'Order-9', amount: { currency: 2, cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } }).finish())]);
        const producer = fixture.kafka.producer();
        await producer.connect();
        await producer.send({ topic, messages: [{ value }] });
        await producer.disconnect();

        const broker = fixture.broker({ decoding: { registry: { url: ports.schemaRegistry.url } } });
        const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
        assert.deepEqual(page.problems, []);
        assert.deepEqual(page.events.map((e) => e.data), [{ order_id: 'Order-9', amount: { currency: 'USD', cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } }]);
        assert.deepEqual(note(page.events[0]), { decoder: 'protobuf', schema: 'shop.orders.PaymentTaken', schemaId: id, schemaFrom: ports.schemaRegistry.url });
      } finally {
        for (const subject of [subjects.value, subjects.money, subjects.currency]) {
          await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => undefined);
          await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
        }
      }
    });
  });
});
