import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as avsc from 'avsc';
import * as protobuf from 'protobufjs';
import type { JsonValue } from '../../../src/core/json';
import { compileAvro } from '../../../src/connectors/kafka/decoding/avroDecoder';
import { compileProtobuf } from '../../../src/connectors/kafka/decoding/protobufDecoder';
import { readMessageIndexes, readWireFrame } from '../../../src/connectors/kafka/decoding/wireFormat';
import { parseProduceDocument } from '../../../src/connectors/kafka/produceDocument';
import { avroValueSchema } from '../../../src/connectors/kafka/produceSchemas/avroValueSchema';
import { jsonSchemaValue } from '../../../src/connectors/kafka/produceSchemas/jsonSchemaValue';
import { encodeProduceValue } from '../../../src/connectors/kafka/produceSchemas/produceValue';
import { protobufValueSchema } from '../../../src/connectors/kafka/produceSchemas/protobufValueSchema';
import { schemaProblemsOf } from '../../../src/connectors/kafka/produceSchemas/valueProblems';
import { describePath } from '../../../src/connectors/kafka/produceSchemas/valueSchema';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'schemas');
const orderAvsc = fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8');
const orderProto = fs.readFileSync(path.join(fixtures, 'order.proto'), 'utf8');

const shipment = JSON.stringify({
  type: 'record',
  name: 'Shipment',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'carrier', type: ['null', { type: 'enum', name: 'Carrier', symbols: ['DHL', 'UPS'] }], default: null },
    { name: 'weight', type: ['null', 'int', 'string'] },
    { name: 'parcels', type: { type: 'array', items: { type: 'record', name: 'Parcel', fields: [{ name: 'code', type: 'string' }, { name: 'dims', type: { type: 'array', items: 'int' } }] } } },
    { name: 'address', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }, { type: 'map', values: 'string' }] },
    { name: 'next', type: ['null', 'Shipment'], default: null },
    { name: 'priority', type: 'int', default: 3 },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
  ],
});

describe('Schema-aware produce: sample values', () => {
  it('an Avro record: every field, enums by first symbol, one item per array and map, unions by their first non-null branch', () => {
    const schema = avroValueSchema(avsc, orderAvsc);
    assert.equal(schema.name, 'shop.orders.OrderPlaced');
    const sample = schema.sample();
    assert.deepEqual(sample, { orderId: 'orderId', customer: 'customer', total: 0, placedAt: 0, lines: [{ sku: 'sku', quantity: 0 }], status: 'PLACED', attributes: { key: 'attributes' }, checksum: '' });
    assert.deepEqual(schema.check(sample), []);
  });

  it('an Avro union whose branches read alike is wrapped, a recursive record ends, simple defaults are kept', () => {
    const schema = avroValueSchema(avsc, shipment);
    const sample = schema.sample() as Record<string, JsonValue>;
    assert.equal(sample.carrier, 'DHL');
    assert.equal(sample.weight, 0);
    assert.deepEqual(sample.parcels, [{ code: 'code', dims: [0] }]);
    // A record and a map both read as objects: the decoder shows this union wrapped, so the sample is too.
    assert.deepEqual(sample.address, { 'shop.Address': { city: 'city' } });
    assert.equal(sample.next, null);
    assert.equal(sample.priority, 3);
    assert.equal(sample.hash, 'AAAAAA==');
    assert.deepEqual(schema.check(sample), []);
  });

  it('a Protobuf message: nested and repeated messages, enums by name, maps with one entry, a oneof by its first member', () => {
    const schema = protobufValueSchema(protobuf, orderProto);
    assert.equal(schema.name, 'shop.orders.OrderPlaced');
    assert.deepEqual(schema.messageIndexes, [0]);
    assert.deepEqual(schema.sample(), { order_id: 'order_id', customer: 'customer', total: 0, placed_at: 0, lines: [{ sku: 'sku', quantity: 0 }], status: 'PLACED', attributes: { key: 'attributes' }, checksum: '' });
    const tree = protobufValueSchema(protobuf, 'syntax = "proto3"; message Node { string name = 1; repeated Node children = 2; oneof payment { string card = 3; int64 points = 4; } }');
    assert.deepEqual(tree.sample(), { name: 'name', card: 'card' });
    assert.deepEqual(tree.check(tree.sample()), []);
  });

  it('a Protobuf type named in settings, nested in another, has its message indexes', () => {
    const text = 'syntax = "proto3"; package p; message A { message Inner { string x = 1; } } message B { message C { string y = 1; } message D { string z = 1; } }';
    assert.deepEqual(protobufValueSchema(protobuf, text, 'p.B.D').messageIndexes, [1, 1]);
    assert.deepEqual(protobufValueSchema(protobuf, text, 'B').messageIndexes, [1]);
    assert.equal(compileProtobuf(protobuf, text).typeAt([1, 1]), 'p.B.D');
  });

  it('a JSON Schema: examples and defaults first, formats, $ref to $defs, required properties, nested arrays, oneOf by its first option', () => {
    const schema = jsonSchemaValue(
      JSON.stringify({
        title: 'Order',
        type: 'object',
        required: ['id', 'lines'],
        properties: {
          id: { type: 'string', examples: ['Order-1'] },
          placedAt: { type: 'string', format: 'date-time' },
          status: { enum: ['PLACED', 'PAID'] },
          lines: { type: 'array', minItems: 1, items: { $ref: '#/$defs/line' } },
          note: { type: ['null', 'string'], maxLength: 3 },
          pay: { oneOf: [{ type: 'object', properties: { card: { type: 'string' } } }, { type: 'integer' }] },
          tree: { $ref: '#' },
        },
        $defs: { line: { type: 'object', properties: { sku: { type: 'string', minLength: 6 }, quantity: { type: 'integer', minimum: 1, default: 2 } } } },
      }),
    );
    assert.equal(schema.name, 'Order');
    const sample = schema.sample() as Record<string, JsonValue>;
    assert.equal(sample.id, 'Order-1');
    assert.equal(sample.placedAt, '2026-01-01T00:00:00Z');
    assert.equal(sample.status, 'PLACED');
    assert.deepEqual(sample.lines, [{ sku: 'skuxxx', quantity: 2 }]);
    assert.equal(sample.note, 'not');
    assert.deepEqual(sample.pay, { card: 'card' });
    assert.ok(typeof sample.tree === 'object', 'a recursive $ref ends');
    assert.deepEqual(schema.check(sample), []);
  });
});

