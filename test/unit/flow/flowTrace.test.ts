import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../src/connectors/kafka/kafkaSource';
import '../../../src/connectors/rabbitmq/rabbitSource';
import type { EventHeader, EventSource, FlowEvent } from '../../../src/core/envelope';
import { buildFlowTrace } from '../../../src/core/flow/flowTrace';
import type { FoundEvent } from '../../../src/core/flow/flowTypes';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const KAFKA: EventSource = { system: 'kafka', topic: 'orders', partition: 2, offset: '41' };
const RABBIT: EventSource = { system: 'rabbitmq', vhost: '/', queue: 'billing', position: 0, exchange: 'orders', routingKey: 'order.placed' };
const STORE: EventSource = { system: 'local', file: 'events.ndjson', line: 7 };

interface Spec {
  id: string;
  at: number;
  source?: EventSource;
  connection?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: { trace: string; span: string };
  headers?: EventHeader[];
  data?: FlowEvent['data'];
  aggregateId?: string;
  version?: number;
}

function found(spec: Spec): FoundEvent {
  const source = spec.source ?? STORE;
  const connection = spec.connection ?? source.system;
  const event: FlowEvent = {
    id: spec.id,
    type: `T-${spec.id}`,
    timestamp: new Date(T0 + spec.at).toISOString(),
    data: spec.data ?? {},
    metadata: {
      correlationId: spec.correlationId ?? 'c1',
      ...(spec.causationId === undefined ? {} : { causationId: spec.causationId }),
      ...(spec.traceparent ? { traceId: spec.traceparent.trace, parentSpanId: spec.traceparent.span } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
    },
    source,
    ...(spec.aggregateId === undefined ? {} : { aggregateId: spec.aggregateId }),
    ...(spec.version === undefined ? {} : { version: spec.version }),
  };
  return { event, connectionId: connection, connectionLabel: `${connection} label`, source: source.system === 'local' ? 'Local' : source.system };
}

describe('flow trace model', () => {
  it('orders nodes in time, one lane per connection, each with its place', () => {
    const trace = buildFlowTrace([
      found({ id: 'c', at: 300, aggregateId: 'order-1', version: 3 }),
      found({ id: 'a', at: 100, source: KAFKA }),
      found({ id: 'b', at: 200, source: RABBIT, causationId: 'a' }),
    ]);
    assert.deepEqual(trace.nodes.map((n) => n.eventId), ['a', 'b', 'c']);
    assert.deepEqual(trace.lanes.map((l) => l.id), ['kafka', 'rabbitmq', 'local']);
    assert.deepEqual(trace.nodes.map((n) => n.place), ['orders [2] @ 41', 'orders → billing #0 (key order.placed)', 'local label › order-1 v3']);
  });

  it('ties an effect to the event its causation id names, with the latency', () => {
    const trace = buildFlowTrace([found({ id: 'a', at: 0 }), found({ id: 'b', at: 250, causationId: 'a' }), found({ id: 'c', at: 400, causationId: 'a' })]);
    assert.deepEqual(trace.edges, [
      { from: 0, to: 1, kind: 'caused', latencyMs: 250 },
      { from: 0, to: 2, kind: 'caused', latencyMs: 400 },
    ]);
    assert.deepEqual(trace.gaps, []);
  });

  it('draws the same message seen in two places as a relay, and its effect from the copy seen last', () => {
    const trace = buildFlowTrace([
      found({ id: 'm1', at: 0, source: KAFKA }),
      found({ id: 'm1', at: 40, source: RABBIT }),
      found({ id: 'e2', at: 90, causationId: 'm1' }),
    ]);
    assert.deepEqual(trace.edges, [
      { from: 0, to: 1, kind: 'relay', latencyMs: 40 },
      { from: 1, to: 2, kind: 'caused', latencyMs: 50 },
    ]);
  });

  it('counts an event found twice in one place (by correlation and by trace id) once', () => {
    const one = found({ id: 'm1', at: 0, source: KAFKA });
    const trace = buildFlowTrace([one, { ...one, event: { ...one.event } }]);
    assert.equal(trace.nodes.length, 1);
    assert.deepEqual(trace.edges, []);
  });

  it('marks a gap where an event names a cause that was not found', () => {
    const trace = buildFlowTrace([found({ id: 'a', at: 0 }), found({ id: 'c', at: 100, causationId: 'b-deleted' })]);
    assert.deepEqual(trace.gaps, [{ node: 1, missingEventId: 'b-deleted' }]);
    assert.deepEqual(trace.edges, []);
  });

  it('falls back to the W3C span that sent both, then to time order within the correlation', () => {
    const trace = buildFlowTrace([
      found({ id: 'a', at: 0, traceparent: { trace: 't'.repeat(32), span: 's1' } }),
      found({ id: 'b', at: 10, traceparent: { trace: 't'.repeat(32), span: 's1' } }),
      found({ id: 'x', at: 15, correlationId: 'other' }),
      found({ id: 'c', at: 30 }),
    ]);
    assert.deepEqual(trace.edges, [
      { from: 0, to: 1, kind: 'span', latencyMs: 10 },
      { from: 1, to: 3, kind: 'time', latencyMs: 20 },
    ]);
  });

  it('turns an x-death history into retries', () => {
    const xDeath = JSON.stringify([
      { count: 2, reason: 'rejected', queue: 'billing', exchange: 'orders', time: '2026-12-06T10:00:01.000Z', 'routing-keys': ['order.placed'] },
      { count: 1, reason: 'expired', queue: 'billing.retry', exchange: '' },
    ]);
    const trace = buildFlowTrace([found({ id: 'a', at: 0, source: RABBIT, headers: [{ key: 'x-death', value: xDeath }] })]);
    assert.deepEqual(trace.nodes[0].retries, [
      { reason: 'rejected', queue: 'billing', exchange: 'orders', count: 2, time: '2026-12-06T10:00:01.000Z' },
      { reason: 'expired', queue: 'billing.retry', exchange: '', count: 1 },
    ]);
  });

  it('reads a damaged x-death header as no retries rather than failing', () => {
    for (const value of ['{', '"x"', '[1, null, [], {"count": "many"}]']) {
      const trace = buildFlowTrace([found({ id: 'a', at: 0, source: RABBIT, headers: [{ key: 'x-death', value }] })]);
      assert.ok(trace.nodes[0].retries.every((r) => r.count === 0));
    }
  });

  it('says when an event is its own cause, and still places it', () => {
    const trace = buildFlowTrace([found({ id: 'a', at: 0 }), found({ id: 'b', at: 5, causationId: 'b' })]);
    assert.deepEqual(trace.edges, [{ from: 0, to: 1, kind: 'time', latencyMs: 5 }]);
    assert.match(trace.notes.join('\n'), /"b" .* names itself as its cause/);
  });

  it('says when the causation ids form a cycle', () => {
    const trace = buildFlowTrace([found({ id: 'a', at: 0, causationId: 'c' }), found({ id: 'b', at: 10, causationId: 'a' }), found({ id: 'c', at: 20, causationId: 'b' })]);
    assert.equal(trace.edges.length, 3);
    assert.match(trace.notes.join('\n'), /cycle: "a" → "b" → "c" → "a"|cycle: "c" → "a" → "b" → "c"|cycle: "b" → "c" → "a" → "b"/);
    assert.match(trace.notes.join('\n'), /end before they start/);
  });

  it('says what it saw when the headers and the body name different ids', () => {
    const trace = buildFlowTrace([
      found({ id: 'from-header', at: 0, headers: [{ key: 'event-id', value: 'from-header' }, { key: 'correlation-id', value: 'c1' }], data: { event_id: 'from-body', correlation_id: 'c-body' } }),
    ]);
    assert.deepEqual(
      trace.nodes[0].disagreements.map((d) => [d.field, d.header, d.body, d.used]),
      [
        ['eventId', 'from-header', 'from-body', 'from-header'],
        ['correlationId', 'c1', 'c-body', 'c1'],
      ],
    );
    assert.match(trace.notes.join('\n'), /headers say eventId "from-header", the body says "from-body"/);
  });

  it('keeps ids of 10 kB whole for matching and short in notes', () => {
    const big = 'x'.repeat(10_240);
    const trace = buildFlowTrace([found({ id: big, at: 0 }), found({ id: 'b', at: 1, causationId: big }), found({ id: 'c', at: 2, causationId: 'c' })]);
    assert.deepEqual(trace.edges[0], { from: 0, to: 1, kind: 'caused', latencyMs: 1 });
    assert.ok(trace.notes.every((n) => n.length < 400));
  });

  it('builds 10,000 events under one correlation id, chained and as copies of one id, in linear time', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => found({ id: `e${i}`, at: i, ...(i > 0 ? { causationId: `e${i - 1}` } : {}) }));
    const trace = buildFlowTrace(chain);
    assert.equal(trace.nodes.length, 10_000);
    assert.equal(trace.edges.length, 9_999);
    const copies = Array.from({ length: 10_000 }, (_, i) => found({ id: 'same', at: i, source: { system: 'kafka', topic: 't', partition: 0, offset: String(i) } }));
    assert.equal(buildFlowTrace(copies).edges.filter((e) => e.kind === 'relay').length, 9_999);
  });

  it('keeps the earliest events up to its bound and says how many it left out', () => {
    const trace = buildFlowTrace(
      Array.from({ length: 50 }, (_, i) => found({ id: `e${i}`, at: 50 - i })),
      20,
    );
    assert.equal(trace.nodes.length, 20);
    assert.equal(trace.leftOut, 30);
    assert.equal(trace.nodes[0].eventId, 'e49');
    assert.match(trace.notes.join('\n'), /30 more event/);
  });

  it('never fails and keeps every edge well formed, whatever ids and causes it is given', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', '', 'a\n;%%-->>');
    const spec = fc.record({ id, at: fc.integer({ min: -5, max: 5 }), causationId: fc.option(id, { nil: undefined }), span: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }), lane: fc.constantFrom('k', 'r', 'l') });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), (specs) => {
        const trace = buildFlowTrace(
          specs.map((s) => found({ id: s.id, at: s.at, connection: s.lane, ...(s.causationId === undefined ? {} : { causationId: s.causationId }), ...(s.span ? { traceparent: { trace: 't', span: s.span } } : {}) })),
        );
        const targets = new Set<number>();
        for (const edge of trace.edges) {
          assert.ok(edge.from !== edge.to && edge.from >= 0 && edge.to < trace.nodes.length);
          assert.ok(!targets.has(edge.to), 'one cause per node');
          targets.add(edge.to);
          if (edge.kind !== 'caused') assert.ok(edge.from < edge.to, 'only a causation id may point back in time');
        }
        for (const gap of trace.gaps) assert.ok(!targets.has(gap.node));
      }),
    );
  });
});
