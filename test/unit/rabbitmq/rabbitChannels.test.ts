import * as assert from 'node:assert/strict';
import { topologyChannels } from '../../../src/connectors/rabbitmq/rabbitChannels';
import { markQueues } from '../../../src/connectors/rabbitmq/topologyMarks';
import type { BindingInfo, ExchangeInfo, QueueArguments, QueueInfo, Topology } from '../../../src/connectors/rabbitmq/topologyTypes';
import { channelGraph } from '../../../src/panels/topology/channelGraph';

const exchange = (name: string, type: string): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const bind = (source: string, destination: string, routingKey = '', args: Record<string, unknown> = {}): BindingInfo => ({ vhost: '/', source, destination, destinationType: 'queue', routingKey, arguments: args });
const queue = (name: string, args: QueueArguments = {}, ready = 0, type = 'classic'): QueueInfo => ({ vhost: '/', name, type, durable: true, ready, unacked: 0, messages: ready, consumers: 0, arguments: args, declaredArguments: {} });

function topology(exchanges: ExchangeInfo[], bindings: BindingInfo[], queues: QueueInfo[]): Topology {
  return { vhost: '/', exchanges, bindings, queues, marks: markQueues(queues, exchanges, bindings) };
}

const action = (c: { kind: string }): string => (c.kind === 'exchange' ? 'show it' : 'peek it');

describe('RabbitMQ channels', () => {
  const sample = topology(
    [exchange('', 'direct'), exchange('amq.topic', 'topic'), exchange('orders', 'topic'), exchange('orders.dlx', 'fanout')],
    // The management API lists the default exchange's binding of every queue, as here.
    [bind('', 'orders.created', 'orders.created'), bind('orders', 'orders.created', 'order.created'), bind('orders.dlx', 'orders.dlq'), bind('orders', 'orders.events', 'order.*', { 'x-match': 'all' })],
    [
      queue('orders.created', { deadLetterExchange: 'orders.dlx' }, 3),
      queue('orders.dlq', {}, 1),
      queue('orders.delay', { messageTtl: 5000, deadLetterExchange: 'orders', deadLetterRoutingKey: 'payment.retry' }),
      queue('retry', { deadLetterExchange: '', deadLetterRoutingKey: 'orders.created' }),
      queue('orders.events', {}, 40, 'stream'),
    ],
  );

  it('maps exchanges to routing channels, queues and streams to holding ones, with the connection and their figures', () => {
    const map = topologyChannels('conn-1', sample);
    assert.deepEqual(
      map.channels.map((c) => `${c.id} ${c.kind} ${c.role} ${c.detail ?? ''}${c.internal ? ' internal' : ''}`),
      ['exchange: exchange routes direct internal', 'exchange:amq.topic exchange routes topic internal', 'exchange:orders exchange routes topic', 'exchange:orders.dlx exchange routes fanout', 'queue:orders.created queue holds classic', 'queue:orders.dlq queue holds classic', 'queue:orders.delay queue holds classic', 'queue:retry queue holds classic', 'queue:orders.events stream holds stream'],
    );
    for (const channel of map.channels) assert.deepEqual([channel.connectionId, channel.connectionKind, channel.scope], ['conn-1', 'rabbitmq', '/']);
    const created = map.channels.find((c) => c.name === 'orders.created');
    assert.deepEqual(created?.figures, { messages: 3, ready: 3, unacked: 0, consumers: 0 });
    assert.equal(map.channels.find((c) => c.name === 'orders.dlq')?.holdsDeadLetters, true);
    assert.equal(map.channels.find((c) => c.name === 'orders.delay')?.delayMs, 5000);
    assert.equal(map.capped, undefined);
  });

  it('links bindings with their keys and arguments, dead-letter exchanges with theirs, and the default exchange to the queue it names', () => {
    const { links, readers } = topologyChannels('conn-1', sample);
    assert.deepEqual(readers, []);
    assert.deepEqual(links, [
      { kind: 'route', from: 'exchange:orders', to: 'queue:orders.created', routingKey: 'order.created' },
      { kind: 'route', from: 'exchange:orders.dlx', to: 'queue:orders.dlq', routingKey: '' },
      { kind: 'route', from: 'exchange:orders', to: 'queue:orders.events', routingKey: 'order.*', arguments: { 'x-match': 'all' } },
      { kind: 'dead-letter', from: 'queue:orders.created', to: 'exchange:orders.dlx' },
      { kind: 'dead-letter', from: 'queue:orders.delay', to: 'exchange:orders', routingKey: 'payment.retry', afterMs: 5000 },
      { kind: 'dead-letter', from: 'queue:retry', to: 'queue:orders.created' },
    ]);
  });

  it('says what a cut listing left out', () => {
    const map = topologyChannels('c', topology([exchange('a', 'direct')], [], [queue('q')]), { limit: 1, exchangesInAll: 1, queuesInAll: 10_000 });
    assert.deepEqual(map.capped, { limit: 1, total: 10_001, note: '9999 of 10000 queues in vhost / not listed' });
  });

  it('draws as the topology view did: exchanges, queues with counts and marks, binding, dead-letter and delay edges', () => {
    const graph = channelGraph(topologyChannels('conn-1', sample), { connection: 'Rig', scope: '/', action, readAt: new Date('2026-12-03T10:00:00Z') });
    assert.deepEqual(graph.nodes.filter((n) => n.role === 'routes').map((n) => n.name), ['orders', 'orders.dlx'], 'the default exchange and unbound amq.* are left out');
    assert.deepEqual(graph.nodes.find((n) => n.id === 'queue:orders.dlq')?.marks, ['dlq']);
    assert.deepEqual(graph.nodes.find((n) => n.id === 'queue:orders.created')?.figures, [
      { label: 'ready', value: 3 },
      { label: 'unacked', value: 0 },
      { label: 'consumers', value: 0, tooltipOnly: true },
    ]);
    assert.deepEqual(graph.nodes.find((n) => n.id === 'queue:orders.delay')?.marks, ['delay']);
    assert.equal(graph.nodes.find((n) => n.id === 'queue:orders.events')?.kind, 'stream');
    assert.equal(graph.nodes.find((n) => n.id === 'exchange:orders')?.action, 'show it');
    assert.deepEqual(
      graph.edges.map((e) => `${e.kind} ${e.from} → ${e.to} ${e.label}`),
      [
        'route exchange:orders → queue:orders.created order.created',
        'route exchange:orders.dlx → queue:orders.dlq ',
        'route exchange:orders → queue:orders.events order.*',
        'dead-letter queue:orders.created → exchange:orders.dlx dead letters',
        'delay queue:orders.delay → exchange:orders after 5000 ms as payment.retry',
        'dead-letter queue:retry → queue:orders.created dead letters',
      ],
    );
    assert.equal(graph.readAt, '2026-12-03T10:00:00.000Z');
    assert.equal(graph.capped, undefined);
  });

  it('draws no edge to an exchange that is not declared, and says when the listing was cut', () => {
    const graph = channelGraph(topologyChannels('c', topology([], [], [queue('q', { deadLetterExchange: 'missing' })]), { limit: 1, exchangesInAll: 0, queuesInAll: 3 }), { connection: 'Rig', scope: '/', action });
    assert.deepEqual(graph.edges, []);
    assert.equal(graph.nodes.length, 1);
    assert.equal(graph.capped, 'Drawn from the first 1: 2 of 3 queues in vhost / not listed.');
  });
});
