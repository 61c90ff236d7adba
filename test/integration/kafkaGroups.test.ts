// Consumer groups: lag after a real consumer commits, lag in time, and offset resets refused while members are active.
import { strict as assert } from 'node:assert';
import type { Consumer } from 'kafkajs';
import type { KafkaBroker } from '../../src/connectors/kafka';
import { KafkaFixture, uniqueName } from './support/kafkaFixture';

const T0 = Date.parse('2026-02-01T00:00:00.000Z');

describe('Kafka consumer groups', function () {
  this.timeout(180_000);
  const fixture = new KafkaFixture();
  let broker: KafkaBroker;
  let topic: string;
  const groupId = uniqueName('efx-it-group');

  before(async () => {
    await fixture.start();
    broker = fixture.broker();
    topic = await fixture.topic('efx-it-lag', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    // 10 messages per partition, record times T0 + offset seconds.
    for (const partition of [0, 1]) {
      await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `p${partition}-${i}`, timestamp: String(T0 + i * 1000) })) });
    }
    await producer.disconnect();
  });
  after(async () => {
    await fixture.admin.deleteGroups([groupId]).catch((error: unknown) => console.log(`group ${groupId} not deleted: ${String(error)}`));
    await fixture.dispose();
  });

  async function commitAt(offsets: Record<number, number>): Promise<Consumer> {
    const consumer = fixture.kafka.consumer({ groupId, sessionTimeout: 6000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const seen = new Map<number, number>();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const want = offsets[partition];
        if (Number(message.offset) < want) {
          seen.set(partition, Number(message.offset) + 1);
          if (Number(message.offset) + 1 === want) await consumer.commitOffsets([{ topic, partition, offset: String(want) }]);
        }
        if ([0, 1].every((p) => (seen.get(p) ?? 0) >= offsets[p])) resolveDone();
      },
    });
    await done;
    return consumer;
  }

  it('reports lag per partition after a consumer commits, and the lag in time from the oldest unconsumed record', async () => {
    const consumer = await commitAt({ 0: 4, 1: 10 });
    try {
      const active = await broker.consumerGroup(groupId, { withAge: true });
      assert.equal(active.members, 1);
      assert.equal(active.state, 'Stable');
      assert.deepEqual(active.lag.map((l) => [l.partition, l.committed, l.latest, l.lag]), [
        [0, 4n, 10n, 6n],
        [1, 10n, 10n, 0n],
      ]);
      assert.equal(active.totalLag, 6n);
      const age = active.lag[0].lagMs ?? -1;
      const expected = Date.now() - (T0 + 4 * 1000);
      assert.ok(Math.abs(age - expected) < 60_000, `lag in time ${age} ms, expected about ${expected} ms`);
      assert.equal(active.lag[1].lagMs, undefined);
      assert.ok((await broker.consumerGroups()).some((g) => g.groupId === groupId));
      await assert.rejects(broker.previewOffsetReset(groupId, topic, { to: 'earliest' }), /1 active member\(s\).*stop its consumers/);
    } finally {
      await consumer.disconnect();
    }
  });

  it('previews and applies offset resets of the inactive group: earliest, latest, a timestamp, an offset', async () => {
    const before = await broker.previewOffsetReset(groupId, topic, { to: 'earliest' });
    assert.deepEqual(before.partitions, [
      { partition: 0, current: 4n, next: 0n },
      { partition: 1, current: 10n, next: 0n },
    ]);
    assert.equal((await broker.consumerGroup(groupId)).totalLag, 6n, 'a preview changes nothing');
    await broker.resetOffsets(before);
    assert.equal((await broker.consumerGroup(groupId)).totalLag, 20n);
    await broker.resetOffsets(await broker.previewOffsetReset(groupId, topic, { to: 'latest' }));
    assert.equal((await broker.consumerGroup(groupId)).totalLag, 0n);
    const byTime = await broker.previewOffsetReset(groupId, topic, { to: 'timestamp', timestamp: T0 + 7000 });
    assert.deepEqual(byTime.partitions.map((p) => p.next), [7n, 7n]);
    await broker.resetOffsets(byTime);
    assert.deepEqual((await broker.consumerGroup(groupId)).lag.map((l) => l.committed), [7n, 7n]);
    const byOffset = await broker.previewOffsetReset(groupId, topic, { to: 'offset', offset: '3' });
    await broker.resetOffsets(byOffset);
    assert.deepEqual((await broker.consumerGroup(groupId)).lag.map((l) => l.lag), [7n, 7n]);
    await assert.rejects(broker.previewOffsetReset(groupId, topic, { to: 'offset', offset: 'x' }), /whole number/);
    assert.deepEqual(await fixture.browseGroupsLeft(), []);
  });
});
