// A topic's configuration read from the rig: overrides on the topic told apart from the broker's and Kafka's
// defaults, and a compacted topic marked in the topic list.
import { strict as assert } from 'node:assert';
import { topicConfigText } from '../../src/connectors/kafka';
import { kafkaSuite } from './support/kafkaFixture';

describe('Kafka topic configuration', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('reads retention.ms, cleanup.policy, min.insync.replicas, max.message.bytes with overrides marked', async () => {
    const topic = await fixture.topic('efx-it-config', 1, { 'cleanup.policy': 'compact', 'max.message.bytes': '2000000' });
    const entries = await suite.broker.topicConfigs(topic);
    const byName = new Map(entries.map((e) => [e.name, e]));
    assert.deepEqual(entries.slice(0, 2).map((e) => e.name), ['cleanup.policy', 'retention.ms']);
    assert.deepEqual(byName.get('cleanup.policy'), { name: 'cleanup.policy', value: 'compact', source: 'topic', sensitive: false, readOnly: false });
    assert.equal(byName.get('max.message.bytes')?.source, 'topic');
    assert.equal(byName.get('retention.ms')?.value, '-1'); // the fixture keeps every record
    assert.equal(byName.get('retention.ms')?.source, 'topic');
    assert.ok(['default', 'broker'].includes(byName.get('min.insync.replicas')?.source ?? ''), 'min.insync.replicas is not overridden');
    assert.equal(entries.filter((e) => e.source === 'topic').length, 3);
    const text = topicConfigText('rig', topic, entries);
    assert.match(text, /3 overridden on this topic: cleanup\.policy, retention\.ms, max\.message\.bytes/);
    assert.match(text, /^\* cleanup\.policy +compact +\(overridden on this topic\)$/m);
    assert.match(text, /^ {2}min\.insync\.replicas +1 +\((default|set on the broker)/m);
  });

  it('marks a compacted topic in the topic list and leaves a deleting one unmarked', async () => {
    const compacted = await fixture.topic('efx-it-compacted', 1, { 'cleanup.policy': 'compact' });
    const plain = await fixture.topic('efx-it-compacted');
    const page = await suite.broker.topics({ prefix: 'efx-it-compacted' });
    const policy = new Map(page.topics.map((t) => [t.name, t.cleanupPolicy]));
    assert.equal(policy.get(compacted), 'compact');
    assert.equal(policy.get(plain), 'delete');
  });
});
