import * as assert from 'node:assert/strict';
import { markQueues } from '../../../src/connectors/rabbitmq/topologyMarks';
import type { BindingInfo, ExchangeInfo, QueueArguments, QueueInfo, Topology } from '../../../src/connectors/rabbitmq/topologyTypes';
import { topologyGraph } from '../../../src/panels/rabbitmq/topologyGraph';

const exchange = (name: string, type: string): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const bind = (source: string, destination: string, routingKey = ''): BindingInfo => ({ vhost: '/', source, destination, destinationType: 'queue', routingKey, arguments: {} });
const queue = (name: string, args: QueueArguments = {}, ready = 0): QueueInfo => ({ vhost: '/', name, type: 'classic', durable: true, ready, unacked: 0, messages: ready, consumers: 0, arguments: args, declaredArguments: {} });

function topology(exchanges: ExchangeInfo[], bindings: BindingInfo[], queues: QueueInfo[]): Topology {
  return { vhost: '/', exchanges, bindings, queues, marks: markQueues(queues, exchanges, bindings) };
}

describe('RabbitMQ topology graph', () => {
  it('draws exchanges, queues with counts and marks, bindings, dead-letter and delay edges', () => {
    const graph = topologyGraph(
      'Rig',
      topology(
        [exchange('', 'direct'), exchange('amq.topic', 'topic'), exchange('orders', 'topic'), exchange('orders.dlx', 'fanout')],
        [bind('orders', 'orders.created', 'order.created'), bind('orders.dlx', 'orders.dlq')],
        [queue('orders.created', { deadLetterExchange: 'orders.dlx' }, 3), queue('orders.dlq', {}, 1), queue('orders.delay', { messageTtl: 5000, deadLetterExchange: 'orders' }), queue('retry', { deadLetterExchange: '', deadLetterRoutingKey: 'orders.created' })],
      ),
      new Date('2026-12-03T10:00:00Z'),
    );
    assert.deepEqual(graph.nodes.filter((n) => n.kind === 'exchange').map((n) => n.name), ['orders', 'orders.dlx'], 'the default exchange and unbound amq.* are left out');
    const dlq = graph.nodes.find((n) => n.id === 'queue:orders.dlq');
    assert.deepEqual(dlq?.marks, ['dlq']);
    assert.deepEqual(graph.nodes.find((n) => n.id === 'queue:orders.created')?.counts, { ready: 3, unacked: 0, consumers: 0 });
    assert.deepEqual(graph.nodes.find((n) => n.id === 'queue:orders.delay')?.marks, ['delay']);
    assert.deepEqual(
      graph.edges.map((e) => `${e.kind} ${e.from} → ${e.to} ${e.label}`),
      [
        'binding exchange:orders → queue:orders.created order.created',
        'binding exchange:orders.dlx → queue:orders.dlq ',
        'dead-letter queue:orders.created → exchange:orders.dlx dead letters',
        'delay queue:orders.delay → exchange:orders after 5000 ms',
        'dead-letter queue:retry → queue:orders.created dead letters',
      ],
    );
    assert.equal(graph.readAt, '2026-12-03T10:00:00.000Z');
  });

  it('leaves out edges to exchanges that are not declared', () => {
    const graph = topologyGraph('Rig', topology([], [], [queue('q', { deadLetterExchange: 'missing' })]));
    assert.deepEqual(graph.edges, []);
    assert.equal(graph.nodes.length, 1);
  });
});
