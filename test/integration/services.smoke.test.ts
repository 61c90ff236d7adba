// Proves the test rig (test/services) serves what the connector tests rely on, with each system's own
// driver and nothing of the extension in between. Start the rig first: `npm run services:up`.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import * as amqp from 'amqplib';
import { MongoClient, MongoServerError } from 'mongodb';
import * as ports from '../services/ports';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ports.host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

async function requireServer(name: string, port: number): Promise<void> {
  if (!(await portOpen(port))) {
    throw new Error(`${name} is not listening on ${ports.host}:${port}: run \`npm run services:up\` first`);
  }
}

function getJson(url: string, auth: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { auth, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('test rig: real servers on loopback', function () {
  this.timeout(60_000);

  describe('Kafka', () => {
    before(() => requireServer('Kafka', ports.kafka.port));

    it('produces and consumes one message on a fresh topic', async () => {
      const kafka = new Kafka({ clientId: 'efx-smoke', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING });
      const topic = unique('efx-smoke');
      const admin = kafka.admin();
      const producer = kafka.producer();
      const consumer = kafka.consumer({ groupId: unique('efx-smoke-group') });
      await admin.connect();
      try {
        assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }), true);
        await producer.connect();
        await producer.send({ topic, messages: [{ key: 'order-1', value: '{"type":"OrderCreated"}' }] });

        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        const received = new Promise<{ key: string; value: string }>((resolve, reject) => {
          consumer
            .run({
              eachMessage: ({ message }) => {
                resolve({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
                return Promise.resolve();
              },
            })
            .catch(reject);
        });
        assert.deepEqual(await received, { key: 'order-1', value: '{"type":"OrderCreated"}' });
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
        await admin.disconnect();
      }
    });
  });

  describe('RabbitMQ', () => {
    before(async () => {
      await requireServer('RabbitMQ', ports.rabbitmq.port);
      await requireServer('RabbitMQ management', ports.rabbitmq.managementPort);
    });

    it('publishes and gets one message on a fresh queue, which the management API lists', async () => {
      const connection = await amqp.connect(ports.rabbitmq.url);
      const queue = unique('efx-smoke');
      try {
        const channel = await connection.createConfirmChannel();
        await channel.assertQueue(queue, { durable: false });
        channel.sendToQueue(queue, Buffer.from('{"type":"OrderPaid"}'), { contentType: 'application/json' });
        await channel.waitForConfirms();

        const message = await channel.get(queue, { noAck: false });
        assert.ok(message, 'a message was confirmed, so get() must return it');
        assert.equal(message.content.toString(), '{"type":"OrderPaid"}');
        assert.equal(message.properties.contentType, 'application/json');
        channel.ack(message);

        const auth = `${ports.rabbitmq.username}:${ports.rabbitmq.password}`;
        const found = await getJson(`${ports.rabbitmq.managementUrl}/api/queues/%2F/${queue}`, auth);
        assert.equal(found.status, 200);
        assert.equal((found.body as { name?: unknown }).name, queue);
        const refused = await getJson(`${ports.rabbitmq.managementUrl}/api/overview`, 'guest:wrong');
        assert.equal(refused.status, 401);

        await channel.deleteQueue(queue);
        await channel.close();
      } finally {
        await connection.close();
      }
    });
  });

  describe('FerretDB (MongoDB wire protocol)', () => {
    before(() => requireServer('FerretDB', ports.mongo.port));

    it('inserts and finds one document', async () => {
      const client = new MongoClient(ports.mongo.url, { serverSelectionTimeoutMS: 5000 });
      const collection = client.db('efx_smoke').collection<{ aggregate_id: string; version: number }>(unique('events'));
      try {
        await client.connect();
        await collection.insertOne({ aggregate_id: 'order-1', version: 1 });
        const found = await collection.findOne({ aggregate_id: 'order-1' }, { projection: { _id: 0 } });
        assert.deepEqual(found, { aggregate_id: 'order-1', version: 1 });
      } finally {
        await collection.drop().catch(() => undefined);
        await client.close();
      }
    });
  });

  describe('FerretDB with SCRAM and TLS', () => {
    const { username, password, authSource, port, tlsPort } = ports.mongoAuth;
    const url = (user: string, secret: string, p: number): string =>
      `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(secret)}@${ports.host}:${p}/?authSource=${authSource}&directConnection=true`;

    before(async () => {
      await requireServer('FerretDB (auth)', port);
      await requireServer('FerretDB (TLS)', tlsPort);
    });

    async function ping(uri: string, options: ConstructorParameters<typeof MongoClient>[1] = {}): Promise<void> {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000, ...options });
      try {
        await client.connect();
        const reply = await client.db('admin').command({ ping: 1 });
        assert.equal(reply.ok, 1);
      } finally {
        await client.close();
      }
    }

    it('accepts the right password', async () => {
      await ping(url(username, password, port));
    });

    it('refuses a wrong password with "Authentication failed"', async () => {
      await assert.rejects(ping(url(username, 'not-the-secret', port)), (error: unknown) => {
        assert.ok(error instanceof MongoServerError, `expected a MongoServerError, got ${String(error)}`);
        assert.match(error.message, /Authentication failed/);
        return true;
      });
    });

    it('serves TLS to a client that trusts its CA file', async () => {
      await ping(url(username, password, tlsPort), { tls: true, tlsCAFile: ports.mongoAuthCaFile });
    });

    it('fails TLS for a client without the CA file', async () => {
      await assert.rejects(ping(url(username, password, tlsPort), { tls: true }), /self-signed certificate/);
    });
  });
});