describe('Schema-aware produce: validation', () => {
  it('Avro: the failing path and what was expected, missing fields without default, unknown fields, unions', () => {
    const schema = avroValueSchema(avsc, orderAvsc);
    const value = { orderId: 'Order-1', total: '12', placedAt: 1, lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2.5 }], status: 'LOST', attributes: { a: 1 }, checksum: 'not base64!', extra: true };
    const problems = schema.check(value).map((p) => `${describePath(p.path)}: ${p.message}`);
    assert.deepEqual(problems, [
      'total: expected a double (number), got text "12"',
      'lines[1].quantity: expected an int (32-bit integer), got a number 2.5',
      'status: expected one of PLACED, PAID, SHIPPED (shop.orders.Status), got text "LOST"',
      'attributes.a: expected text, got an integer',
      'checksum: expected bytes as base64 text, got text "not base64!"',
      'extra: shop.orders.OrderPlaced has no field extra (its fields: orderId, customer, total, placedAt, lines, status, attributes, checksum)',
    ]);
    const union = avroValueSchema(avsc, shipment);
    const base = { id: 's', weight: null, parcels: [], address: null, hash: 'AAAAAA==' };
    assert.deepEqual(union.check(base), []);
    assert.deepEqual(union.check({ ...base, weight: 'heavy' }), [], 'a union branch picked by the value');
    assert.deepEqual(union.check({ ...base, weight: { string: 'heavy' } }), [], "Avro's JSON encoding of a union");
    assert.deepEqual(
      union.check({ ...base, weight: true }).map((p) => p.message),
      ['matches no branch of the union (null, int, string): got a boolean true'],
    );
    assert.deepEqual(
      union.check({ id: 's', weight: 1, parcels: [{ code: 'c', dims: [1, 'x'] }], address: { 'shop.Address': { city: 3 } }, hash: 'AAA=' }).map((p) => `${describePath(p.path)}: ${p.message}`),
      ['parcels[0].dims[1]: expected an int (32-bit integer), got text "x"', 'address["shop.Address"].city: expected text, got an integer', 'hash: expected exactly 4 bytes (shop.Hash), got 2'],
    );
    assert.deepEqual(
      union.check({ weight: 1, parcels: [], address: null, hash: 'AAAAAA==' }).map((p) => [p.path, p.message]),
      [[[], 'missing field id (string), which has no default']],
    );
  });

  it('Avro: a long past 2^53 is refused rather than rounded', () => {
    const schema = avroValueSchema(avsc, '{"type":"record","name":"R","fields":[{"name":"n","type":"long"}]}');
    assert.deepEqual(schema.check({ n: '9007199254740993' }).map((p) => p.message), ['"9007199254740993" is past 2^53 and cannot be written exactly as an Avro long here']);
    assert.deepEqual(schema.check({ n: '42' }), []);
  });

  it('Protobuf: unknown fields, scalar ranges, enums, repeated and map values, a oneof set twice', () => {
    const schema = protobufValueSchema(protobuf, orderProto);
    const problems = schema.check({ order_id: 7, total: 'x', placed_at: '99999999999999999999', lines: [{ sku: 'a', quantity: 2 ** 31 }], status: 'LOST', attributes: { a: 1 }, checksum: '%%', nope: 1 });
    assert.deepEqual(
      problems.map((p) => `${describePath(p.path)}: ${p.message}`),
      [
        'order_id: expected text, got an integer',
        'total: expected a double (number), got text "x"',
        'placed_at: expected a int64 (integer from -9223372036854775808 to 9223372036854775807), got text "99999999999999999999"',
        'lines[0].quantity: expected a int32 (integer from -2147483648 to 2147483647), got an integer 2147483648',
        'status: expected one of PLACED, PAID, SHIPPED (Status), got text "LOST"',
        'attributes.a: expected text, got an integer',
        'checksum: expected bytes as base64 text, got text "%%"',
        'nope: OrderPlaced has no field nope (its fields: order_id, customer, total, placed_at, lines, status, attributes, checksum)',
      ],
    );
    assert.deepEqual(schema.check({ lines: {} }).map((p) => p.message), ['expected a list (an array) for the repeated field lines, got an object']);
    const pay = protobufValueSchema(protobuf, 'syntax = "proto3"; message P { oneof payment { string card = 1; int64 points = 2; } }');
    assert.deepEqual(pay.check({ card: 'c', points: 1 }).map((p) => p.message), ['only one of payment (card, points) may be set: card and points are']);
  });

  it('JSON Schema: types, required, additionalProperties, ranges, patterns, oneOf, $ref', () => {
    const schema = jsonSchemaValue(
      JSON.stringify({
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^Order-\\d+$' },
          total: { type: 'number', minimum: 0, exclusiveMaximum: 100 },
          lines: { type: 'array', maxItems: 2, items: { $ref: '#/definitions/line' } },
          pay: { oneOf: [{ type: 'string' }, { type: 'object', required: ['card'], properties: { card: { type: 'string' } } }] },
          tags: { type: 'array', uniqueItems: true },
        },
        definitions: { line: { type: 'object', required: ['sku'], properties: { sku: { type: 'string', minLength: 2 } } } },
      }),
    );
    assert.deepEqual(schema.check({}).map((p) => `${describePath(p.path)}: ${p.message}`), ['the value: missing the required property id']);
    const problems = schema.check({ total: 100, id: 'O-1', lines: [{ sku: 'A' }, {}, { sku: 'BB' }], pay: { card: 1 }, tags: ['a', 'a'], other: 1 });
    assert.deepEqual(
      problems.map((p) => `${describePath(p.path)}: ${p.message}`),
      [
        'total: 100 must be below 100',
        'id: "O-1" does not match the pattern ^Order-\\d+$',
        'lines: 3 items, at most 2 expected',
        'lines[0].sku: text of 1 characters, at least 2 expected',
        'lines[1]: missing the required property sku',
        'pay.card: expected string, got an integer',
        'tags[1]: repeats an earlier item, where items must be unique',
        'other: the property other is not allowed here (allowed: id, total, lines, pay, tags)',
      ],
    );
  });
});

