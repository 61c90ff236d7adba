// Produce-document schemas that import others: a registry schema's references (Protobuf files, JSON
// Schema documents) compiled with the schema, as the decoders compile them.
import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { readMessageIndexes, readWireFrame } from '../../../src/connectors/kafka/decoding/wireFormat';
import { compileProtobuf } from '../../../src/connectors/kafka/decoding/protobufDecoder';
import { jsonSchemaValue } from '../../../src/connectors/kafka/produceSchemas/jsonSchemaValue';
import { encodeProduceValue } from '../../../src/connectors/kafka/produceSchemas/produceValue';
import { protobufValueSchema } from '../../../src/connectors/kafka/produceSchemas/protobufValueSchema';
import { describePath } from '../../../src/connectors/kafka/produceSchemas/valueSchema';

const currencyProto = 'syntax = "proto3";\npackage shop.common;\nenum Currency { CURRENCY_UNSET = 0; EUR = 1; USD = 2; }\n';
const moneyProto = 'syntax = "proto3";\npackage shop.orders;\nimport "shop/common/currency.proto";\nmessage Money { shop.common.Currency currency = 1; int64 cents = 2; }\n';
const paymentProto = [
  'syntax = "proto3";',
  'package shop.orders;',
  'import "shop/orders/money.proto";',
  'import "google/protobuf/timestamp.proto";',
  'message PaymentRefused { string order_id = 1; }',
  'message PaymentTaken { string order_id = 1; Money amount = 2; google.protobuf.Timestamp at = 3; }',
].join('\n');
const protoImports = new Map([
  ['shop/orders/money.proto', moneyProto],
  ['shop/common/currency.proto', currencyProto],
]);

