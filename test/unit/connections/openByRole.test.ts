import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Broker } from '../../../src/connectors/broker';
import { KafkaBroker } from '../../../src/connectors/kafka';
import { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import { connectionById, figuresReaderOf, openBrokerOf, openSource, openStoreOf, type Connection } from '../../../src/connections/connection';
import { KafkaClusterConnection } from '../../../src/connections/kafka/kafkaConnection';
import { LocalStoreConnection } from '../../../src/connections/local/localConnection';
import { RabbitBrokerConnection } from '../../../src/connections/rabbitmq/rabbitConnection';
import { readKafkaProfiles } from '../../../src/connections/kafka/kafkaProfile';
import { readRabbitProfiles } from '../../../src/connections/rabbitmq/rabbitProfile';

const SRC = path.join(__dirname, '..', '..', '..', '..', 'src');

/** A broker that never connects anywhere: what the connection hands out is what is asserted. */
function connectsNowhere<B extends Broker>(broker: B): B {
  Object.assign(broker, { connect: () => Promise.resolve() });
  return broker;
}

describe('connections: any source opened the same way, by role', () => {
  let folder: string;
  let connections: Connection[];

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-role-'));
    const [kafkaProfile] = readKafkaProfiles([{ id: 'k1', name: 'Cluster', bootstrapServers: ['127.0.0.1:1'] }]).profiles;
    const [rabbitProfile] = readRabbitProfiles([{ id: 'r1', name: 'Rabbit', amqpUrl: 'amqp://127.0.0.1:1/', managementUrl: 'http://127.0.0.1:2', username: 'u' }]).profiles;
    assert.ok(kafkaProfile && rabbitProfile, 'the test profiles parse');
    connections = [
      new LocalStoreConnection(path.join(folder, 'events.ndjson'), folder),
      new KafkaClusterConnection(kafkaProfile, { secrets: () => Promise.resolve({}), readFiles: () => Promise.resolve({}), createBroker: (options) => connectsNowhere(new KafkaBroker(options)) }),
      new RabbitBrokerConnection(rabbitProfile, { secrets: () => Promise.resolve({ password: 'p' }), readFiles: () => Promise.resolve({}), createBroker: (options) => connectsNowhere(new RabbitBroker(options)) }),
    ];
  });

  after(async () => {
    for (const connection of connections) await connection.close();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('gives an EventStore for a store connection and a Broker for a broker connection, by id alone', async () => {
    const local = await openSource(connectionById(connections, 'local'));
    assert.equal(local.role, 'store');
    assert.equal(local.role === 'store' && local.store.kind, 'local');
    assert.deepEqual(await (local.role === 'store' ? local.store.listAggregateTypes() : []), []);
    const kafka = await openSource(connectionById(connections, 'kafka:k1'));
    assert.equal(kafka.role, 'broker');
    assert.equal(kafka.role === 'broker' && kafka.broker.kind, 'kafka');
    const rabbit = await openBrokerOf(connectionById(connections, 'rabbitmq:r1'));
    assert.equal(rabbit.kind, 'rabbitmq');
    assert.equal(typeof rabbit.browse, 'function');
    assert.equal((await openStoreOf(connectionById(connections, 'local'))).kind, 'local');
  });

  it('reads figures from any connection by its role: a broker is its own reader, a store counts its events', async () => {
    const kafka = await openSource(connectionById(connections, 'kafka:k1'));
    assert.ok(kafka.role === 'broker');
    assert.equal(figuresReaderOf(kafka), kafka.broker);
    const local = await openSource(connectionById(connections, 'local'));
    assert.ok(local.role === 'store');
    await local.store.append('Order-1', 'Order', [{ type: 'Created', data: {} }], 0);
    assert.equal((await figuresReaderOf(local).sampleFigures({ sources: [], groups: [], lagOf: [], events: true })).events, 1);
    const withoutCount = { ...local, store: { ...local.store, sampleFigures: undefined } } as typeof local;
    assert.deepEqual(await figuresReaderOf(withoutCount).sampleFigures({ sources: [], groups: [], lagOf: [], events: true }), { sources: [], groups: [] }, 'a store that counts nothing gives empty figures');
  });

  it('refuses the wrong role and an unknown id with the reason', async () => {
    await assert.rejects(openStoreOf(connectionById(connections, 'kafka:k1')), /Cluster is a broker, not an event store/);
    await assert.rejects(openBrokerOf(connectionById(connections, 'local')), /Local is an event store, not a broker/);
    assert.throws(() => connectionById(connections, 'kafka:gone'), /No saved connection has the id kafka:gone/);
  });

  it('names no connection class with instanceof outside its own kind folders', async () => {
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.endsWith('.ts')) {
          const text = await fs.readFile(full, 'utf8');
          for (const match of text.matchAll(/instanceof (Kafka|Rabbit|Mongo|Local|Ndjson)\w*Connection/g)) {
            const kindFolder = { Kafka: 'kafka', Rabbit: 'rabbitmq', Mongo: 'mongo', Local: 'local', Ndjson: 'ndjson' }[match[1] as 'Kafka'];
            const relative = path.relative(SRC, full).split(path.sep);
            if (relative[1] !== kindFolder) offenders.push(`${relative.join('/')}: ${match[0]}`);
          }
        }
      }
    };
    await walk(SRC);
    assert.deepEqual(offenders, []);
  });
});
