import { strict as assert } from 'node:assert';
import { CHAPTER_FIRST_ORDER } from '../../../src/core/chapterSamples';
import { CROSSING_RETRIED_PRIORITY, crossingSample } from '../../../src/connectors/crossingSample';

const header = (headers: { key: string; value: string }[] | undefined, key: string): string | undefined => headers?.find((h) => h.key === key)?.value;

describe('The crossing sample', () => {
  const now = Date.parse('2026-12-06T12:00:00.500Z');
  const sample = crossingSample(now, 7);

  it("is the chapter's first order: four events cross Kafka and RabbitMQ, OrderPaid is the store's own", () => {
    assert.deepEqual(sample.crossing.map((e) => e.type), CHAPTER_FIRST_ORDER.eventTypes.slice(0, 4));
    assert.deepEqual(sample.storedOnly.map((e) => e.type), ['OrderPaid']);
    assert.deepEqual(sample.kafka.map((m) => header(m.headers, 'event-id')), sample.crossing.map((e) => e.id));
    assert.deepEqual(sample.rabbit.map((m) => m.properties?.messageId), sample.crossing.map((e) => e.id), 'relayed under the same message id');
    assert.deepEqual(sample.store.events.map((e) => e.id), [...sample.crossing, ...sample.storedOnly].map((e) => e.id));
    assert.deepEqual(sample.rabbit.map((m) => m.key), ['order.created', 'order.item-added', 'order.item-added', 'order.payment-completed']);
  });

  it('carries the correlation id, the causation chain and one W3C trace with a new span per hop', () => {
    for (const message of sample.kafka) assert.equal(header(message.headers, 'correlation-id'), sample.correlationId);
    for (const message of sample.rabbit) assert.equal(message.properties?.correlationId, sample.correlationId);
    assert.deepEqual(sample.kafka.map((m) => header(m.headers, 'causation-id')), [undefined, ...sample.crossing.slice(0, 3).map((e) => e.id)]);
    assert.deepEqual(sample.store.events[4].metadata?.causationId, sample.crossing[3].id);
    const parents = [...sample.kafka, ...sample.rabbit].map((m) => header(m.headers, 'traceparent') ?? '');
    for (const parent of parents) assert.match(parent, new RegExp(`^00-${sample.traceId}-[0-9a-f]{16}-01$`));
    assert.equal(new Set(parents.map((p) => p.split('-')[2])).size, parents.length, 'each hop sends from its own span');
    assert.ok(sample.store.events.every((e) => e.metadata?.traceId === sample.traceId));
  });

  it('times each hop after the one before, in whole seconds, ending before now; only the payment jumps the queue', () => {
    const times = sample.crossing.flatMap((_, i) => [Number(sample.kafka[i].properties?.timestamp), Date.parse(String(sample.rabbit[i].properties?.timestamp)), Date.parse(sample.store.events[i].timestamp ?? '')]);
    times.push(Date.parse(sample.store.events[4].timestamp ?? ''));
    assert.deepEqual([...times].sort((a, b) => a - b), times);
    assert.equal(new Set(times).size, times.length);
    assert.ok(times.every((t) => t % 1000 === 0 && t < now));
    assert.deepEqual(sample.rabbit.map((m) => m.properties?.priority), [1, 1, 1, CROSSING_RETRIED_PRIORITY]);
  });
});
