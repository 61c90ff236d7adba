// Statistics of a topic and of queues, read from the real servers: a Kafka topic seeded with two variants of
// a type on known days gives exact counts, keys and producers, and a bounded read says it took the newest
// per partition; a classic queue is read only when its plan is allowed and keeps its count and order; a
// quorum queue a read left at its delivery limit is left out of the next read. Each variant's example and
// latest name the partition and offset of a record of that type and variant, read again there (one deleted
// since is said to be gone); a classic queue's examples are the messages as peeked, kept.
import { strict as assert } from 'node:assert';
import { ExampleGoneError } from '../../src/connectors/reads/sourceExamples';
import { readSourceStatistics, readSourceStatisticsWithExamples, SourceNotReadError } from '../../src/connectors/reads/sourceStatistics';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { shapeOf } from '../../src/core/payloadShape';
import { KafkaFixture } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const day1 = Date.parse('2026-11-30T08:00:00.000Z');
const day2 = Date.parse('2026-12-01T08:00:00.000Z');

describe('Topic and queue statistics against the real servers', function () {
  this.timeout(120_000);

  describe('a Kafka topic', () => {
    const kafka = new KafkaFixture();
    let topic = '';

    before(async () => {
      await kafka.start();
      topic = await kafka.topic('efx-it-source-stats', 2);
      const record = (partition: number, key: string, at: number, type: string, value: Record<string, unknown>) => ({
        partition,
        key,
        timestamp: String(at),
        value: JSON.stringify(value),
        headers: { event_type: type, producer: 'order-service', host: `pod-${partition}` },
      });
      const producer = kafka.kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: [
          // Partition 0: three of the first variant on day 1.
          record(0, 'order-1', day1, 'OrderPlaced', { order_id: 'order-1', total: 10 }),
          record(0, 'order-2', day1 + 1000, 'OrderPlaced', { order_id: 'order-2', total: 20 }),
          record(0, 'order-1', day1 + 2000, 'OrderPlaced', { order_id: 'order-1', total: 30 }),
          // Partition 1: two of the second variant (a currency added) and a payment, on day 2.
          record(1, 'order-3', day2, 'OrderPlaced', { order_id: 'order-3', total: 40, currency: 'EUR' }),
          record(1, 'order-1', day2 + 1000, 'OrderPlaced', { order_id: 'order-1', total: 50, currency: 'EUR' }),
          record(1, 'order-1', day2 + 2000, 'OrderPaid', { order_id: 'order-1' }),
        ],
      });
      await producer.disconnect();
    });
    after(() => kafka.dispose());

    it('counts every message of a small topic exactly: types, variants, days, keys and producers', async () => {
      const statistics = await readSourceStatistics(kafka.broker(), topic);
      assert.equal(statistics.events, 6);
      assert.deepEqual(statistics.sample, { method: 'all', read: 6, total: 6, note: 'all 6 messages' });
      assert.deepEqual(statistics.types.map((t) => [t.type, t.events, t.variants.map((v) => [v.events, v.firstAt.slice(0, 10)])]), [
        ['OrderPlaced', 5, [[3, '2026-11-30'], [2, '2026-12-01']]],
        ['OrderPaid', 1, [[1, '2026-12-01']]],
      ]);
      assert.deepEqual(statistics.types[0].variants[1].added, ['data.currency: string']);
      assert.deepEqual(statistics.days, [
        { day: '2026-11-30', events: 3 },
        { day: '2026-12-01', events: 3 },
      ]);
      assert.deepEqual(statistics.largestAggregates.slice(0, 1), [{ aggregateId: 'order-1', events: 4 }]);
      assert.deepEqual(statistics.producers, {
        producers: [
          { producer: 'order-service', host: 'pod-0', events: 3 },
          { producer: 'order-service', host: 'pod-1', events: 3 },
        ],
        unnamed: 0,
        other: 0,
      });
      assert.ok(statistics.notes?.some((n) => n.startsWith('Largest aggregates are the largest message keys (6 of 6')), JSON.stringify(statistics.notes));
    });

    it("names each variant's example and latest by the partition and offset of a record of that type and shape, read again there", async () => {
      const { statistics, examples } = await readSourceStatisticsWithExamples(kafka.broker(), topic);
      // Where each was produced: partition 0 holds the first shape at offsets 0-2, partition 1 the second at 0-1 and the payment at 2.
      assert.deepEqual(
        statistics.types.map((t) => [t.type, t.variants.map((v) => [v.example.place, v.latest.place])]),
        [
          ['OrderPlaced', [[{ partition: 0, offset: '0' }, { partition: 0, offset: '2' }], [{ partition: 1, offset: '0' }, { partition: 1, offset: '1' }]]],
          ['OrderPaid', [[{ partition: 1, offset: '2' }, { partition: 1, offset: '2' }]]],
        ],
      );
      for (const type of statistics.types) {
        for (const variant of type.variants) {
          for (const reference of [variant.example, variant.latest]) {
            const event = await examples.read(reference);
            assert.ok(isKafkaSource(event.source));
            assert.deepEqual([event.source.topic, { partition: event.source.partition, offset: event.source.offset }], [topic, reference.place]);
            assert.equal(event.type, type.type);
            assert.deepEqual(shapeOf(event.data, statistics.limits).fields, variant.fields, `the record at ${JSON.stringify(reference.place)} has the variant's shape`);
            assert.equal(event.timestamp, reference.timestamp);
          }
        }
      }
    });

    it('says an example whose record retention deleted is gone, and still opens the others', async () => {
      const gone = await kafka.topic('efx-it-source-stats-gone', 1);
      const producer = kafka.kafka.producer();
      await producer.connect();
      await producer.send({
        topic: gone,
        messages: [
          { key: 'a', timestamp: String(day1), value: JSON.stringify({ order_id: 'a' }), headers: { event_type: 'OrderPlaced' } },
          { key: 'b', timestamp: String(day2), value: JSON.stringify({ order_id: 'b', total: 1 }), headers: { event_type: 'OrderPlaced' } },
        ],
      });
      await producer.disconnect();
      const { statistics, examples } = await readSourceStatisticsWithExamples(kafka.broker(), gone);
      const [first, second] = statistics.types[0].variants.sort((a, b) => a.firstAt.localeCompare(b.firstAt));
      assert.deepEqual([first.example.place, second.example.place], [{ partition: 0, offset: '0' }, { partition: 0, offset: '1' }]);
      await kafka.admin.deleteTopicRecords({ topic: gone, partitions: [{ partition: 0, offset: '1' }] });
      await assert.rejects(examples.read(first.example), (error: unknown) => error instanceof ExampleGoneError && /partition 0 · offset 0 of .* is gone .*read the statistics again/.test(error.message));
      assert.deepEqual((await examples.read(second.example)).data, { order_id: 'b', total: 1 });
    });

    it('reads the newest messages of each partition when bounded, and says how many of how many', async () => {
      const statistics = await readSourceStatistics(kafka.broker(), topic, { maxMessages: 2 });
      assert.deepEqual(statistics.sample, { method: 'newest', read: 2, total: 6, note: 'the newest 2 messages of 6, up to 1 from each of 2 partitions (at most 2 read)' });
      // The newest of partition 0 is the third first-variant order; of partition 1 the payment.
      assert.deepEqual(statistics.types.map((t) => [t.type, t.events]).sort(), [
        ['OrderPaid', 1],
        ['OrderPlaced', 1],
      ]);
      assert.equal(statistics.types.find((t) => t.type === 'OrderPlaced')?.firstAt, new Date(day1 + 2000).toISOString());
    });
  });

  describe('RabbitMQ queues', () => {
    const rig = new RabbitFixture();
    const bodies = [
      { order_id: 'o-1', total: 1 },
      { order_id: 'o-2', total: 2 },
      { order_id: 'o-3', total: 3, currency: 'EUR' },
      { order_id: 'o-4', total: 4 },
    ].map((b) => JSON.stringify(b));

    before(() => rig.start());
    after(() => rig.dispose());

    it('reads a classic queue only once its plan is allowed, and leaves it with the same count and order', async () => {
      const queue = await rig.queue(uniqueName('source-stats'), { 'x-queue-type': 'classic' });
      await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}`, type: 'OrderPlaced', appId: 'shop-api', timestamp: Math.floor(day2 / 1000) + i, contentType: 'application/json' }));
      const broker = rig.broker();

      let asked = 0;
      await assert.rejects(
        readSourceStatistics(broker, queue, { mayRead: () => (asked++, false) }),
        (error: unknown) => error instanceof SourceNotReadError && error.plan.effect === 'marks-redelivered' && error.plan.refused === undefined,
      );
      assert.equal(asked, 1);
      assert.deepEqual((await rig.drain(queue)).map((m) => [m.body, m.redelivered]), bodies.map((b) => [b, false]), 'a refused plan reads nothing');
      await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}`, type: 'OrderPlaced', appId: 'shop-api', timestamp: Math.floor(day2 / 1000) + i, contentType: 'application/json' }));

      const { statistics, examples } = await readSourceStatisticsWithExamples(broker, queue, { mayRead: () => true });
      assert.equal(statistics.events, 4);
      assert.deepEqual(statistics.sample, { method: 'all', read: 4, total: 4, note: 'all 4 messages' });
      assert.deepEqual(statistics.types.map((t) => [t.type, t.events, t.variants.map((v) => v.events)]), [['OrderPlaced', 4, [3, 1]]]);
      assert.deepEqual(statistics.days, [{ day: '2026-12-01', events: 4 }]);
      assert.deepEqual(statistics.producers, { producers: [{ producer: 'shop-api', events: 4 }], unnamed: 0, other: 0 });
      assert.deepEqual(statistics.largestAggregates, []);
      assert.ok(statistics.notes?.some((n) => /redelivered/.test(n)), JSON.stringify(statistics.notes));
      const [main, drifted] = statistics.types[0].variants;
      assert.deepEqual([main.example.place, main.latest.place, drifted.example.place], [{ peeked: 0 }, { peeked: 3 }, { peeked: 2 }]);
      assert.equal(examples.keptCount, 3, 'only the messages the examples name are kept');

      assert.equal(await rig.ready(queue), 4);
      const after = await rig.drain(queue);
      assert.deepEqual(after.map((m) => m.body), bodies, 'the queue keeps its messages in their order');
      assert.deepEqual(after.map((m) => m.redelivered), [true, true, true, true], 'the plan said the peek marks them redelivered');
      // The queue is empty now: the examples are the messages as they were peeked, kept with the statistics.
      assert.deepEqual((await examples.read(drifted.example)).data, JSON.parse(bodies[2]));
      assert.deepEqual((await examples.read(main.latest)).data, JSON.parse(bodies[3]));
    });

    it("names a stream's examples by their offsets and reads each again there", async () => {
      const stream = await rig.queue(uniqueName('source-stats-stream'), { 'x-queue-type': 'stream' });
      await rig.fill(stream, bodies, (i) => ({ messageId: `m-${i}`, type: 'OrderPlaced', timestamp: Math.floor(day2 / 1000) + i, contentType: 'application/json' }));
      const { statistics, examples } = await readSourceStatisticsWithExamples(rig.broker(), stream);
      const [main, drifted] = statistics.types[0].variants;
      assert.deepEqual([main.example.place, main.latest.place, drifted.example.place], [{ offset: '0' }, { offset: '3' }, { offset: '2' }]);
      assert.equal(examples.keptCount, 0, 'a stream is read again, nothing kept');
      assert.deepEqual((await examples.read(drifted.example)).data, JSON.parse(bodies[2]));
      assert.deepEqual((await examples.read(main.latest)).data, JSON.parse(bodies[3]));
    });

    it('leaves out a quorum queue that an earlier read left at its delivery limit', async () => {
      const queue = await rig.queue(uniqueName('source-stats-limit'), { 'x-queue-type': 'quorum', 'x-delivery-limit': 1 });
      await rig.fill(queue, bodies.slice(0, 2), (i) => ({ messageId: `m-${i}`, type: 'OrderPlaced' }));
      const broker = rig.broker();
      const first = await readSourceStatistics(broker, queue, { mayRead: (plan) => plan.effect === 'counts-delivery' });
      assert.equal(first.events, 2);
      assert.ok(first.notes?.some((n) => n.includes('2 message(s) are now at their delivery limit')), JSON.stringify(first.notes));
      let asked = 0;
      await assert.rejects(
        readSourceStatistics(broker, queue, { mayRead: () => (asked++, true) }),
        (error: unknown) => error instanceof SourceNotReadError && /delivery limit/.test(error.plan.refused ?? ''),
      );
      assert.equal(asked, 0, 'a refused source is not offered to read');
      assert.equal(await rig.ready(queue), 2, 'nothing was dead-lettered');
    });
  });
});
