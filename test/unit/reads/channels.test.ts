import * as assert from 'node:assert/strict';
import { aggregateTypeChannels, channelLimit, DEFAULT_CHANNEL_LIMIT } from '../../../src/connectors/reads/channels';
import { channelGraph } from '../../../src/panels/topology/channelGraph';

describe('store channels', () => {
  // As listAggregateTypes gives them (the Local store counts aggregates; a store that cannot count leaves it out).
  const types = [{ name: 'Order', aggregateCount: 12 }, { name: 'Customer', aggregateCount: 3 }, { name: 'Invoice' }];

  it('maps aggregate types to holding channels with their aggregate counts', () => {
    const map = aggregateTypeChannels({ connectionId: 'local', connectionKind: 'local' }, types, 10);
    assert.deepEqual(map.channels, [
      { id: 'aggregate-type:Order', connectionId: 'local', connectionKind: 'local', kind: 'aggregate type', name: 'Order', role: 'holds', figures: { aggregates: 12 } },
      { id: 'aggregate-type:Customer', connectionId: 'local', connectionKind: 'local', kind: 'aggregate type', name: 'Customer', role: 'holds', figures: { aggregates: 3 } },
      { id: 'aggregate-type:Invoice', connectionId: 'local', connectionKind: 'local', kind: 'aggregate type', name: 'Invoice', role: 'holds', figures: {} },
    ]);
    assert.deepEqual([map.readers, map.links, map.capped], [[], [], undefined]);
  });

  it('stops at the limit and says so', () => {
    const map = aggregateTypeChannels({ connectionId: 'm', connectionKind: 'mongo' }, types, 2);
    assert.deepEqual(map.channels.map((c) => c.name), ['Order', 'Customer']);
    assert.deepEqual(map.capped, { limit: 2, total: 3, note: '1 of 3 aggregate types not listed' });
    const graph = channelGraph(map, { connection: 'Mongo', scope: 'events', action: () => 'show it' });
    assert.equal(graph.capped, 'Drawn from the first 2: 1 of 3 aggregate types not listed.');
  });

  it('bounds every listing: the default, and at least one', () => {
    assert.equal(channelLimit({}), DEFAULT_CHANNEL_LIMIT);
    assert.equal(channelLimit({ limit: 0 }), 1);
    assert.equal(channelLimit({ limit: 20.7 }), 20);
  });
});
