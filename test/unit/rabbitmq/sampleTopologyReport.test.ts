import * as assert from 'node:assert/strict';
import { sampleTopologyNames } from '../../../src/connectors/rabbitmq/sampleTopology';
import { describeSampleTopology, sampleTopologyReport } from '../../../src/connectors/rabbitmq/sampleTopologyReport';

describe('sample topology report', () => {
  const names = sampleTopologyNames('t.');
  const empty = { exchanges: [], queues: [], bindings: [] };

  it('counts everything as declared in an empty vhost', () => {
    const report = sampleTopologyReport('/', names, empty);
    assert.deepEqual([report.exchanges.length, report.queues.length, report.bindings.length], [3, 6, 8]);
    assert.ok([...report.exchanges, ...report.queues, ...report.bindings].every((p) => !p.existed));
    assert.match(describeSampleTopology(report), /^Declared the sample topology in vhost \/: 3 exchanges \(t\.orders \(topic\), .*\), 6 queues \(.*\) and 8 bindings \(their routing keys are in the topology view\)\.$/);
  });

  it('names what was there already, binding by source, queue and routing key', () => {
    const report = sampleTopologyReport('v', names, {
      exchanges: [{ vhost: 'v', name: 't.orders', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} }],
      queues: [],
      bindings: [
        { vhost: 'v', source: 't.orders', destination: 't.orders.payments', destinationType: 'queue', routingKey: 'order.paid', arguments: {} },
        // The same key to another queue is another binding.
        { vhost: 'v', source: 't.orders', destination: 't.orders.created', destinationType: 'queue', routingKey: 'order.paid', arguments: {} },
      ],
    });
    assert.deepEqual(report.exchanges.filter((e) => e.existed).map((e) => e.name), ['t.orders (topic)']);
    assert.deepEqual(report.bindings.filter((b) => b.existed).map((b) => b.name), ['t.orders → t.orders.payments (order.paid)']);
    assert.match(describeSampleTopology(report), /: 2 exchanges \(t\.orders\.dlx \(fanout\), t\.orders\.delay \(fanout\)\), 6 queues .* and 7 bindings .*\. Already there and kept: t\.orders \(topic\), t\.orders → t\.orders\.payments \(order\.paid\)\.$/);
  });

  it('says when what existed before is not known', () => {
    const report = sampleTopologyReport('/', names, { unknown: 'management API: 401' });
    assert.match(describeSampleTopology(report), /\(What existed before is not known: management API: 401\.\)$/);
  });
});
