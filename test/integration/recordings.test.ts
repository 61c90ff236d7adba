// Recordings in the one format: a Kafka tail published again byte for byte, and recordings crossing between Kafka and RabbitMQ.
import { strict as assert } from 'node:assert';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { FlowEvent } from '../../src/core/envelope';
import { recordedRecord, kafkaRecordingHeader } from '../../src/connectors/kafka/kafkaRecording';
import { recordMessages } from '../../src/connectors/rabbitmq/recording';
import { readRecording, writeRecording, type Recording } from '../../src/connectors/recordings/recordingFormat';
import { messagesToPublish } from '../../src/connectors/recordings/recordingPublish';
import { waitUntil } from '../support/waits';
import { kafkaSuite, uniqueName as uniqueKafkaName } from './support/kafkaFixture';
import { RabbitFixture, uniqueName as uniqueRabbitName } from './support/rabbitFixture';

interface RawRecord {
  key: string | null;
  value: string | null;
  /** [name, base64] in the order kafkajs hands them over (a repeated name's values in order). */
  headers: [string, string][];
}

const hex = (b: Buffer | null | undefined): string | null => (b === null || b === undefined ? null : b.toString('hex'));

function rawHeaders(headers: IHeaders | undefined): [string, string][] {
  const list: [string, string][] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) list.push([name, Buffer.from(one).toString('hex')]);
  }
  return list;
}

const BINARY_KEY = Buffer.from([0xff, 0x00, 0xfe]);
const PRETTY_JSON = '{ "order" :  1,\n  "items": [ ] }';
const BINARY_VALUE = Buffer.from([0x00, 0xc3, 0x28, 0xff, 0x0a, 0x41]);
const BOM_TEXT = Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]);

