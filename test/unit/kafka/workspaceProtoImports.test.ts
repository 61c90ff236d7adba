// Workspace `.proto` files that import other workspace files: found relative to the importing file and to the
// workspace folder, Google's well-known types built in, and never read from outside the folder.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { readKafkaSchemaSetting, readWorkspaceSchemas } from '../../../src/connections/kafka/schemaSetting';
import { compileProtobuf } from '../../../src/connectors/kafka/decoding/protobufDecoder';
import { compileValueSchema } from '../../../src/connectors/kafka/produceSchemas/produceValue';

const currencyProto = 'syntax = "proto3";\npackage shop.common;\nenum Currency { CURRENCY_UNSET = 0; EUR = 1; USD = 2; }\n';
// Imported relative to the workspace folder, from a file in another folder.
const moneyProto = 'syntax = "proto3";\npackage shop.orders;\nimport "shop/common/currency.proto";\nmessage Money { shop.common.Currency currency = 1; int64 cents = 2; }\n';
// Imports money.proto relative to itself, and a well-known type.
const paymentProto = 'syntax = "proto3";\npackage shop.orders;\nimport "money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage PaymentTaken { string order_id = 1; Money amount = 2; google.protobuf.Timestamp at = 3; }\n';

describe('Workspace .proto files that import other workspace files', () => {
  let scratch: string;
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const read = async (file: string) => readWorkspaceSchemas(readKafkaSchemaSetting([{ topic: 'payments', file }]).entries, root);

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-proto-imports-'));
    root = path.join(scratch, 'workspace');
    write('shop/common/currency.proto', currencyProto);
    write('schemas/money.proto', moneyProto);
    write('schemas/payment.proto', paymentProto);
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('imports relative to the importing file and to the folder, an import of an import and a well-known type decode and produce', async () => {
    const { schemas, problems } = await read('schemas/payment.proto');
    assert.deepEqual(problems, []);
    const schema = schemas[0];
    assert.ok(schema?.text && schema.imports);
    assert.deepEqual([...schema.imports.keys()], ['money.proto', 'shop/common/currency.proto']);
    const value = { order_id: 'Order-9', amount: { currency: 'USD', cents: 1250 }, at: { seconds: 1_767_225_600, nanos: 5 } };
    const produce = await compileValueSchema({ format: 'protobuf', text: schema.text, imports: schema.imports });
    assert.deepEqual(produce.check(value), []);
    const decoded = compileProtobuf(protobuf, schema.text, undefined, schema.imports).decode(produce.encode(value));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
    assert.deepEqual(decoded.value, value);
  });

  it('an import leading outside the workspace folder is refused with a clear message, never read', async () => {
    fs.writeFileSync(path.join(scratch, 'secret.proto'), 'syntax = "proto3"; message Secret { string s = 1; }');
    write('schemas/escape.proto', 'syntax = "proto3";\nimport "../../secret.proto";\nmessage Escape { Secret s = 1; }\n');
    const escaped = await read('schemas/escape.proto');
    assert.deepEqual(escaped.schemas, []);
    assert.equal(escaped.problems.length, 1);
    assert.match(escaped.problems[0], /schemas\/escape\.proto imports "\.\.\/\.\.\/secret\.proto", which is outside the workspace folder .*: refused/);

    write('schemas/etc.proto', 'syntax = "proto3";\nimport "../../etc/x.proto";\nmessage M { string s = 1; }\n');
    assert.match((await read('schemas/etc.proto')).problems[0] ?? '', /"\.\.\/\.\.\/etc\/x\.proto", which is outside the workspace folder .*: refused/);
    write('schemas/absolute.proto', `syntax = "proto3";\nimport ${JSON.stringify(path.join(scratch, 'secret.proto'))};\nmessage M { string s = 1; }\n`);
    assert.match((await read('schemas/absolute.proto')).problems[0] ?? '', /outside the workspace folder .*: refused/);
  });

  it('a link inside the folder that points outside it is refused too', async function () {
    fs.writeFileSync(path.join(scratch, 'secret.proto'), 'syntax = "proto3"; message Secret { string s = 1; }');
    try {
      fs.symlinkSync(path.join(scratch, 'secret.proto'), path.join(root, 'schemas', 'linked.proto'));
    } catch {
      this.skip();
    }
    write('schemas/link.proto', 'syntax = "proto3";\nimport "linked.proto";\nmessage M { Secret s = 1; }\n');
    assert.match((await read('schemas/link.proto')).problems[0] ?? '', /"linked\.proto", which is outside the workspace folder .*: refused/);
  });

  it('an import found nowhere says where it was looked for; imports that loop end', async () => {
    write('schemas/lost.proto', 'syntax = "proto3";\nimport "nowhere.proto";\nmessage M { string s = 1; }\n');
    assert.match((await read('schemas/lost.proto')).problems[0] ?? '', /imports "nowhere\.proto", which is not in the workspace folder \(looked for schemas\/nowhere\.proto and nowhere\.proto\)/);
    write('schemas/a.proto', 'syntax = "proto3";\npackage loop;\nimport "b.proto";\nmessage A { B b = 1; }\n');
    write('schemas/b.proto', 'syntax = "proto3";\npackage loop;\nimport "a.proto";\nmessage B { string s = 1; }\n');
    const looped = await read('schemas/a.proto');
    assert.deepEqual(looped.problems, []);
    assert.deepEqual([...(looped.schemas[0]?.imports?.keys() ?? [])], ['b.proto']);
  });
});