describe('Schema-aware produce: schemas that import others', () => {
  it('Protobuf: types from an import of an import and a well-known type are sampled, checked and encoded; indexes count the file\'s own messages', () => {
    const schema = protobufValueSchema(protobuf, paymentProto, 'PaymentTaken', protoImports);
    assert.equal(schema.name, 'shop.orders.PaymentTaken');
    // Money (imported into the same package) is not counted: PaymentTaken is the file's second message.
    assert.deepEqual(schema.messageIndexes, [1]);
    assert.deepEqual(schema.sample(), { order_id: 'order_id', amount: { currency: 'CURRENCY_UNSET', cents: 0 }, at: { seconds: 0, nanos: 0 } });
    assert.deepEqual(
      schema.check({ order_id: 'o', amount: { currency: 'GBP', cents: 'x' }, at: { seconds: 1, nanoz: 1 } }).map((p) => `${describePath(p.path)}: ${p.message}`),
      [
        'amount.currency: expected one of CURRENCY_UNSET, EUR, USD (Currency), got text "GBP"',
        'amount.cents: expected a int64 (integer from -9223372036854775808 to 9223372036854775807), got text "x"',
        'at.nanoz: Timestamp has no field nanoz (its fields: seconds, nanos)',
      ],
    );
    const value = { order_id: 'Order-9', amount: { currency: 'USD', cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } };
    const framed = encodeProduceValue({ schema, registryId: 42, from: 'registry' }, value);
    const frame = readWireFrame(framed);
    assert.ok(frame && 'id' in frame.ref && frame.ref.id === 42);
    const indexes = readMessageIndexes(framed, frame.offset);
    assert.ok(!('error' in indexes));
    assert.deepEqual(indexes.indexes, [1]);
    const reader = compileProtobuf(protobuf, paymentProto, undefined, protoImports);
    const decoded = reader.decode(framed.subarray(indexes.next), reader.typeAt(indexes.indexes));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
    assert.deepEqual(decoded.value, value);
  });

  it('Protobuf: an import that was not given is named in the reason', () => {
    assert.throws(() => protobufValueSchema(protobuf, paymentProto, 'PaymentTaken', new Map([['shop/orders/money.proto', moneyProto]])), /shop\/common\/currency\.proto.*not given/);
  });

  it('JSON Schema: $refs to referenced documents by name, with a fragment, and their own refs within them', () => {
    const address = JSON.stringify({ $defs: { City: { type: 'string', minLength: 2 } }, type: 'object', properties: { city: { $ref: '#/$defs/City' } }, required: ['city'] });
    const customer = JSON.stringify({ type: 'object', properties: { name: { type: 'string' }, address: { $ref: 'address.json' } }, required: ['name', 'address'] });
    const order = JSON.stringify({ title: 'Order', type: 'object', properties: { customer: { $ref: 'customer.json' }, city: { $ref: 'address.json#/$defs/City' } }, required: ['customer'] });
    // A registry's names are data: one named like Object.prototype's key stays a name.
    const imports = new Map([['customer.json', customer], ['address.json', address], ['__proto__', '{"type":"null"}']]);
    const schema = jsonSchemaValue(order, imports);
    assert.equal(schema.name, 'Order');
    const sample = schema.sample();
    assert.deepEqual(schema.check(sample), []);
    assert.deepEqual(sample, { customer: { name: 'name', address: { city: 'city' } }, city: 'city' });
    assert.deepEqual(
      schema.check({ customer: { name: 1, address: { city: 'x' } }, city: 'y' }).map((p) => `${describePath(p.path)}: ${p.message}`),
      ['customer.name: expected string, got an integer', 'customer.address.city: text of 1 characters, at least 2 expected', 'city: text of 1 characters, at least 2 expected'],
    );
    assert.match(jsonSchemaValue(JSON.stringify({ $ref: 'missing.json' }), imports).check({})[0]?.message ?? '', /\$ref missing\.json is outside this schema/);
  });

  it('JSON Schema: $refs resolve as URIs against the nearest $id, to imports by their $id, embedded resources and anchors', () => {
    // The registry names this document "address-v2"; it is referred to only by its $id.
    const address = JSON.stringify({ $id: 'https://shop.example/schemas/address.json', $defs: { City: { type: 'string', minLength: 2 } }, type: 'object', properties: { city: { $ref: '#/$defs/City' } }, required: ['city'] });
    // Its relative ref resolves against its own $id, not against the root's.
    const customer = JSON.stringify({ $id: 'https://shop.example/schemas/people/customer.json', type: 'object', properties: { name: { type: 'string' }, home: { $ref: '../address.json' } }, required: ['name', 'home'] });
    const order = JSON.stringify({
      $id: 'https://shop.example/schemas/order.json',
      title: 'Order',
      type: 'object',
      $defs: {
        // An embedded resource: its own `#/...` refs point into it.
        Money: { $id: 'money.json', $defs: { Cents: { type: 'integer', minimum: 0 } }, type: 'object', properties: { cents: { $ref: '#/$defs/Cents' } }, required: ['cents'] },
        Sku: { $anchor: 'sku', type: 'string', pattern: '^SKU-', default: 'SKU-1' },
        Note: { $id: '#note', type: 'string', maxLength: 5 },
      },
      properties: {
        customer: { $ref: 'https://shop.example/schemas/people/customer.json' },
        total: { $ref: 'money.json' },
        sku: { $ref: '#sku' },
        note: { $ref: 'order.json#note' },
        // A property named like a keyword is a schema; `const`'s value is data and keeps its $ref.
        default: { $ref: 'https://shop.example/schemas/money.json#/$defs/Cents' },
        marker: { const: { $ref: 'people/customer.json' } },
      },
      required: ['customer', 'total', 'sku', 'default'],
    });
    const imports = new Map([['people/customer.json', customer], ['address-v2', address]]);
    const schema = jsonSchemaValue(order, imports);
    assert.deepEqual(schema.check({ customer: { name: 'Ada', home: { city: 'Oslo' } }, total: { cents: 5 }, sku: 'SKU-1', note: 'hi', default: 0, marker: { $ref: 'people/customer.json' } }), []);
    assert.deepEqual(
      schema.check({ customer: { name: 'Ada', home: { city: 'O' } }, total: { cents: -1 }, sku: 'X', note: 'too long', default: -2, marker: { $ref: 'x' } }).map((p) => `${describePath(p.path)}: ${p.message}`),
      [
        'customer.home.city: text of 1 characters, at least 2 expected',
        'total.cents: -1 is below the minimum 0',
        'sku: "X" does not match the pattern ^SKU-',
        'note: text of 8 characters, at most 5 expected',
        'default: -2 is below the minimum 0',
        'marker: expected {"$ref":"people/customer.json"}, got {"$ref":"x"}',
      ],
    );
    assert.deepEqual(schema.check(schema.sample()), []);
  });

  it('JSON Schema: a ref by URL to a document not given, an unknown anchor and a pointer through Object\'s members are said, not followed', () => {
    const at = (schemaText: object, imports = new Map<string, string>()) => jsonSchemaValue(JSON.stringify(schemaText), imports).check({ a: 1 })[0]?.message ?? '';
    assert.match(at({ $id: 'https://shop.example/o.json', properties: { a: { $ref: 'https://elsewhere.example/x.json' } } }), /\$ref https:\/\/elsewhere\.example\/x\.json is outside this schema/);
    assert.match(at({ properties: { a: { $ref: '#nowhere' } } }), /\$ref #nowhere points at nothing/);
    assert.match(at({ properties: { a: { $ref: '#/__proto__' } } }), /\$ref #\/__proto__ points at nothing/);
    assert.match(at({ properties: { a: { $ref: '#/constructor' } } }), /\$ref #\/constructor points at nothing/);
    assert.match(at({ properties: { a: { $ref: '#/%E0%A4%A' } } }), /is no JSON Pointer/);
  });

  it('JSON Schema: a ref that loops back without reading into the value, or shared refs that branch past the cap, stop the check and say so', () => {
    const loop = 'checking stopped: the schema refers back to itself here without reading further into the value';
    for (const looping of [{ allOf: [{ $ref: '#' }] }, { anyOf: [{ $ref: '#' }] }, { not: { $ref: '#' } }, { $defs: { a: { allOf: [{ $ref: '#/$defs/b' }] }, b: { oneOf: [{ $ref: '#/$defs/a' }] } }, $ref: '#/$defs/a' }]) {
      const schema = jsonSchemaValue(JSON.stringify(looping));
      const messages = schema.check({ a: 1 }).map((p) => p.message);
      assert.ok(messages[messages.length - 1]?.startsWith(loop), `${JSON.stringify(looping)}: ${JSON.stringify(messages)}`);
      assert.doesNotThrow(() => schema.sample());
    }
    // A recursive schema that reads deeper each time is no loop.
    const tree = jsonSchemaValue(JSON.stringify({ type: 'object', properties: { child: { $ref: '#' }, name: { type: 'string' } } }));
    assert.deepEqual(tree.check({ name: 'a', child: { name: 'b', child: { name: 'c' } } }), []);
    assert.deepEqual(tree.check({ child: { child: { name: 3 } } }).map((p) => describePath(p.path)), ['child.child.name']);
    // 2^40 evaluations if followed: each level's two branches share the next level.
    const $defs: Record<string, object> = { l40: { type: 'string' } };
    for (let i = 0; i < 40; i++) $defs[`l${i}`] = { anyOf: [{ $ref: `#/$defs/l${i + 1}` }, { allOf: [{ $ref: `#/$defs/l${i + 1}` }] }] };
    const costly = jsonSchemaValue(JSON.stringify({ $defs, $ref: '#/$defs/l0' }));
    const problems = costly.check(7);
    assert.equal(problems.length > 0 && problems[problems.length - 1].message.startsWith('checking stopped: this schema takes more than 200,000 evaluations'), true, JSON.stringify(problems.slice(-1)));
    assert.doesNotThrow(() => costly.sample());
  });

  it('JSON Schema: names of Object\'s members are properties like any other (required, declared, additional)', () => {
    const schema = jsonSchemaValue(JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['toString'], additionalProperties: false }));
    assert.deepEqual(
      schema.check({ name: 'a', constructor: 1 }).map((p) => `${describePath(p.path)}: ${p.message}`),
      ['the value: missing the required property toString', 'constructor: the property constructor is not allowed here (allowed: name)'],
    );
  });
});