describe('Recordings, one format for both brokers', function () {
  this.timeout(180_000);
  const suite = kafkaSuite();
  const { fixture } = suite;
  const rabbit = new RabbitFixture();
  before(() => rabbit.start());
  after(() => rabbit.dispose());

  /** Every record of a one-partition topic, exactly as the broker holds it, read by a bare kafkajs consumer. */
  async function readRaw(topic: string, count: number): Promise<RawRecord[]> {
    const groupId = uniqueKafkaName('efx-it-recording-check');
    const consumer = fixture.kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachMessage: ({ message }) => Promise.resolve(void seen.push(message)) });
      await waitUntil(`${count} records of ${topic}`, () => Promise.resolve(seen.length), (n) => n >= count, 60_000);
    } finally {
      await consumer.disconnect();
      await fixture.admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return seen.map((m) => ({ key: hex(m.key), value: hex(m.value), headers: rawHeaders(m.headers) }));
  }

  async function tailToRecording(topic: string, count: number): Promise<string> {
    const seen: FlowEvent[] = [];
    const controller = new AbortController();
    const tail = suite.broker.tail({ source: topic, start: { from: 'beginning' }, signal: controller.signal }, { keepBytes: true, onEvents: (events) => seen.push(...events) });
    await waitUntil(`the tail of ${topic}`, () => Promise.resolve(seen.length), (n) => n >= count, 60_000);
    controller.abort();
    await tail;
    return writeRecording({ header: kafkaRecordingHeader(topic, 'rig'), messages: seen.map(recordedRecord) });
  }

  function read(text: string): Recording {
    const { recording, problems } = readRecording(text);
    assert.deepEqual(problems, []);
    assert.ok(recording);
    return recording;
  }

  it('a recorded Kafka tail is published again byte for byte: keys, headers in order with repeats, values, null key and value', async () => {
    const source = await fixture.topic('efx-it-rec-source');
    const target = await fixture.topic('efx-it-rec-target');
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: source,
        acks: -1,
        messages: [
          { key: 'order-1', value: PRETTY_JSON, headers: { 'event-type': 'OrderCreated', tag: ['a', 'b', 'a'], trace: Buffer.from([0x00, 0xff]) } },
          { key: null, value: 'plain text, no key' },
          { key: BINARY_KEY, value: BINARY_VALUE, headers: { empty: '' } },
          { key: 'order-1', value: null },
          { key: '', value: '' },
          { key: 'bom', value: BOM_TEXT, headers: { 'ünïcode': 'välue\u2028line' } },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const original = await readRaw(source, 6);
    const text = await tailToRecording(source, 6);
    // The file is edited by people: one header line, one message a line.
    assert.equal(text.trim().split('\n').length, 7);
    const recording = read(text);
    assert.equal(recording.messages[3].value, null, 'the tombstone stays null, not empty');
    assert.equal(recording.messages[1].key, null, 'no key stays no key');
    assert.deepEqual(recording.messages[4].key, { text: '' }, 'an empty key stays empty');
    assert.deepEqual(recording.messages[2].value, { base64: BINARY_VALUE.toString('base64') });
    assert.deepEqual(recording.messages[0].value, { text: PRETTY_JSON }, 'JSON is kept as it was written, spaces and all');

    const { messages, notCarried } = messagesToPublish(recording, suite.broker.kind);
    assert.ok(notCarried.some((note) => note.includes('timestamps')));
    await suite.broker.publish({ name: target }, messages);
    assert.deepEqual(await readRaw(target, 6), original);
  });

  it('a Kafka recording goes to a RabbitMQ exchange: key as routing key, headers and bytes kept; a tombstone is refused', async () => {
    const topic = await fixture.topic('efx-it-rec-to-rabbit');
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'order.created', value: PRETTY_JSON, headers: { tenant: 'acme', raw: Buffer.from([0x01, 0xfe]) } }, { key: 'order.paid', value: BINARY_VALUE }, { key: 'order.gone', value: null }] });
    } finally {
      await producer.disconnect();
    }
    const recording = read(await tailToRecording(topic, 3));
    const exchange = rabbit.track('exchange', uniqueRabbitName('efx-it-rec-x'));
    const queue = await rabbit.queue(uniqueRabbitName('efx-it-rec-q'));
    await rabbit.channel(async (ch) => {
      await ch.assertExchange(exchange, 'topic', { durable: false });
      await ch.bindQueue(queue, exchange, 'order.#');
    });
    const broker = rabbit.broker();
    const all = messagesToPublish(recording, broker.kind);
    await assert.rejects(broker.publish({ name: exchange }, all.messages), /message 3: .*no value \(null/);
    assert.equal(await rabbit.ready(queue), 0, 'a refused batch sends nothing');

    await broker.publish({ name: exchange }, all.messages.slice(0, 2));
    assert.equal(await rabbit.waitForReady(queue, 2), 2);
    const got = await rabbit.channel(async (ch) => {
      const out = [];
      for (let i = 0; i < 2; i++) {
        const message = await ch.get(queue, { noAck: true });
        assert.ok(message);
        out.push(message);
      }
      return out;
    });
    assert.deepEqual(got.map((m) => m.fields.routingKey), ['order.created', 'order.paid']);
    assert.equal(got[0].content.toString('hex'), Buffer.from(PRETTY_JSON).toString('hex'));
    assert.equal(got[1].content.toString('hex'), BINARY_VALUE.toString('hex'));
    assert.equal(got[0].properties.headers?.tenant, 'acme');
    assert.equal(Buffer.from(got[0].properties.headers?.raw as Buffer).toString('hex'), '01fe');
  });

  it('a RabbitMQ recording goes to a Kafka topic: routing key as key, headers and bytes kept, AMQP properties named as not carried', async () => {
    const queue = await rabbit.queue(uniqueRabbitName('efx-it-rec-peeked'));
    await rabbit.fill(queue, [Buffer.from(PRETTY_JSON), BINARY_VALUE], (i) => ({ headers: { tenant: `t${i}`, seq: `${i}` }, messageId: `m${i}`, contentType: 'application/json' }));
    const broker = rabbit.broker();
    const outcome = await broker.peek(queue, { limit: 10, maxBodyBytes: Number.POSITIVE_INFINITY });
    assert.equal(outcome.messages.length, 2);
    const recording = read(recordMessages(outcome.messages, '/', { connection: 'rig', queue }));
    const topic = await fixture.topic('efx-it-rec-from-rabbit');
    const { messages, notCarried } = messagesToPublish(recording, suite.broker.kind);
    assert.ok(notCarried.some((note) => note.includes('messageId') && note.includes('contentType')), notCarried.join('; '));
    assert.ok(messages.every((m) => m.properties === undefined), 'AMQP properties never reach Kafka');
    await suite.broker.publish({ name: topic }, messages);
    const back = await readRaw(topic, 2);
    const hexOf = (text: string) => Buffer.from(text).toString('hex');
    assert.deepEqual(back, [
      { key: hexOf(queue), value: hexOf(PRETTY_JSON), headers: [['tenant', hexOf('t0')], ['seq', hexOf('0')]] },
      { key: hexOf(queue), value: BINARY_VALUE.toString('hex'), headers: [['tenant', hexOf('t1')], ['seq', hexOf('1')]] },
    ]);
    assert.equal(await rabbit.ready(queue), 2, 'recording left the queue as it was');
  });
});
