// The Kafka connector's administration against the rig's broker: what it reports matches what was made and produced.
import { strict as assert } from 'node:assert';
import { listTopics } from '../../src/connectors/kafka/kafkaAdmin';
import { openKafka } from '../../src/connectors/kafka/kafkaClient';
import { brokerOptions, kafkaSuite, uniqueName, waitForTopics } from './support/kafkaFixture';
import * as ports from '../services/ports';

describe('Kafka administration', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('lists the broker with its address and as the controller', async () => {
    assert.deepEqual(await suite.broker.brokers(), [{ id: 1, host: ports.host, port: ports.kafka.port, isController: true }]);
  });

  it('creates a topic, reports partitions, replication and per-partition offsets that match what was produced, then deletes it', async () => {
    const name = uniqueName('efx-it-admin');
    fixture.adopt(name);
    // createTopic waits for the leaders itself; the fixture's admin must not learn the name (kafkajs would
    // then ask for the deleted topic's metadata on its every refresh).
    await suite.broker.createTopic({ name, partitions: 3 });
    await assert.rejects(suite.broker.createTopic({ name, partitions: 3 }), /already exists/);
    const perPartition = [5, 0, 12];
    for (const [partition, count] of perPartition.entries()) {
      if (count === 0) continue;
      const receipts = await suite.broker.publish({ name, partition }, Array.from({ length: count }, (_, i) => ({ body: `m${i}` })));
      assert.deepEqual(receipts, Array.from({ length: count }, (_, i) => ({ partition, offset: String(i) })));
    }
    const parts = await suite.broker.partitions(name);
    assert.deepEqual(parts.map((p) => [p.partition, p.earliest, p.latest, p.leader, p.replicas, p.inSync]), [
      [0, 0n, 5n, 1, [1], [1]],
      [1, 0n, 0n, 1, [1], [1]],
      [2, 0n, 12n, 1, [1], [1]],
    ]);
    const page = await suite.broker.topics({ prefix: name });
    assert.deepEqual(page.topics, [{ name, internal: false, partitions: 3, replicationFactor: 1, messages: 17n, cleanupPolicy: 'delete' }]);
    await suite.broker.deleteTopic(name);
    assert.equal((await suite.broker.topics({ prefix: name })).total, 0);
  });

  it('leaves out of a page a topic deleted after it was listed, instead of failing the page', async () => {
    const kept = uniqueName('efx-it-vanish');
    fixture.adopt(kept);
    await suite.broker.createTopic({ name: kept, partitions: 2 });
    const context = await openKafka(brokerOptions());
    try {
      // The first listing still names a topic that is gone when the page is read: someone deleted it in between.
      let listings = 0;
      const listed = context.admin;
      context.admin = new Proxy(listed, {
        get: (target, key) =>
          key === 'listTopics'
            ? async () => {
                const names = await target.listTopics();
                return listings++ === 0 ? [...names, `${kept}-deleted`] : names;
              }
            : (Reflect.get(target, key) as unknown),
      });
      const page = await listTopics(context, { prefix: kept });
      assert.equal(listings, 1, 'the page was read from the listing that named the deleted topic');
      assert.deepEqual(page.topics.map((topic) => [topic.name, topic.partitions]), [[kept, 2]]);
    } finally {
      await context.admin.disconnect();
    }
  });

  it('hides internal topics unless asked', async () => {
    // A fresh broker creates its offsets topic when a group coordinator is first looked up.
    await fixture.admin.describeGroups([uniqueName('efx-it-coordinator')]);
    const deadline = Date.now() + 30_000;
    let shown = await suite.broker.topics({ prefix: '__', includeInternal: true });
    while (!shown.topics.some((t) => t.name === '__consumer_offsets') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      shown = await suite.broker.topics({ prefix: '__', includeInternal: true });
    }
    assert.ok(shown.topics.some((t) => t.name === '__consumer_offsets' && t.internal), `internal topics: ${shown.topics.map((t) => t.name).join(', ')}`);
    const hidden = await suite.broker.topics({ prefix: '__' });
    assert.equal(hidden.total, 0);
  });

  it('pages through topics by name prefix, each page asking only for its own topics', async () => {
    const prefix = uniqueName('efx-it-page');
    const names = Array.from({ length: 60 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    names.forEach((n) => fixture.adopt(n));
    await fixture.admin.createTopics({ waitForLeaders: false, topics: names.map((topic) => ({ topic, numPartitions: 1 })) });
    await waitForTopics(fixture.admin, names);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await suite.broker.topics({ prefix, limit: 25, ...(after === undefined ? {} : { after }) });
      assert.equal(page.total, 60);
      seen.push(...page.topics.map((t) => t.name));
      after = page.next;
      pages += 1;
    } while (after !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, names);
  });

  it('refuses an invalid topic name and a partition the topic lacks, with a clear message', async () => {
    await assert.rejects(suite.broker.createTopic({ name: 'bad name!' }), /not a valid topic name/);
    const name = await fixture.topic('efx-it-admin-p');
    await assert.rejects(suite.broker.publish({ name, partition: 7 }, [{ body: 'x' }]), /has no partition 7/);
    await assert.rejects(suite.broker.browse({ source: name, partitions: [7], start: { from: 'beginning' }, limit: 1 }), /has no partition 7/);
  });
});
