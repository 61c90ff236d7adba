// A consumer group that joined but committed nothing: no lag (not "lag 0"), and where it would start is
// said to be its consumers' auto.offset.reset, which the cluster does not show.
import { strict as assert } from 'node:assert';
import type { KafkaBroker } from '../../src/connectors/kafka';
import { groupLagText, NO_COMMIT_START, partitionLagText } from '../../src/explorer/kafka/kafkaFormat';
import { KafkaFixture, uniqueName } from './support/kafkaFixture';

describe('Kafka consumer group without committed offsets', function () {
  this.timeout(180_000);
  const fixture = new KafkaFixture();
  let broker: KafkaBroker;
  const groupId = uniqueName('efx-it-nocommit');

  before(async () => {
    await fixture.start();
    broker = fixture.broker();
  });
  after(async () => {
    await fixture.admin.deleteGroups([groupId]).catch((error: unknown) => console.log(`group ${groupId} not deleted: ${String(error)}`));
    await fixture.dispose();
  });

  it('reads no committed partition, and the tree says "no committed offsets" instead of "lag 0"', async () => {
    const topic = await fixture.topic('efx-it-nocommit', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `m${i}` })) });
    await producer.disconnect();
    // A consumer that joins and reads without ever committing (as a crashed or read-only consumer leaves it).
    const consumer = fixture.kafka.consumer({ groupId, sessionTimeout: 6000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      let read = 0;
      let resolveRead!: () => void;
      const allRead = new Promise<void>((resolve) => (resolveRead = resolve));
      await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve(++read === 6 ? resolveRead() : undefined) });
      await allRead;
      const detail = await broker.consumerGroup(groupId, { withAge: true });
      assert.equal(detail.members, 1);
      assert.equal(detail.committedPartitions, 0);
      assert.equal(detail.totalLag, 0n);
      assert.equal(groupLagText(detail.committedPartitions, [detail.totalLag]), 'no committed offsets');
      assert.match(NO_COMMIT_START, /auto\.offset\.reset .* the cluster does not show/);
    } finally {
      await consumer.disconnect();
    }
  });

  it('a partition without a commit says where the group would start, and has no lag', () => {
    const text = partitionLagText({ earliest: 0n, latest: 3n, lag: 3n });
    assert.equal(text.description, 'no committed offset · would start at earliest or latest (earliest 0, latest 3)');
    assert.match(text.tooltip, /no lag here: where it starts reading is set by its consumers' auto.offset.reset/);
    assert.equal(partitionLagText({ committed: 1n, earliest: 0n, latest: 3n, lag: 2n }).description, 'lag 2 · committed 1 of 3');
  });
});
