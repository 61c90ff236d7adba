import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { traceToMermaid, traceToNdjson, mermaidText } from '../../../src/core/flow/flowExport';
import { buildFlowTrace } from '../../../src/core/flow/flowTrace';
import type { FoundEvent } from '../../../src/core/flow/flowTypes';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');

function found(id: string, at: number, extra: { causationId?: string; type?: string; lane?: string; xDeath?: string } = {}): FoundEvent {
  return {
    event: {
      id,
      type: extra.type ?? 'OrderPlaced',
      timestamp: new Date(T0 + at).toISOString(),
      data: {},
      metadata: { correlationId: 'c1', ...(extra.causationId === undefined ? {} : { causationId: extra.causationId }), ...(extra.xDeath ? { headers: [{ key: 'x-death', value: extra.xDeath }] } : {}) },
      source: { system: 'local', file: 'e.ndjson', line: 1 },
      aggregateId: 'order-1',
      version: 1,
    },
    connectionId: extra.lane ?? 'local',
    connectionLabel: extra.lane ?? 'Local',
    source: 'Local',
  };
}

const HOSTILE = ['a"b', "it's", 'line\nbreak', 'carriage\rreturn', 'semi;colon', '%% comment', 'A-->>B: forged', 'x--)y', '<script>alert(1)</script>', '#quot;', 'end', '\u2028sep', 'participant Z as Evil', 'note over L0: x'];

/** Every line of a Mermaid sequence diagram is one statement: a header, a participant, a message or a note. */
const STATEMENT = /^(sequenceDiagram| {2}participant L\d+ as [^\n]*| {2}L\d+(->>|-->>|-\)|--\))L\d+: [^\n]*| {2}Note over L\d+: [^\n]*)$/;

describe('flow trace exports', () => {
  it('writes NDJSON, one node a line, with its cause or its gap', () => {
    const trace = buildFlowTrace([found('a', 0), found('b', 20, { causationId: 'a' }), found('c', 30, { causationId: 'gone' })]);
    const lines = traceToNdjson(trace).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.eventId), ['a', 'b', 'c']);
    assert.deepEqual(lines[1].cause, { index: 0, kind: 'caused', latencyMs: 20 });
    assert.equal(lines[2].missingCause, 'gone');
    assert.equal(lines[0].lane, 'Local');
  });

  it('writes a sequence diagram with a participant per lane, hops, gaps and retries', () => {
    const trace = buildFlowTrace([
      found('a', 0, { lane: 'kafka' }),
      found('a', 5, { lane: 'rabbit', xDeath: JSON.stringify([{ count: 1, reason: 'rejected', queue: 'billing' }]) }),
      found('b', 20, { causationId: 'a' }),
      found('c', 30, { causationId: 'gone' }),
    ]);
    const text = traceToMermaid(trace);
    assert.match(text, /^sequenceDiagram\n {2}participant L0 as kafka \(local\)\n/);
    assert.match(text, / {2}L0-->>L1: relayed#58; OrderPlaced at rabbit › order-1 v1 \(\+5 ms\)/);
    assert.match(text, / {2}L1->>L2: OrderPlaced/);
    assert.match(text, /Note over L1: retried 1x#58; rejected in billing/);
    assert.match(text, /Note over L2: gap#58; its cause gone was not found/);
    for (const line of text.trimEnd().split('\n')) assert.match(line, STATEMENT);
  });

  it('keeps hostile ids, types and lane names inside their labels', () => {
    for (const hostile of HOSTILE) {
      const trace = buildFlowTrace([found(hostile, 0, { type: hostile, lane: hostile }), found('b', 10, { causationId: hostile, type: hostile }), found('c', 20, { causationId: hostile + 'x' })]);
      const text = traceToMermaid(trace);
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, 1 + trace.lanes.length + 4, hostile);
      for (const line of lines) assert.match(line, STATEMENT, JSON.stringify(hostile));
      const labels = lines.slice(1).map((line) => line.replace(/^ {2}(participant L\d+ as |L\d+(->>|-->>|-\)|--\))L\d+: |Note over L\d+: )/, '').replace(/#\d+;/g, ''));
      for (const label of labels) assert.ok(!/[<>;%":\r]/.test(label), `raw syntax left in ${JSON.stringify(label)}`);
      for (const line of traceToNdjson(trace).trimEnd().split('\n')) assert.doesNotThrow(() => JSON.parse(line));
      assert.ok(!/[\u2028\u2029]/.test(traceToNdjson(trace)));
    }
  });

  it('codes every character that could end or start Mermaid syntax, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const text = mermaidText(value);
        assert.ok(!/[\n\r;%:<>"`{}|\\\u2028\u2029]/.test(text.replace(/#\d+;/g, '')), JSON.stringify(text));
        assert.ok(!/-[-)>x]/.test(text), JSON.stringify(text));
        assert.ok(!/#\d+;/.test(value) || text.includes('#35;'));
      }),
    );
  });
});
