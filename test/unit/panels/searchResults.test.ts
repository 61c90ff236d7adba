import * as assert from 'node:assert/strict';
import '../../../src/connectors/kafka/kafkaSource';
import '../../../src/connectors/rabbitmq/rabbitSource';
import type { EventSource, FlowEvent } from '../../../src/core/envelope';
import type { FoundEvent } from '../../../src/core/flow/flowTypes';
import { SearchResults } from '../../../src/panels/search/searchResults';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');

function found(id: string, at: number | undefined, connectionLabel: string, source: EventSource, more: Partial<FlowEvent> = {}): FoundEvent {
  return {
    event: { id, type: 'OrderPlaced', timestamp: at === undefined ? '' : new Date(T0 + at).toISOString(), data: {}, metadata: { correlationId: 'c-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }, source, ...more },
    connectionId: connectionLabel.toLowerCase(),
    connectionLabel,
    source: 'searched',
  };
}

const kafka = (offset: number): EventSource => ({ system: 'kafka', topic: 'orders', partition: 0, offset: String(offset) });
const rabbit: EventSource = { system: 'rabbitmq', vhost: '/', queue: 'billing', position: 0, exchange: 'orders', routingKey: 'order.placed' };
const local: EventSource = { system: 'local', file: 'events.ndjson', line: 1 };

describe('search view: the results as rows', () => {
  it('merges each answer in time order, an event without a time last; keys stay the order they arrived in', () => {
    const results = new SearchResults();
    assert.equal(results.add([found('k2', 2000, 'Kafka', kafka(2)), found('k0', 0, 'Kafka', kafka(0))]), 2);
    assert.equal(results.add([found('r1', 1000, 'RabbitMQ', rabbit), found('r-none', undefined, 'RabbitMQ', rabbit)]), 2);
    assert.equal(results.add([found('l1', 1000, 'Local', local, { aggregateId: 'Order-1', version: 3 })]), 1);
    const rows = results.rows(0, 100);
    assert.deepEqual(rows.map((r) => [r.key, r.eventId]), [[1, 'k0'], [2, 'r1'], [4, 'l1'], [0, 'k2'], [3, 'r-none']]);
    assert.equal(results.get(4)?.event.id, 'l1');
    assert.deepEqual(results.rows(1, 2).map((r) => r.eventId), ['r1', 'l1']);
    assert.deepEqual(results.rows(5, 10), []);
  });

  it('a row says when, which system, its place as the flow view names it, its type and ids', () => {
    const results = new SearchResults();
    results.add([found('k0', 0, 'Rig Kafka', kafka(7)), found('r1', 10, 'Rig RabbitMQ', rabbit), found('l1', 20, 'Local', local, { aggregateId: 'Order-1', version: 3 }), found('n', undefined, 'Rig RabbitMQ', rabbit)]);
    const [k, r, l, n] = results.rows(0, 4);
    assert.deepEqual(k, { key: 0, time: '2026-12-06T10:00:00.000Z', system: 'Rig Kafka', kind: 'kafka', place: 'orders [0] @ 7', type: 'OrderPlaced', eventId: 'k0', correlationId: 'c-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    assert.equal(r.place, 'orders → billing #0 (key order.placed)');
    assert.equal(l.place, 'Local › Order-1 v3');
    assert.equal(n.time, '');
  });

  it('holds at most its capacity and counts what it did not keep', () => {
    const results = new SearchResults(3);
    assert.equal(results.add([0, 1].map((i) => found(`a${i}`, i, 'Kafka', kafka(i)))), 2);
    assert.equal(results.add([2, 3, 4].map((i) => found(`b${i}`, i, 'Kafka', kafka(i)))), 1);
    assert.equal(results.size, 3);
    assert.equal(results.dropped, 2);
    results.clear();
    assert.equal(results.size, 0);
    assert.equal(results.dropped, 0);
  });
});