describe('Schema-aware produce: problems placed in the document and bytes the decoders read back', () => {
  const document = ['### an order', 'topic: orders', 'schema: workspace', '', '{', '  "orderId": "Order-1",', '  "total": "12",', '  "lines": [ { "sku": "A", "quantity": 1.5 } ],', '  "status": "PLACED"', '}', ''].join('\n');

  it('each problem underlines the value or the property its path names, a missing field the opening brace', () => {
    const parsed = parseProduceDocument(document);
    assert.deepEqual(parsed.problems, []);
    const [spec] = parsed.messages;
    assert.equal(spec.schema, 'workspace');
    assert.equal(spec.valueStartLine, 5);
    const problems = schemaProblemsOf(spec, { schema: avroValueSchema(avsc, orderAvsc), from: 'order.avsc' });
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.endColumn, p.message]),
      [
        [7, 12, 16, 'total: expected a double (number), got text "12" (shop.orders.OrderPlaced, order.avsc)'],
        [5, 1, 2, 'the value: missing field placedAt (long), which has no default (shop.orders.OrderPlaced, order.avsc)'],
        [8, 40, 43, 'lines[0].quantity: expected an int (32-bit integer), got a number 1.5 (shop.orders.OrderPlaced, order.avsc)'],
        [5, 1, 2, 'the value: missing field attributes (map), which has no default (shop.orders.OrderPlaced, order.avsc)'],
        [5, 1, 2, 'the value: missing field checksum (bytes), which has no default (shop.orders.OrderPlaced, order.avsc)'],
      ],
    );
  });

  it('the schema line: registry, workspace or none; a text format with a schema is refused', () => {
    assert.deepEqual(parseProduceDocument('topic: t\nschema: elsewhere\n\n{}').problems.map((p) => [p.line, p.message]), [[2, 'The schema is registry, workspace or none (got "elsewhere").']]);
    assert.equal(parseProduceDocument('topic: t\nschema: none\n\n{}').messages[0].schema, undefined);
    assert.deepEqual(parseProduceDocument('topic: t\nschema: registry\nformat: text\n\nhello').problems.map((p) => p.line), [2]);
    assert.equal(parseProduceDocument('topic: t\nschema: registry\n\n"a string value"').messages[0].format, 'json');
  });

  it('registry-framed Avro, Protobuf and JSON Schema values read back by the decoders as they were written', () => {
    const order = { orderId: 'Order-1', customer: null, total: 12.5, placedAt: 1767225600000, lines: [{ sku: 'A', quantity: 2 }], status: 'PAID', attributes: { gift: 'yes' }, checksum: 'AQI=' };
    const avro = encodeProduceValue({ schema: avroValueSchema(avsc, orderAvsc), registryId: 42, from: 'registry' }, order);
    const frame = readWireFrame(avro);
    assert.deepEqual(frame?.ref, { id: 42 });
    const decodedAvro = compileAvro(avsc, orderAvsc).decode(avro.subarray(5));
    assert.ok(decodedAvro.ok);
    assert.deepEqual(decodedAvro.value, order);

    const text = 'syntax = "proto3"; package p; message A { string a = 1; } message B { message C { string y = 1; int64 big = 2; repeated int32 n = 3; } }';
    const message = { y: 'why', big: '9223372036854775807', n: [1, 2] };
    const proto = encodeProduceValue({ schema: protobufValueSchema(protobuf, text, 'p.B.C'), registryId: 7, from: 'registry' }, message);
    const indexes = readMessageIndexes(proto, 5);
    assert.ok(!('error' in indexes));
    assert.deepEqual(indexes.indexes, [1, 0]);
    const compiled = compileProtobuf(protobuf, text);
    const decodedProto = compiled.decode(proto.subarray(indexes.next), compiled.typeAt(indexes.indexes));
    assert.ok(decodedProto.ok);
    assert.deepEqual(decodedProto.value, message);

    const first = encodeProduceValue({ schema: protobufValueSchema(protobuf, orderProto), registryId: 7, from: 'registry' }, { order_id: 'x' });
    assert.equal(first[5], 0, 'the file\'s first message: a lone 0');

    const json = encodeProduceValue({ schema: jsonSchemaValue('{"type":"object"}'), registryId: 9, from: 'registry' }, { a: 1 });
    assert.equal(json.subarray(5).toString('utf8'), '{"a":1}');
    assert.throws(() => encodeProduceValue({ schema: jsonSchemaValue('{"type":"array"}'), from: 'x' }, { a: 1 }), /expected array/);
  });
});
