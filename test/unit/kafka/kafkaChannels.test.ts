import * as assert from 'node:assert/strict';
import { kafkaChannels } from '../../../src/connectors/kafka/kafkaChannels';
import { channelGraph } from '../../../src/panels/topology/channelGraph';

// As listTopics and listGroups give them for a cluster with two topics and one group reading one of them.
const listing = {
  topics: [
    { name: 'orders', internal: false, partitions: 6, replicationFactor: 1, messages: 1200n, cleanupPolicy: 'delete' },
    { name: 'orders.compacted', internal: false, partitions: 1, replicationFactor: 1, messages: 3n, cleanupPolicy: 'compact' },
  ],
  topicsInAll: 2,
  groups: [
    { group: { groupId: 'billing', state: 'Stable', members: 2, protocolType: 'consumer' }, topics: ['orders'] },
    { group: { groupId: 'audit', state: 'Empty', members: 0, protocolType: 'consumer' }, topics: [] },
  ],
  groupsInAll: 2,
  limit: 500,
};

describe('Kafka channels', () => {
  it('maps topics to holding channels with partitions and message counts, groups to readers linked to the topics they read', () => {
    const map = kafkaChannels('k1', listing);
    assert.deepEqual(map.channels, [
      { connectionId: 'k1', connectionKind: 'kafka', id: 'topic:orders', kind: 'topic', name: 'orders', role: 'holds', detail: 'delete', figures: { messages: 1200, partitions: 6 } },
      { connectionId: 'k1', connectionKind: 'kafka', id: 'topic:orders.compacted', kind: 'topic', name: 'orders.compacted', role: 'holds', detail: 'compact', figures: { messages: 3, partitions: 1 } },
    ]);
    assert.deepEqual(map.readers, [
      { connectionId: 'k1', connectionKind: 'kafka', id: 'group:billing', kind: 'consumer group', name: 'billing', state: 'Stable', members: 2 },
      { connectionId: 'k1', connectionKind: 'kafka', id: 'group:audit', kind: 'consumer group', name: 'audit', state: 'Empty', members: 0 },
    ]);
    assert.deepEqual(map.links, [{ kind: 'reads', from: 'group:billing', to: 'topic:orders' }]);
    assert.equal(map.capped, undefined);
  });

  it('says how many topics and groups a capped listing left out', () => {
    const map = kafkaChannels('k1', { ...listing, topics: listing.topics.slice(0, 1), topicsInAll: 10_000, groupsInAll: 7, limit: 1 });
    assert.deepEqual(map.capped, { limit: 1, total: 10_000, note: '9999 of 10000 topics and 5 of 7 consumer groups not listed' });
  });

  it('draws groups as readers with a reads edge to their topic', () => {
    const graph = channelGraph(kafkaChannels('k1', listing), { connection: 'Rig Kafka', scope: 'cluster', action: () => 'show it in the tree' });
    assert.deepEqual(
      graph.nodes.map((n) => `${n.id} ${n.role} ${n.detail} ${n.figures.map((f) => `${f.value} ${f.label}`).join(', ')}`),
      ['topic:orders holds delete 1200 messages, 6 partitions', 'topic:orders.compacted holds compact 3 messages, 1 partitions', 'group:billing reads Stable 2 members', 'group:audit reads Empty 0 members'],
    );
    assert.deepEqual(graph.edges, [{ from: 'group:billing', to: 'topic:orders', kind: 'reads', label: '' }]);
  });
});
