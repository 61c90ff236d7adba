// Many topics' offsets and groups in one go against the rig's Kafka, as a sampler reads them: the same low
// and high watermarks kafkajs's admin reads topic by topic, after writes and after a deletion of records; a
// topic that is not there fails the read whole (the sampler then reads topic by topic), and the next read
// with the topics there works again; groups described and their commits fetched as the admin does them.
import { strict as assert } from 'node:assert';
import { FetchConnection } from '../../src/connectors/kafka/fetchConnection';
import { GroupReads } from '../../src/connectors/kafka/groupReads';
import { offsetsAtTimes } from '../../src/connectors/kafka/offsetsAtTimes';
import { TopicWatermarks } from '../../src/connectors/kafka/topicWatermarks';
import { kafkaSuite, uniqueName } from './support/kafkaFixture';

describe('Kafka offsets and groups read many at once', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;
  let connection: FetchConnection | undefined;
  const topics: string[] = [];

  before(async () => {
    for (const partitions of [1, 3, 2]) topics.push(await fixture.topic('efx-it-watermarks', partitions));
    connection = await FetchConnection.open(fixture.kafka);
  });
  const groupIds = [uniqueName('efx-it-many-group'), uniqueName('efx-it-many-group')];
  after(async () => {
    await connection?.close();
    for (const groupId of groupIds) await fixture.admin.deleteGroups([groupId]).catch(() => undefined);
  });

  async function byAdmin(topic: string): Promise<[number, bigint, bigint][]> {
    const offsets = await fixture.admin.fetchTopicOffsets(topic);
    return offsets.map((o): [number, bigint, bigint] => [o.partition, BigInt(o.low), BigInt(o.high)]).sort((a, b) => a[0] - b[0]);
  }

  it('reads the same watermarks as the admin, topic by topic, as records are written and deleted', async () => {
    assert.ok(connection);
    const watermarks = new TopicWatermarks();
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: topics[1], messages: Array.from({ length: 7 }, (_, i) => ({ partition: i % 3, value: `m${i}` })) });
      await producer.send({ topic: topics[2], messages: Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `n${i}` })) });
    } finally {
      await producer.disconnect();
    }
    await fixture.admin.deleteTopicRecords({ topic: topics[2], partitions: [{ partition: 1, offset: '2' }] });
    const read = await watermarks.read(connection, topics);
    assert.deepEqual([...read.keys()].sort(), [...topics].sort());
    for (const topic of topics) {
      assert.deepEqual(
        read.get(topic)?.map((w) => [w.partition, w.low, w.high]),
        await byAdmin(topic),
        `${topic}: not the admin's watermarks`,
      );
    }
    assert.deepEqual(read.get(topics[2])?.map((w) => [w.partition, w.low, w.high]), [[0, 0n, 0n], [1, 2n, 4n]]);
  });

  it('fails whole when a topic is not there, and reads again once it is left out', async () => {
    assert.ok(connection);
    const watermarks = new TopicWatermarks();
    await watermarks.read(connection, topics);
    await assert.rejects(watermarks.read(connection, [...topics, uniqueName('efx-it-no-such-topic')]));
    const again = await watermarks.read(connection, topics);
    assert.equal(again.size, topics.length);
  });

  it('finds the offsets for times in one round as the admin does, with the watermarks beside them', async () => {
    assert.ok(connection);
    const topic = await fixture.topic('efx-it-offsets-at-times', 3);
    const base = Date.parse('2026-03-01T10:00:00.000Z');
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      // Partition p gets records at base + 10·i + p seconds; partition 2 none, so every time finds nothing there.
      await producer.send({ topic, messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 2, value: `t${i}`, timestamp: String(base + (10 * i + (i % 2)) * 1000) })) });
    } finally {
      await producer.disconnect();
    }
    const times = [base - 60_000, base + 35_000, base + 51_000, base + 3_600_000];
    const found = await offsetsAtTimes(connection, topic, times);
    assert.deepEqual(found.all.map((w) => [w.partition, w.low, w.high]), await byAdmin(topic));
    assert.deepEqual([...found.leaders.keys()].sort(), [0, 1, 2], 'a leader for every partition');
    assert.equal(found.at.length, times.length);
    for (const [i, time] of times.entries()) {
      const admin = await fixture.admin.fetchTopicOffsetsByTimestamp(topic, time);
      const high = new Map(found.all.map((w) => [w.partition, w.high]));
      // kafkajs's admin answers "none that recent" with the high watermark; the one round keeps the broker's -1.
      const ours = [...found.at[i]].map(([partition, offset]): [number, bigint] => [partition, offset < 0n ? (high.get(partition) ?? -1n) : offset]).sort((a, b) => a[0] - b[0]);
      assert.deepEqual(ours, admin.map((o): [number, bigint] => [o.partition, BigInt(o.offset)]).sort((a, b) => a[0] - b[0]), `offsets at ${new Date(time).toISOString()}`);
    }
    assert.deepEqual([...found.at[1]].sort((a, b) => a[0] - b[0]), [[0, 2n], [1, 2n], [2, -1n]], 'the first record at or after 35 s in each partition');
    await assert.rejects(offsetsAtTimes(connection, uniqueName('efx-it-no-such-topic'), [base]));
  });

  it('describes groups and fetches their commits as the admin does, a group nobody uses as Dead', async () => {
    assert.ok(connection);
    await fixture.admin.setOffsets({ groupId: groupIds[0], topic: topics[1], partitions: [0, 1, 2].map((partition) => ({ partition, offset: String(partition) })) });
    await fixture.admin.setOffsets({ groupId: groupIds[1], topic: topics[0], partitions: [{ partition: 0, offset: '0' }] });
    const unused = uniqueName('efx-it-no-such-group');
    const reads = new GroupReads();
    for (let round = 0; round < 2; round += 1) {
      const { described, committed } = await reads.read(connection, [...groupIds, unused], new Set([groupIds[0], unused]));
      const admin = (await fixture.admin.describeGroups([...groupIds, unused])).groups;
      assert.deepEqual(
        described.map((g) => [g.groupId, g.state, g.members.length]).sort(),
        admin.map((g) => [g.groupId, g.state, g.members.length]).sort(),
      );
      assert.equal(described.find((g) => g.groupId === unused)?.state, 'Dead');
      assert.deepEqual([...committed.keys()], [groupIds[0]], 'only the live groups asked for have their commits fetched');
      const fromAdmin = await fixture.admin.fetchOffsets({ groupId: groupIds[0] });
      const rows = (offsets: { topic: string; partitions: { partition: number; offset: string }[] }[]) => offsets.flatMap((t) => t.partitions.map((p) => `${t.topic}/${p.partition}@${p.offset}`)).sort();
      assert.deepEqual(rows(committed.get(groupIds[0]) ?? []), rows(fromAdmin));
      assert.deepEqual(rows(committed.get(groupIds[0]) ?? []), [0, 1, 2].map((p) => `${topics[1]}/${p}@${p}`));
    }
  });
});
