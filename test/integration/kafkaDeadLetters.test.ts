// Dead-letter topics on the real broker: a Spring-style and a Connect-style DLT built here with their exact
// headers, detected by sampling, re-published after a dry run: bytes kept, later arrivals untouched.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka, Message } from 'kafkajs';
import { REPUBLISH_COUNT_HEADER, positionKey } from '../../src/connectors/kafka';
import { kafkaSuite } from './support/kafkaFixture';

interface RawCopy {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer][];
}

function headerList(headers: IHeaders | undefined): [string, Buffer][] {
  const list: [string, Buffer][] = [];
  for (const [key, raw] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(raw) ? raw : [raw]) if (one !== undefined) list.push([key, Buffer.isBuffer(one) ? one : Buffer.from(one)]);
  }
  return list;
}

/** Every record of a topic as bytes, read by a plain consumer (not the code under test). */
async function readRaw(kafka: Kafka, admin: Admin, topic: string, expected: number, settleMs = 1500): Promise<RawCopy[]> {
  const groupId = `efx-it-dlt-check-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const copies: RawCopy[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        copies.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: headerList(message.headers) });
        last = Date.now();
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 60_000;
    // Past the expected count, wait a little longer: a duplicate or an extra copy must show.
    while (Date.now() < deadline && (copies.length < expected || Date.now() - last < settleMs)) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return copies.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
function int64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
}

describe('Kafka dead-letter topics', function () {
  this.timeout(180_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('a Spring-style DLT: detected, dry run by partition and offset, re-published byte for byte to the original partitions; later arrivals untouched', async () => {
    const origin = await fixture.topic('efx-it-orders', 3);
    const dlt = await fixture.topic('efx-it-orders-dlt', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    const letters: (Message & { partition: number })[] = [];
    for (let i = 0; i < 12; i += 1) {
      letters.push({
        partition: i % 2,
        key: i === 3 ? null : i === 5 ? Buffer.from([0x00, 0xff, 0x80]) : Buffer.from(`order-${i}`),
        value: i === 7 ? Buffer.from([0xde, 0xad, 0x00, 0xbe, 0xef]) : Buffer.from(JSON.stringify({ order: i, amount: -i })),
        headers: {
          'trace-first': Buffer.from(`t${i}`),
          'kafka_dlt-original-topic': Buffer.from(origin),
          'kafka_dlt-original-partition': int32(i % 3),
          'kafka_dlt-original-offset': int64(BigInt(1000 + i)),
          'kafka_dlt-original-timestamp': int64(1767603600000n + BigInt(i)),
          'kafka_dlt-exception-fqcn': Buffer.from('org.springframework.kafka.listener.ListenerExecutionFailedException'),
          'kafka_dlt-exception-message': Buffer.from(`amount ${-i} < 0`),
          'kafka_dlt-exception-stacktrace': Buffer.from('java.lang.IllegalStateException: amount < 0\n\tat Orders.pay(Orders.java:42)'),
          'binary-last': Buffer.from([0xc3, 0x28, i]),
          // One message went round three times already: the dry run holds it back.
          ...(i === 11 ? { [REPUBLISH_COUNT_HEADER]: Buffer.from('3') } : {}),
        },
      });
    }
    const groupsBefore = [...suite.broker.browseGroupsMade()];
    try {
      for (const letter of letters) await producer.send({ topic: dlt, messages: [letter] });
      await producer.send({ topic: origin, messages: [{ key: 'plain', value: 'not a dead letter' }] });

      const detection = await suite.broker.detectDeadLetters(dlt);
      assert.equal(detection.isDlt, true);
      assert.deepEqual(detection.styles, ['spring']);
      assert.equal(detection.sampled, 10, 'the latest 5 of each of 2 partitions');
      assert.deepEqual(detection.origins, { [origin]: 10 });
      assert.equal((await suite.broker.detectDeadLetters(origin)).isDlt, false);
      // The tree's marks: the dead-letter topic is marked with where its letters came from, the origin is not.
      const summaries = (await suite.broker.topics({ limit: 1000 })).topics.filter((t) => t.name === dlt || t.name === origin);
      assert.equal(summaries.length, 2);
      assert.deepEqual([...(await suite.broker.deadLetterMarks(summaries))], [[dlt, [origin]]]);

      const { plan, truncated } = await suite.broker.planRepublish(dlt, { selection: 'all', partitionChoice: 'original', maxRepublishes: 3 });
      assert.equal(truncated, false);
      assert.equal(plan.items.length, 12);
      assert.equal(plan.toSend, 11);
      assert.equal(plan.held, 1);
      const held = plan.items.find((i) => i.hold !== undefined);
      assert.deepEqual(held && positionKey(held), '1:5', 'the 12th message is the 6th of partition 1');
      for (const item of plan.items.filter((i) => i.target)) assert.deepEqual(item.target, { topic: origin, partition: item.origin?.partition, chosenBy: 'original partition' });
      assert.equal(plan.items[0].origin?.exceptionMessage, 'amount 0 < 0');
      assert.equal(plan.items[0].origin?.offset, '1000');

      // Arrives after the dry run: not listed, so not sent.
      await producer.send({ topic: dlt, messages: [{ partition: 0, key: 'late', value: 'late', headers: { 'kafka_dlt-original-topic': origin } }] });

      const progress: number[] = [];
      const report = await suite.broker.republish({ plan, batchSize: 4, onProgress: (sent) => progress.push(sent) });
      assert.equal(report.interrupted, undefined);
      assert.equal(report.sentNow, 11);
      assert.equal(report.listed, 11);
      assert.equal(report.heldBack.length, 1);
      assert.deepEqual(report.notFound, []);
      assert.equal(report.possiblyDuplicated, 0);
      assert.ok(progress.length >= 3 && progress[progress.length - 1] === 11, `progress ${progress.join(',')}`);

      const copies = (await readRaw(fixture.kafka, fixture.admin, origin, 12)).filter((c) => c.key?.toString() !== 'plain');
      assert.equal(copies.length, 11, 'exactly the listed messages, the late one and the held-back one not');
      const sentLetters = letters.slice(0, 11);
      for (const [i, letter] of sentLetters.entries()) {
        const expectedHeaders = [...headerList(letter.headers), [REPUBLISH_COUNT_HEADER, Buffer.from('1')] as [string, Buffer]];
        const copy = copies.find((c) => c.headers.some(([k, v]) => k === 'trace-first' && v.toString() === `t${i}`));
        assert.ok(copy, `copy of letter ${i}`);
        assert.equal(copy.partition, i % 3, `letter ${i} goes back to its original partition`);
        assert.deepEqual(copy.key, letter.key === null ? null : letter.key);
        assert.deepEqual(copy.value, letter.value);
        assert.deepEqual(copy.headers, expectedHeaders, `headers of letter ${i}, in order, bytes kept, counter added last`);
      }

      // Continuing a run that finished sends nothing again.
      const again = await suite.broker.republish({ plan, alreadySent: report.sent });
      assert.equal(again.sentNow, 0);
      assert.equal(again.listed, 0);
      assert.deepEqual(suite.broker.browseGroupsMade(), groupsBefore, 'detection, dry run and re-publish read by Fetch requests of their own: no consumer group was made');
    } finally {
      await producer.disconnect();
    }
    assert.deepEqual(await fixture.browseGroupsLeft(), []);
  });

  it('a Connect-style DLT: text headers, partition by key with the default partitioner; selected messages only; the counter raised in place', async () => {
    const origin = await fixture.topic('efx-it-payments', 4);
    const dlt = await fixture.topic('efx-it-connect-dlq', 1);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      const messages: Message[] = Array.from({ length: 6 }, (_, i) => ({
        key: `payment-${i}`,
        value: Buffer.from(`{"payment":${i}}`),
        headers: {
          '__connect.errors.topic': origin,
          '__connect.errors.partition': String(i % 4),
          '__connect.errors.offset': String(500 + i),
          [REPUBLISH_COUNT_HEADER]: '1',
          '__connect.errors.exception.message': 'Converting byte[] to Kafka Connect data failed due to serialization error',
        },
      }));
      await producer.send({ topic: dlt, messages });
      const detection = await suite.broker.detectDeadLetters(dlt);
      assert.deepEqual(detection.styles, ['connect']);

      const selection = { positions: [{ partition: 0, offset: '1' }, { partition: 0, offset: '4' }] };
      const { plan } = await suite.broker.planRepublish(dlt, { selection, partitionChoice: 'by-key', maxRepublishes: 3 });
      assert.deepEqual(plan.items.map(positionKey), ['0:1', '0:4']);
      const expectedPartitions = await Promise.all(['payment-1', 'payment-4'].map((k) => suite.broker.partitionOf(origin, k)));
      assert.deepEqual(plan.items.map((i) => i.target), expectedPartitions.map((partition) => ({ topic: origin, partition, chosenBy: 'key' })));
      assert.deepEqual(plan.items.map((i) => i.count), [1, 1]);

      const report = await suite.broker.republish({ plan });
      assert.equal(report.sentNow, 2);
      const copies = await readRaw(fixture.kafka, fixture.admin, origin, 2);
      assert.equal(copies.length, 2);
      for (const [n, i] of [1, 4].entries()) {
        const copy = copies.find((c) => c.key?.toString() === `payment-${i}`);
        assert.ok(copy);
        assert.equal(copy.partition, expectedPartitions[n]);
        assert.deepEqual(copy.value, Buffer.from(`{"payment":${i}}`));
        assert.deepEqual(copy.headers.map(([k, v]) => `${k}=${v.toString()}`), [
          `__connect.errors.topic=${origin}`,
          `__connect.errors.partition=${i % 4}`,
          `__connect.errors.offset=${500 + i}`,
          `${REPUBLISH_COUNT_HEADER}=2`,
          '__connect.errors.exception.message=Converting byte[] to Kafka Connect data failed due to serialization error',
        ]);
      }
    } finally {
      await producer.disconnect();
    }
    assert.deepEqual(await fixture.browseGroupsLeft(), []);
  });
});
