import * as assert from 'node:assert/strict';
import { toQueue } from '../../../src/connectors/rabbitmq/managementMapping';
import { markQueues, routeTargets, topicMatches } from '../../../src/connectors/rabbitmq/topologyMarks';
import type { BindingInfo, ExchangeInfo } from '../../../src/connectors/rabbitmq/topologyTypes';

const exchange = (name: string, type: string): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const bind = (source: string, destination: string, routingKey = '', destinationType: 'queue' | 'exchange' = 'queue'): BindingInfo => ({ vhost: '/', source, destination, destinationType, routingKey, arguments: {} });

describe('RabbitMQ topology marks', () => {
  it('topic patterns: * one word, # zero or more', () => {
    const cases: [string, string, boolean][] = [
      ['order.*', 'order.created', true],
      ['order.*', 'order.item.added', false],
      ['order.#', 'order', true],
      ['order.#', 'order.item.added', true],
      ['#', '', true],
      ['*.created', 'order.created', true],
      ['#.added', 'order.item.added', true],
      ['a.#.z', 'a.z', true],
      ['a.#.z', 'a.b.c.z', true],
      ['a.*.z', 'a.z', false],
      ['', '', true],
      ['order.created', 'order.created', true],
      ['order.created', 'order.shipped', false],
    ];
    for (const [pattern, key, expected] of cases) assert.equal(topicMatches(pattern, key), expected, `${pattern} vs ${key}`);
  });

  it('routes through fanout, topic, direct, exchange-to-exchange and the default exchange', () => {
    const exchanges = [exchange('t', 'topic'), exchange('f', 'fanout'), exchange('d', 'direct')];
    const bindings = [bind('t', 'q1', 'order.*'), bind('t', 'f', 'order.#', 'exchange'), bind('f', 'q2'), bind('d', 'q3', 'k')];
    const names = new Set(['q1', 'q2', 'q3', 'q4']);
    assert.deepEqual(routeTargets('t', 'order.created', exchanges, bindings, names), ['q1', 'q2']);
    assert.deepEqual(routeTargets('t', 'order.a.b', exchanges, bindings, names), ['q2']);
    assert.deepEqual(routeTargets('d', 'other', exchanges, bindings, names), []);
    assert.deepEqual(routeTargets('d', undefined, exchanges, bindings, names), ['q3'], 'an unknown key may reach every bound queue');
    assert.deepEqual(routeTargets('', 'q4', exchanges, bindings, names), ['q4']);
  });

  it('marks dead-letter targets (arguments or policy) and delay queues with where they deliver', () => {
    const queues = [
      toQueue({ name: 'work', arguments: { 'x-dead-letter-exchange': 'dlx' }, consumers: 1 }),
      toQueue({ name: 'by-policy', arguments: {}, effective_policy_definition: { 'dead-letter-exchange': '', 'dead-letter-routing-key': 'parking' } }),
      toQueue({ name: 'dlq', arguments: {} }),
      toQueue({ name: 'parking', arguments: {} }),
      toQueue({ name: 'delay', arguments: { 'x-message-ttl': 2000, 'x-dead-letter-exchange': 'app', 'x-dead-letter-routing-key': 'go' }, consumers: 0 }),
      toQueue({ name: 'target', arguments: {} }),
    ];
    const marks = markQueues(queues, [exchange('dlx', 'fanout'), exchange('app', 'direct')], [bind('dlx', 'dlq'), bind('app', 'target', 'go')]);
    assert.deepEqual(marks, {
      dlq: { deadLetterFor: ['work'] },
      parking: { deadLetterFor: ['by-policy'] },
      delay: { deadLetterFor: [], delay: { ttlMs: 2000, exchange: 'app', routingKey: 'go', targets: ['target'] } },
    });
  });

  it('reads queue arguments from x-arguments first and the policy after; lengths and delivery limits take the smaller', () => {
    const queue = toQueue({ name: 'q', type: 'quorum', arguments: { 'x-delivery-limit': 5, 'x-max-length': 100 }, effective_policy_definition: { 'delivery-limit': 3, 'max-length': 1000, 'message-ttl': 60000 }, messages_ready: 7, messages_unacknowledged: 2, message_stats: { publish_details: { rate: 1.5 } } });
    assert.deepEqual(queue.arguments, { deliveryLimit: 3, maxLength: 100, messageTtl: 60000 });
    assert.deepEqual([queue.ready, queue.unacked, queue.messages, queue.publishRate, queue.deliverRate], [7, 2, 9, 1.5, undefined]);
  });
});
