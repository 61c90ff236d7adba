// The Kafka kind's tree against the rig's broker: cluster → Brokers · Topics (paged, searchable) → partitions · Consumer groups → lag.
import { strict as assert } from 'node:assert';
import { KafkaBroker } from '../../src/connectors/kafka';
import { KafkaClusterConnection } from '../../src/connections/kafka/kafkaConnection';
import { readKafkaProfiles } from '../../src/connections/kafka/kafkaProfile';
import type { TreeContext } from '../../src/explorer/kindTree';
import { kafkaTree } from '../../src/explorer/kafka/kafkaTree';
import { connectionNode, type TreeNode } from '../../src/explorer/treeNode';
import * as ports from '../services/ports';
import { KafkaFixture, uniqueName, waitForTopics } from './support/kafkaFixture';

describe('Kafka tree', function () {
  this.timeout(120_000);
  const fixture = new KafkaFixture();
  let connection: KafkaClusterConnection;
  let search: string | undefined;
  const context: TreeContext = { pageSize: () => 5, search: () => search, redraw: () => undefined, warn: (message) => assert.fail(message) };

  before(async () => {
    await fixture.start();
    const [profile] = readKafkaProfiles([{ id: 'rig', name: 'Rig', bootstrapServers: [...ports.kafka.brokers] }]).profiles;
    connection = new KafkaClusterConnection(profile, {
      secrets: () => Promise.resolve({}),
      readFiles: () => Promise.resolve({}),
      createBroker: (options) => new KafkaBroker(options),
    });
  });
  after(async () => {
    await connection.close();
    await fixture.dispose();
  });

  const labels = (nodes: TreeNode[]) => nodes.map((n) => n.id.slice(n.id.lastIndexOf('/') + 1));

  it('shows Brokers, Topics and Consumer groups; brokers with their address and the controller', async () => {
    const root = connectionNode(connection);
    const sections = await kafkaTree.children(root, context);
    assert.deepEqual(labels(sections), ['brokers', 'topics', 'groups']);
    assert.equal(connection.isOpen, true);
    const brokers = await kafkaTree.children(sections[0], context);
    assert.equal(brokers.length, 1);
    assert.ok(brokers[0].kind === 'kafkaBroker' && brokers[0].broker.isController && brokers[0].broker.port === ports.kafka.port);
  });

  it('pages topics found by prefix and lists partitions with offsets', async () => {
    const prefix = uniqueName('efx-it-tree');
    const names = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
    names.forEach((n) => fixture.adopt(n));
    await fixture.admin.createTopics({ waitForLeaders: false, topics: names.map((topic) => ({ topic, numPartitions: 2 })) });
    await waitForTopics(fixture.admin, names);
    const [, topics] = await kafkaTree.children(connectionNode(connection), context);
    search = prefix;
    const first = await kafkaTree.children(topics, context);
    assert.deepEqual(labels(first), [...names.slice(0, 5).map((n) => `topic:${n}`), `more:${names[4]}`]);
    const rest = await kafkaTree.page?.(topics, names[4], context);
    assert.deepEqual(labels(rest ?? []), names.slice(5).map((n) => `topic:${n}`));
    const partitions = await kafkaTree.children(first[0], context);
    assert.deepEqual(labels(partitions), ['partition:0', 'partition:1']);
    search = 'no-such-prefix-';
    const none = await kafkaTree.children(topics, context);
    assert.equal(none[0].kind, 'message');
    search = undefined;
  });
});
