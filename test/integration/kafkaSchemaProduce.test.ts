// Values written with a schema from the rig's registry (Apicurio, Confluent API): the latest schema of
// `<topic>-value` looked up, the value encoded and framed as Confluent's serializers frame it, produced
// to the rig's Kafka, and read back by the connector's decoders exactly as it was written.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { JsonValue } from '../../src/core/json';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { compileValueSchema, encodeProduceValue, formatOfRegistryType } from '../../src/connectors/kafka/produceSchemas/produceValue';
import { checkRegistry, latestSubjectSchema, valueSubjectOf } from '../../src/connectors/kafka/produceSchemas/registrySubjects';
import * as ports from '../services/ports';
import { freePort } from '../support/freePort';
import { skipOrFailWithoutRig } from '../support/rig';
import { KafkaFixture } from './support/kafkaFixture';
import { portOpen } from './support/mongoFixture';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas');
const avroText = fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8');
const protoText = fs.readFileSync(path.join(fixtures, 'order.proto'), 'utf8');

describe('Kafka values produced with the registry schema of their topic', function () {
  this.timeout(120_000);
  const fixture = new KafkaFixture();
  const registrySettings = { url: ports.schemaRegistry.url };

  before(async function () {
    const missing = !(await portOpen(ports.kafka.port)) ? `Kafka is not listening on ${ports.kafka.port}` : !(await portOpen(ports.schemaRegistry.port)) ? `the schema registry is not listening on ${ports.schemaRegistry.port}` : undefined;
    skipOrFailWithoutRig(this, 'Kafka schema produce', missing && `${missing} (npm run services:up)`);
    await fixture.start();
  });
  after(() => fixture.dispose());

  async function produceAndReadBack(topic: string, values: JsonValue[]) {
    const latest = await latestSubjectSchema(registrySettings, valueSubjectOf(topic));
    assert.ok(latest.ok, latest.ok ? '' : latest.error);
    const { schemaType, schema, imports } = latest.schema;
    const produce = { schema: await compileValueSchema({ format: formatOfRegistryType(schemaType), text: schema, ...(imports ? { imports } : {}) }), registryId: latest.schema.id, from: 'registry' };
    for (const value of values) assert.deepEqual(produce.schema.check(value), []);
    const broker = fixture.broker({ decoding: { registry: registrySettings } });
    await broker.publish({ name: topic }, values.map((value, i) => ({ key: `k-${i}`, body: encodeProduceValue(produce, value) })));
    const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
    return { id: latest.schema.id, events: page.events, problems: page.problems, produce };
  }

  /** Registers a schema version through the Confluent API (with references, which the client library does not send); its id. */
  async function register(subject: string, schemaType: 'PROTOBUF' | 'JSON', schema: string, references: { name: string; subject: string; version: number }[] = []): Promise<number> {
    const response = await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType, schema, references }),
    });
    const body = (await response.json()) as { id?: number };
    assert.ok(response.ok && typeof body.id === 'number', `registering ${subject}: HTTP ${response.status} ${JSON.stringify(body)}`);
    return body.id;
  }

  async function deleteSubjects(subjects: string[]): Promise<void> {
    for (const subject of subjects) {
      await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => undefined);
      await fetch(`${ports.schemaRegistry.url}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
    }
  }

  it('Avro: the latest version of <topic>-value, framed with its id, reads back as written (unions, enums, arrays, maps, bytes)', async () => {
    const topic = await fixture.topic('efx-it-produce-avro');
    const registry = new SchemaRegistry({ host: ports.schemaRegistry.url });
    await registry.register({ type: SchemaType.AVRO, schema: avroText }, { subject: valueSubjectOf(topic) });
    const values: JsonValue[] = [
      { orderId: 'Order-1', customer: null, total: 10.5, placedAt: 1_767_225_600_000, lines: [{ sku: 'A', quantity: 1 }], status: 'PAID', attributes: { gift: 'yes' }, checksum: 'AQID' },
      { orderId: 'Order-2', customer: 'customer-2', total: 0, placedAt: 1, lines: [], status: 'SHIPPED', attributes: {}, checksum: '' },
    ];
    const { id, events } = await produceAndReadBack(topic, values);
    assert.deepEqual(events.map((e) => e.data), values);
    const source = events[0]?.source;
    assert.ok(source && isKafkaSource(source));
    assert.deepEqual(source.valueDecoding, { decoder: 'avro', schema: 'shop.orders.OrderPlaced', schemaId: id, schemaFrom: ports.schemaRegistry.url });
    // What any Confluent-API consumer does with the bytes: the registry client decodes them too.
    const raw = await fixture.broker().browseWith({ source: topic, start: { from: 'beginning' }, limit: 2 }, { keepBytes: true });
    const decoded = await Promise.all(raw.events.map((e) => registry.decode(Buffer.from(e.payload?.base64 ?? '', 'base64')) as Promise<Record<string, unknown>>));
    assert.deepEqual(
      decoded.map((d) => JSON.parse(JSON.stringify({ ...d, checksum: Buffer.from(d.checksum as Buffer).toString('base64') })) as unknown),
      values,
    );
  });

  it('Protobuf: the message indexes of the file\'s first message follow the id, and the decoder reads it back', async () => {
    const topic = await fixture.topic('efx-it-produce-proto');
    const registry = new SchemaRegistry({ host: ports.schemaRegistry.url });
    await registry.register({ type: SchemaType.PROTOBUF, schema: protoText }, { subject: valueSubjectOf(topic) });
    const value = { order_id: 'Order-3', customer: 'c', total: 1.25, placed_at: '9223372036854775807', lines: [{ sku: 'B', quantity: 2 }], status: 'PAID', attributes: { a: 'b' }, checksum: 'AQ==' };
    const { events } = await produceAndReadBack(topic, [value]);
    assert.deepEqual(events[0]?.data, value);
    const source = events[0]?.source;
    assert.ok(source && isKafkaSource(source));
    assert.equal(source.valueDecoding?.decoder, 'protobuf');
  });

  it('Protobuf with references: the imported subjects (an import of an import) and a well-known type give the sample, the checks and the bytes, read back decoded', async () => {
    const topic = await fixture.topic('efx-it-produce-proto-refs');
    const subjects = [`${topic}-currency`, `${topic}-money`, valueSubjectOf(topic)];
    const currencyProto = 'syntax = "proto3";\npackage shop.common;\nenum Currency { CURRENCY_UNSET = 0; EUR = 1; USD = 2; }\n';
    const moneyProto = 'syntax = "proto3";\npackage shop.orders;\nimport "shop/common/currency.proto";\nmessage Money { shop.common.Currency currency = 1; int64 cents = 2; }\n';
    const paymentProto = 'syntax = "proto3";\npackage shop.orders;\nimport "shop/orders/money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage PaymentTaken { string order_id = 1; Money amount = 2; google.protobuf.Timestamp at = 3; }\n';
    try {
      await register(subjects[0], 'PROTOBUF', currencyProto);
      await register(subjects[1], 'PROTOBUF', moneyProto, [{ name: 'shop/common/currency.proto', subject: subjects[0], version: 1 }]);
      const id = await register(subjects[2], 'PROTOBUF', paymentProto, [{ name: 'shop/orders/money.proto', subject: subjects[1], version: 1 }]);
      const value = { order_id: 'Order-9', amount: { currency: 'USD', cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } };
      const { events, problems, produce } = await produceAndReadBack(topic, [value]);
      assert.deepEqual(produce.schema.sample(), { order_id: 'order_id', amount: { currency: 'CURRENCY_UNSET', cents: 0 }, at: { seconds: 0, nanos: 0 } });
      assert.match(produce.schema.check({ order_id: 'o', amount: { currency: 'GBP' } })[0]?.message ?? '', /one of CURRENCY_UNSET, EUR, USD/);
      assert.deepEqual(problems, []);
      assert.deepEqual(events.map((e) => e.data), [value]);
      const source = events[0]?.source;
      assert.ok(source && isKafkaSource(source));
      assert.deepEqual(source.valueDecoding, { decoder: 'protobuf', schema: 'shop.orders.PaymentTaken', schemaId: id, schemaFrom: ports.schemaRegistry.url });
    } finally {
      await deleteSubjects([...subjects].reverse());
    }
  });

  it('JSON Schema with references: a $ref to another subject\'s document checks the value before it is framed and sent', async () => {
    const topic = await fixture.topic('efx-it-produce-json-refs');
    const subjects = [`${topic}-customer`, valueSubjectOf(topic)];
    const customer = JSON.stringify({ type: 'object', properties: { name: { type: 'string', minLength: 2 } }, required: ['name'] });
    const order = JSON.stringify({ title: 'Order', type: 'object', properties: { id: { type: 'string' }, customer: { $ref: 'customer.json' } }, required: ['id', 'customer'] });
    try {
      await register(subjects[0], 'JSON', customer);
      await register(subjects[1], 'JSON', order, [{ name: 'customer.json', subject: subjects[0], version: 1 }]);
      const value = { id: 'Order-10', customer: { name: 'Ada' } };
      const { events, produce } = await produceAndReadBack(topic, [value]);
      assert.deepEqual(produce.schema.check({ id: 'x', customer: { name: 'A' } }).map((p) => p.path.join('.')), ['customer.name']);
      assert.deepEqual(events.map((e) => e.data), [value]);
    } finally {
      await deleteSubjects([...subjects].reverse());
    }
  });

  it('JSON Schema with references by $id: a reference whose name is not the $ref is found by its document\'s $id, relative to the root\'s $id', async () => {
    const topic = await fixture.topic('efx-it-produce-json-ids');
    const subjects = [`${topic}-customer`, valueSubjectOf(topic)];
    const customer = JSON.stringify({ $id: 'https://shop.example/schemas/people/customer.json', type: 'object', properties: { name: { type: 'string', minLength: 2 } }, required: ['name'] });
    const order = JSON.stringify({
      $id: 'https://shop.example/schemas/order.json',
      title: 'Order',
      type: 'object',
      properties: { id: { type: 'string' }, customer: { $ref: 'people/customer.json' }, payer: { $ref: 'https://shop.example/schemas/people/customer.json' } },
      required: ['id', 'customer', 'payer'],
    });
    try {
      await register(subjects[0], 'JSON', customer);
      await register(subjects[1], 'JSON', order, [{ name: 'shop-customer', subject: subjects[0], version: 1 }]);
      const value = { id: 'Order-11', customer: { name: 'Ada' }, payer: { name: 'Bob' } };
      const { events, produce } = await produceAndReadBack(topic, [value]);
      assert.deepEqual(produce.schema.check({ id: 'x', customer: { name: 'A' }, payer: { name: 'B' } }).map((p) => p.path.join('.')), ['customer.name', 'payer.name']);
      assert.deepEqual(events.map((e) => e.data), [value]);
    } finally {
      await deleteSubjects([...subjects].reverse());
    }
  });

  it('the registry check the cluster wizard runs: the rig answers with its subjects; a wrong path or a closed port says why', async () => {
    const good = await checkRegistry(registrySettings);
    assert.ok(good.ok && good.subjects >= 1, JSON.stringify(good));
    const wrongPath = await checkRegistry({ url: `http://${new URL(ports.schemaRegistry.url).host}/nothing-here` });
    assert.ok(!wrongPath.ok && /registry/.test(wrongPath.error), JSON.stringify(wrongPath));
    const closed = await checkRegistry({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000 });
    assert.ok(!closed.ok && /could not be reached: ECONNREFUSED|did not answer/.test(closed.error), JSON.stringify(closed));
    const absent = await latestSubjectSchema(registrySettings, 'efx-it-no-such-topic-value');
    assert.ok(!absent.ok && absent.missing === true, JSON.stringify(absent));
  });
});
