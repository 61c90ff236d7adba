// Search as one read, against the real servers: a 6-partition topic searched by time reads the window
// (sought by offset-for-time at both ends), not the topic; a classic queue searched twice keeps its count
// and order; a quorum queue at its delivery limit is left out by the plan, not dead-lettered.
import { strict as assert } from 'node:assert';
import { kafkaSuite } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const MINUTE = 60_000;

describe('Search over real sources', function () {
  this.timeout(240_000);

  describe('Kafka', () => {
    const suite = kafkaSuite();
    const { fixture } = suite;

    it('a search over a 6-partition topic seeks by time: it reads the window and one batch per partition, not the topic, and makes no group', async () => {
      const topic = await fixture.topic('efx-it-search', 6);
      const base = Date.parse('2026-02-01T00:00:00.000Z');
      const total = 18_000;
      const padding = 'x'.repeat(1000);
      const producer = fixture.kafka.producer();
      await producer.connect();
      try {
        for (let from = 0; from < total; from += 600) {
          const messages = Array.from({ length: 600 }, (_, j) => {
            const i = from + j;
            return { partition: i % 6, timestamp: String(base + i * 1000), value: JSON.stringify({ i, padding }), headers: { correlation_id: `c-${i % 40}` } };
          });
          await producer.send({ topic, messages });
        }
      } finally {
        await producer.disconnect();
      }
      const window = { from: base + 100 * MINUTE, to: base + 110 * MINUTE };
      const inWindow = Array.from({ length: total }, (_, i) => i).filter((i) => base + i * 1000 >= window.from && base + i * 1000 < window.to);
      const expected = inWindow.filter((i) => i % 40 === 7);
      const result = await suite.broker.search({ source: topic, window, predicate: { field: 'correlationId', value: 'c-7' }, limit: 1000 });
      assert.deepEqual(result.events.map((e) => (e.data as { i: number }).i).sort((a, b) => a - b), expected);
      assert.ok(result.events.every((e) => e.metadata.correlationId === 'c-7'));
      assert.equal(result.complete, true);
      // One fetch returns at most 1 MiB per partition: about 1,000 of these 1 KB records.
      const oneBatchPerPartition = 6 * 1100;
      assert.ok(result.scanned <= inWindow.length + oneBatchPerPartition, `read ${result.scanned} records for a window of ${inWindow.length}`);
      assert.ok(result.scanned < total / 2, `read ${result.scanned} of the topic's ${total}`);
      // Read by fetches of its own: no consumer group is made.
      assert.deepEqual(result.outcome, { redelivered: 0, leftAtLimit: 0, deadLettered: 0, temporaryGroups: 0 });
      assert.deepEqual(suite.broker.browseGroupsMade(), []);
      console.log(`      search.kafka.recordsRead: ${result.scanned} (window ${inWindow.length}, topic ${total})`);
    });
  });

  describe('RabbitMQ', () => {
    const rig = new RabbitFixture();
    before(() => rig.start());
    after(() => rig.dispose());

    it('a classic queue searched twice keeps its count and order; the result says the peek redelivered', async () => {
      const queue = await rig.queue(uniqueName('search-classic'), { 'x-queue-type': 'classic' });
      const bodies = Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i }));
      await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}`, correlationId: `c-${i % 3}` }));
      const broker = rig.broker();
      assert.equal((await broker.planRead(queue)).effect, 'marks-redelivered');
      for (let round = 0; round < 2; round++) {
        const result = await broker.search({ source: queue, window: {}, predicate: { field: 'correlationId', value: 'c-1' }, limit: 100 });
        assert.deepEqual(result.events.map((e) => e.id), bodies.map((_, i) => `m-${i}`).filter((_, i) => i % 3 === 1));
        assert.equal(result.outcome.redelivered, 30);
        assert.equal(result.complete, true);
        assert.equal(await rig.ready(queue), 30);
      }
      const left = await rig.drain(queue);
      assert.deepEqual(left.map((m) => m.body), bodies, 'same messages, same order');
    });

    it('a quorum queue at its delivery limit is left out by the plan, not dead-lettered', async () => {
      const dlq = await rig.queue(uniqueName('search-dlq'));
      const queue = await rig.queue(uniqueName('search-quorum'), { 'x-queue-type': 'quorum', 'x-delivery-limit': 1, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
      await rig.fill(queue, ['{"n":0}', '{"n":1}'], (i) => ({ messageId: `q-${i}`, correlationId: 'c' }));
      const broker = rig.broker();
      const before = await broker.planRead(queue);
      assert.equal(before.effect, 'counts-delivery');
      assert.equal(before.refused, undefined);
      const first = await broker.search({ source: queue, window: {}, predicate: { field: 'correlationId', value: 'c' }, limit: 10 });
      assert.equal(first.events.length, 2);
      assert.equal(first.outcome.leftAtLimit, 2, 'the peek left both at the limit of 1');
      const plan = await broker.planRead(queue);
      assert.match(plan.refused ?? '', /2 message\(s\) are at its delivery limit of 1/);
      const second = await broker.search({ source: queue, window: {}, predicate: { field: 'correlationId', value: 'c' }, limit: 10 });
      assert.deepEqual(second.events, []);
      assert.equal(second.scanned, 0);
      assert.match(second.notes.join(' '), /Left out/);
      assert.equal(await rig.waitForReady(queue, 2), 2);
      assert.equal(await rig.ready(dlq), 0, 'nothing dead-lettered');
    });
  });
});
