// A topic the cluster's tree has listed is deleted by someone else (a shared broker, another tool): the
// connection goes on answering, against the rig's Kafka. kafkajs alone would fail every later admin call
// with UNKNOWN_TOPIC_OR_PARTITION, since it keeps asking for the metadata of every topic it described.
import { strict as assert } from 'node:assert';
import { kafkaSuite, rawKafka, uniqueName, waitForTopics } from './support/kafkaFixture';

describe('Kafka connection after a listed topic is deleted elsewhere', function () {
  this.timeout(120_000);
  const { fixture } = kafkaSuite();

  it('lists topics and groups again, and says a deleted topic is gone when asked about it', async () => {
    const name = uniqueName('efx-it-deleted-elsewhere');
    const other = rawKafka().admin();
    await other.connect();
    try {
      await other.createTopics({ waitForLeaders: false, topics: [{ topic: name, numPartitions: 2 }] });
      await waitForTopics(other, [name]);
      const broker = fixture.broker();
      assert.deepEqual((await broker.topics({ prefix: name })).topics.map((t) => t.name), [name]);
      assert.equal((await broker.partitions(name)).length, 2);
      await other.deleteTopics({ topics: [name] });
      await waitForGone(other, name);

      assert.equal((await broker.topics({ prefix: name })).total, 0);
      assert.ok(Array.isArray(await broker.consumerGroups()));
      assert.equal((await broker.brokers()).length, 1);
      await assert.rejects(broker.partitions(name), /UNKNOWN_TOPIC_OR_PARTITION|does not host/);
      assert.ok(Array.isArray(await broker.consumerGroups()), 'a call about the deleted topic leaves the connection working');
    } finally {
      await other.disconnect();
    }
  });
});

async function waitForGone(admin: ReturnType<ReturnType<typeof rawKafka>['admin']>, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await admin.listTopics()).includes(name)) {
    if (Date.now() > deadline) throw new Error(`${name} is still listed 30 s after its deletion`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
