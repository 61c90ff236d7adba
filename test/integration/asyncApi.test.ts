// AsyncAPI against the real servers: a document written from a small topology (a Kafka topic; a RabbitMQ
// topic exchange routing to a stream) validates, and read back it matches the live channels with no flag;
// a message whose payload breaks the schema is then flagged with its path, and a channel only the document
// names is flagged as missing.
import { strict as assert } from 'node:assert';
import type * as amqp from 'amqplib';
import { checkFlow } from '../../src/core/asyncapi/flowCheck';
import { describeFlow } from '../../src/core/asyncapi/flowDocument';
import { asyncApiText, parseAsyncApi } from '../../src/connectors/reads/asyncapi/asyncApiText';
import { declaredFlowOf, payloadValidator } from '../../src/connectors/reads/asyncapi/declaredFlow';
import { liveChannelsOf, sampleFlow, type BrokerToSample } from '../../src/connectors/reads/asyncapi/flowSampling';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import * as ports from '../services/ports';
import { KafkaFixture, uniqueName } from './support/kafkaFixture';
import { RabbitFixture } from './support/rabbitFixture';

describe('AsyncAPI from and against the real servers', function () {
  this.timeout(120_000);
  const kafka = new KafkaFixture();
  const rabbit = new RabbitFixture();
  const vhost = uniqueName('efx-it-asyncapi');
  let raw: amqp.ChannelModel | undefined;
  let topic = '';
  let brokers: BrokerToSample[] = [];
  const ours = new Set<string>();

  const order = (i: number) => ({ order_id: `Order-${i}`, status: ['NEW', 'PAID'][i % 2], total: i * 10, at: new Date(Date.UTC(2026, 11, 1, 9, i)).toISOString() });

  before(async function () {
    raw = await openTestVhost(this, 'AsyncAPI', vhost);
    await kafka.start();
    await rabbit.start();
    topic = await kafka.topic('efx-it-asyncapi', 1);
    const producer = kafka.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 8 }, (_, i) => ({ value: JSON.stringify(order(i)), headers: { event_type: 'OrderCreated', correlation_id: `c-${i}` } })) });
    await producer.disconnect();
    const channel = await raw.createConfirmChannel();
    await channel.assertExchange('shop', 'topic', { durable: true });
    await channel.assertQueue('shop.events', { durable: true, arguments: { 'x-queue-type': 'stream' } });
    await channel.bindQueue('shop.events', 'shop', 'order.#');
    for (let i = 0; i < 6; i++) channel.publish('shop', 'order.paid', Buffer.from(JSON.stringify({ order_id: `Order-${i}`, paid: true })), { type: 'OrderPaid', correlationId: `c-${i}`, contentType: 'application/json' });
    await channel.waitForConfirms();
    await channel.close();
    for (const name of [topic, 'shop', 'shop.events']) ours.add(name);
    brokers = [
      { connectionId: 'kafka-rig', label: 'kafka rig', broker: kafka.broker() },
      { connectionId: 'rabbit-rig', label: 'rabbit rig', broker: rabbit.broker({ amqpUrl: `amqp://${ports.host}:${ports.rabbitmq.port}/${encodeURIComponent(vhost)}` }) },
    ];
  });
  after(async () => {
    await raw?.close().catch(() => undefined);
    await rabbit.dispose();
    await kafka.dispose();
    await deleteTestVhost(vhost);
  });

  const sample = () => sampleFlow(brokers, { only: (channel) => ours.has(channel.name) });

  it('writes a document that validates and, read back, matches the live channels with no flag', async () => {
    const sampled = await sample();
    const document = describeFlow({ title: 'it', connections: sampled.connections, messages: sampled.messages, unsampled: sampled.unsampled });
    const parsed = await parseAsyncApi(await asyncApiText(document, 'yaml'));
    assert.ok(!('problems' in parsed), JSON.stringify('problems' in parsed ? parsed.problems : []));
    const declared = declaredFlowOf(parsed.document, 'asyncapi.yaml');
    assert.deepEqual(declared.channels.map((c) => c.address).sort(), [topic, 'shop', 'shop.events'].sort());
    const topicMessages = declared.channels.find((c) => c.address === topic)?.messages;
    assert.deepEqual(topicMessages?.map((m) => m.name), ['OrderCreated']);
    assert.deepEqual((topicMessages?.[0].payload as { required?: string[] }).required, ['at', 'order_id', 'status', 'total']);
    const check = checkFlow([declared], liveChannelsOf(sampled), await payloadValidator());
    assert.deepEqual(check.channels.filter((c) => c.missing).map((c) => c.declared.address), []);
    assert.deepEqual(check.undeclared, []);
    assert.deepEqual(check.channels.flatMap((c) => c.mismatches), []);
    assert.deepEqual(check.channels.find((c) => c.declared.address === topic)?.live.map((l) => [l.connectionLabel, l.messages, l.sampled]), [['kafka rig', 8, 8]]);
    assert.equal(check.channels.find((c) => c.declared.address === 'shop.events')?.live[0].sampled, 6);

    // A producer that starts writing totals as text, and a document that names a topic no broker has.
    const producer = kafka.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: JSON.stringify({ ...order(9), total: 'ninety' }), headers: { event_type: 'OrderCreated' } }] });
    await producer.disconnect();
    const after = await sample();
    const withGhost = { ...declared, channels: [...declared.channels, { key: 'ghost', address: 'orders.ghost', operations: [], messages: [] }] };
    const flagged = checkFlow([withGhost], liveChannelsOf(after), await payloadValidator());
    const mismatch = flagged.channels.flatMap((c) => c.mismatches);
    assert.equal(mismatch.length, 1);
    assert.deepEqual([mismatch[0].channel, mismatch[0].count, mismatch[0].failure.path, mismatch[0].failure.message, mismatch[0].against], [topic, 1, '/total', 'must be integer', 'OrderCreated']);
    assert.equal((mismatch[0].example.data as { total?: unknown }).total, 'ninety');
    assert.deepEqual(flagged.channels.filter((c) => c.missing).map((c) => c.declared.address), ['orders.ghost']);
  });

  it('flags a topic that carries traffic when no document declares it', async () => {
    const sampled = await sample();
    const check = checkFlow([], liveChannelsOf(sampled), await payloadValidator());
    assert.deepEqual(check.undeclared.map((c) => c.name).sort(), [topic, 'shop.events'].sort());
  });
});
