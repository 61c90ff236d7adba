import { strict as assert } from 'node:assert';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { aggregateIdOf, aggregateIdRuleProblem, PeekedEventStore } from '../../../src/connectors/rabbitmq/peekedEventStore';

function message(position: number, data: JsonValue, headers: Record<string, string> = {}): FlowEvent {
  return {
    id: `m-${position}`,
    type: 'OrderCreated',
    timestamp: `2026-12-03T10:00:0${position}.000Z`,
    data,
    metadata: { headers: Object.entries(headers).map(([key, value]) => ({ key, value })) },
    source: { system: 'rabbitmq', vhost: '/', queue: 'q', position },
  };
}

describe('peeked RabbitMQ messages as an event store', () => {
  it('finds the aggregate id in a header, at a JSON path, or by the default names', () => {
    const m = message(0, { order: { id: 'O-7' }, orderId: 'O-1' }, { 'Aggregate-Id': 'O-h', tenant: 't-1' });
    assert.equal(aggregateIdOf(m, undefined), 'O-h');
    assert.equal(aggregateIdOf(m, 'header:tenant'), 't-1');
    assert.equal(aggregateIdOf(m, '$.order.id'), 'O-7');
    assert.equal(aggregateIdOf(message(1, { orderId: 42 }), undefined), '42');
    assert.equal(aggregateIdOf(message(2, 'plain text'), undefined), undefined);
    assert.equal(aggregateIdOf(m, '$.missing.path'), undefined);
    assert.equal(aggregateIdRuleProblem('$.a.b'), undefined);
    assert.equal(aggregateIdRuleProblem('header:x'), undefined);
    assert.match(aggregateIdRuleProblem('orderId') ?? '', /header:<name> or a JSON path/);
  });

  it('groups messages by aggregate in peek order with versions 1, 2, … and counts those without an id', async () => {
    const store = new PeekedEventStore('q', [message(0, { orderId: 'A' }), message(1, { orderId: 'B' }), message(2, 'no id'), message(3, { orderId: 'A' })], undefined);
    assert.deepEqual(store.aggregates().map((a) => [a.id, a.version]), [['A', 2], ['B', 1]]);
    const read: FlowEvent[] = [];
    for await (const batch of store.readStream('A')) read.push(...batch);
    assert.deepEqual(read.map((e) => [e.id, e.version, e.aggregateId]), [['m-0', 1, 'A'], ['m-3', 2, 'A']]);
    assert.equal(store.withoutId, 1);
    assert.match(store.problems()[0].message, /1 peeked message\(s\) carry no aggregate id/);
    await assert.rejects(store.append(), /read-only/);
  });
});
