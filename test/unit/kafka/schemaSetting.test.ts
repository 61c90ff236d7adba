import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readKafkaSchemaSetting, readWorkspaceSchemas } from '../../../src/connections/kafka/schemaSetting';
import { kafkaOptionsOf, readKafkaProfiles } from '../../../src/connections/kafka/kafkaProfile';
import { KafkaClusterConnection } from '../../../src/connections/kafka/kafkaConnection';
import type { KafkaBroker } from '../../../src/connectors/kafka/kafkaBroker';
import type { KafkaConnectionOptions } from '../../../src/connectors/kafka/options';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'schemas');

describe('Kafka schema settings', () => {
  it('reads files and formats, the format from the extension, the part defaulting to the value', () => {
    const { entries, problems } = readKafkaSchemaSetting([
      { topic: 'orders.*', file: 'schemas/order.avsc' },
      { topic: 'payments', file: 'schemas/pay.PROTO', messageType: 'shop.Payment', part: 'key' },
      { topic: 'logs', format: 'text' },
      { topic: 'raw', file: 'x.bin', format: 'avro' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(entries, [
      { topic: 'orders.*', part: 'value', format: 'avro', file: 'schemas/order.avsc' },
      { topic: 'payments', part: 'key', format: 'protobuf', file: 'schemas/pay.PROTO', messageType: 'shop.Payment' },
      { topic: 'logs', part: 'value', format: 'text' },
      { topic: 'raw', part: 'value', format: 'avro', file: 'x.bin' },
    ]);
  });

  it('names each malformed entry and keeps the others', () => {
    const { entries, problems } = readKafkaSchemaSetting([
      { topic: '', file: 'a.avsc' },
      { topic: 'a', file: 'a.json' },
      { topic: 'b' },
      { topic: 'c', format: 'avro' },
      { topic: 'd', format: 'json', messageType: 'X' },
      { topic: 'e', format: 'xml' },
      { topic: 'f', file: 'f.avsc', part: 'both' },
      { topic: 'g', file: 'g.avsc', tpoic: 'typo' },
      'orders',
      { topic: 'ok', file: 'ok.avsc' },
    ]);
    assert.deepEqual(entries, [{ topic: 'ok', part: 'value', format: 'avro', file: 'ok.avsc' }]);
    assert.deepEqual(problems, [
      'Setting "eventFlows.kafka.schemas" entry 1 (topic "") is left out: topic must not be empty.',
      'Setting "eventFlows.kafka.schemas" entry 2 (topic "a") is left out: a.json is neither .avsc nor .proto: say its format.',
      'Setting "eventFlows.kafka.schemas" entry 3 (topic "b") is left out: give a schema file (.avsc or .proto) or a format (json, text or hex).',
      'Setting "eventFlows.kafka.schemas" entry 4 (topic "c") is left out: avro needs a schema file (.avsc).',
      'Setting "eventFlows.kafka.schemas" entry 5 (topic "d") is left out: messageType is for Protobuf schemas only.',
      'Setting "eventFlows.kafka.schemas" entry 6 (topic "e") is left out: format must be avro, protobuf, json, text or hex.',
      'Setting "eventFlows.kafka.schemas" entry 7 (topic "f") is left out: part must be "key" or "value".',
      'Setting "eventFlows.kafka.schemas" entry 8 (topic "g") is left out: unknown field "tpoic": topic, file, format, messageType and part are known.',
      'Setting "eventFlows.kafka.schemas" entry 9 is left out: an entry must be an object such as { "topic": "orders", "file": "schemas/order.avsc" }.',
    ]);
  });

  it('says once that a setting that is no list is not used', () => {
    const bad = readKafkaSchemaSetting({ topic: 't' });
    assert.deepEqual(bad.entries, []);
    assert.match(bad.problems[0], /must be a list/);
  });

  it('reads the files relative to the workspace folder; an unreadable or invalid one is named and left out', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-schemas-'));
    try {
      fs.copyFileSync(path.join(fixtures, 'order.avsc'), path.join(root, 'order.avsc'));
      fs.copyFileSync(path.join(fixtures, 'order.proto'), path.join(root, 'order.proto'));
      fs.writeFileSync(path.join(root, 'broken.avsc'), '{"type":"record","name":"R","fields":[{"name":"a","type":"nope"}]}');
      const { entries } = readKafkaSchemaSetting([
        { topic: 'orders', file: 'order.avsc' },
        { topic: 'protos', file: 'order.proto', messageType: 'OrderCancelled' },
        { topic: 'gone', file: 'missing.avsc' },
        { topic: 'broken', file: 'broken.avsc' },
        { topic: 'wrong-type', file: 'order.proto', messageType: 'Nope' },
        { topic: 'logs', format: 'text' },
      ]);
      const { schemas, problems } = await readWorkspaceSchemas(entries, root);
      assert.deepEqual(schemas.map((s) => [s.topic, s.format, s.file, s.messageType, s.text === undefined ? 0 : s.text.length > 0 ? 1 : -1]), [
        ['orders', 'avro', 'order.avsc', undefined, 1],
        ['protos', 'protobuf', 'order.proto', 'OrderCancelled', 1],
        ['logs', 'text', undefined, undefined, 0],
      ]);
      assert.equal(problems.length, 3);
      assert.match(problems[0], /^Kafka schema missing\.avsc for gone could not be read \(ENOENT\): its values are read without it\.$/);
      assert.match(problems[1], /^Kafka schema broken\.avsc for broken is not valid Avro: .*nope.*\. Its values are read without it\.$/);
      assert.match(problems[2], /^Kafka schema order\.proto for wrong-type is not valid Protobuf: the \.proto file has no message Nope/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a connecting cluster hands the connector the schema files\' text and its registry, with the password from secret storage', async () => {
    const made: KafkaConnectionOptions[] = [];
    const { profiles } = readKafkaProfiles([{ id: 'k1', name: 'K', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: 'http://localhost:8081', username: 'u' } }]);
    const connection = new KafkaClusterConnection(profiles[0], {
      secrets: () => Promise.resolve({ schemaRegistryPassword: 'p' }),
      readFiles: () => Promise.resolve({}),
      readSchemas: (entries) => readWorkspaceSchemas(entries, fixtures).then((read) => read.schemas),
      createBroker: (options) => {
        made.push(options);
        return { connect: () => Promise.resolve(), close: () => Promise.resolve() } as unknown as KafkaBroker;
      },
    });
    connection.schemas = readKafkaSchemaSetting([{ topic: 'orders', file: 'order.avsc' }]).entries;
    await connection.open();
    assert.equal(made.length, 1);
    assert.deepEqual(made[0].decoding?.registry, { url: 'http://localhost:8081', username: 'u', password: 'p' });
    assert.deepEqual(made[0].decoding?.schemas?.map((s) => [s.topic, s.format, s.file, s.text === fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8')]), [['orders', 'avro', 'order.avsc', true]]);
  });

  it('a cluster profile names its registry; the password typed into settings goes to secret storage', () => {
    const result = readKafkaProfiles([
      { id: 'k1', name: 'K', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: 'http://localhost:8081', username: 'u', password: 'p' } },
      { id: 'k2', name: 'K2', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: 'http://user:pw@localhost:8081' } },
    ]);
    assert.equal(result.profiles.length, 1);
    assert.deepEqual(result.profiles[0].schemaRegistry, { url: 'http://localhost:8081', username: 'u' });
    assert.deepEqual(result.withSecrets, [{ id: 'k1', secrets: { schemaRegistryPassword: 'p' } }]);
    assert.match(result.problems.join('\n'), /schemaRegistry\.url must be an http\(s\) URL without credentials/);
    const options = kafkaOptionsOf(result.profiles[0], { schemaRegistryPassword: 'p' });
    assert.deepEqual(options.decoding, { registry: { url: 'http://localhost:8081', username: 'u', password: 'p' } });
  });
});
