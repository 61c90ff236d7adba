// Many topics' offsets and groups in one go against the rig's Kafka, as a sampler reads them: the same low
// and high watermarks kafkajs's admin reads topic by topic, after writes and after a deletion of records; a
// topic that is not there fails the read whole (the sampler then reads topic by topic), and the next read
// with the topics there works again; groups described and their commits fetched as the admin does them.
import { strict as assert } from 'node:assert';
import { FetchConnection } from '../../src/connectors/kafka/fetchConnection';
import { GroupReads } from '../../src/connectors/kafka/groupReads';
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
