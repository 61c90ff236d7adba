// The live tail: one long-lived reader in one throw-away group of its own that never commits, gone when the tail stops.
import { strict as assert } from 'node:assert';
import type { FlowEvent } from '../../src/core/envelope';
import { waitUntil } from '../support/waits';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { kafkaSuite } from './support/kafkaFixture';

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  await waitUntil(what, () => Promise.resolve(check()), (done) => done, timeoutMs);
}

const offsetOf = (e: FlowEvent) => (isKafkaSource(e.source) ? `${e.source.partition}@${e.source.offset}` : e.id);

describe('Kafka live tail', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('follows with one consumer in one group of its own, commits nothing, and leaves no group behind', async () => {
    const topic = await fixture.topic('efx-it-tail', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    const send = (from: number, count: number) =>
      producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, i) => ({ key: `k-${(from + i) % 4}`, value: JSON.stringify({ n: from + i }) })) });
    try {
      await send(0, 10);
      const before = new Set((await fixture.admin.listGroups()).groups.map((g) => g.groupId));
      const seen: FlowEvent[] = [];
      const controller = new AbortController();
      const tail = suite.broker.tail({ source: topic, start: { from: 'latest', count: 2 }, signal: controller.signal }, { onEvents: (events) => seen.push(...events) });
      await until('the latest two of each partition', () => seen.length >= 4);
      // Several rounds, each read before the next is sent: a tail that polls would make a group each time.
      for (let round = 0; round < 4; round++) {
        await send(100 + round * 5, 5);
        await until(`round ${round + 1} of the messages sent during the tail`, () => seen.length >= 4 + (round + 1) * 5);
      }
      await until('every message sent during the tail', () => seen.length >= 24);
      const during = (await fixture.admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !before.has(id));
      const mine = during.filter((id) => suite.broker.browseGroupsMade().includes(id));
      assert.equal(mine.length, 1, `groups of this tail while it runs: ${mine.join(', ')}`);
      assert.match(mine[0], /^efx-tail-/);
      const committed = await fixture.admin.fetchOffsets({ groupId: mine[0], topics: [topic] });
      assert.ok(committed.every((t) => t.partitions.every((p) => p.offset === '-1')), `committed: ${JSON.stringify(committed)}`);
      controller.abort();
      await tail;

      assert.equal(seen.length, 24, 'the latest 2 of each of 2 partitions, then the 20 sent');
      assert.equal(new Set(seen.map(offsetOf)).size, seen.length, 'none shown twice');
      for (const partition of [0, 1]) {
        const offsets = seen.filter((e) => e.source.system === 'kafka' && e.source.partition === partition).map((e) => (e.source.system === 'kafka' ? Number(e.source.offset) : -1));
        assert.deepEqual(offsets, offsets.map((_, i) => offsets[0] + i), `partition ${partition} contiguous`);
      }
      assert.deepEqual(suite.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-')), mine);
      const after = new Set((await fixture.admin.listGroups()).groups.map((g) => g.groupId));
      assert.ok(!after.has(mine[0]), `${mine[0]} is deleted when the tail stops`);
      assert.deepEqual(await fixture.browseGroupsLeft(), []);
    } finally {
      await producer.disconnect();
    }
  });

  it('keeps only what the filter matches', async () => {
    const topic = await fixture.topic('efx-it-tail-filter');
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      const seen: FlowEvent[] = [];
      const controller = new AbortController();
      const tail = suite.broker.tail({ source: topic, start: { from: 'latest', count: 0 }, signal: controller.signal }, { filter: { key: 'wanted' }, onEvents: (events) => seen.push(...events) });
      // The tail reads from where the topic ended when it started: wait until its consumer has joined its group.
      await waitUntil(
        'the tail to join its group',
        async () => {
          const ids = suite.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-'));
          const described = ids.length === 0 ? [] : (await fixture.admin.describeGroups(ids)).groups;
          return described.some((g) => g.state === 'Stable' && g.members.length > 0);
        },
        (joined) => joined,
      );
      await producer.send({ topic, messages: [{ key: 'other', value: '1' }, { key: 'wanted', value: '2' }, { key: 'other', value: '3' }, { key: 'wanted', value: '4' }, { key: 'wanted', value: '"end"' }] });
      // One partition, read in order: once the last message is in, every one before it was judged.
      await until('the last wanted message', () => seen.some((e) => e.data === 'end'));
      controller.abort();
      await tail;
      assert.deepEqual(seen.map((e) => e.data), [2, 4, 'end']);
    } finally {
      await producer.disconnect();
    }
  });
});
