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
});
