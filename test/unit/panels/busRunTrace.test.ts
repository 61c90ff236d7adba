import * as assert from 'node:assert/strict';
import { traceStartOf } from '../../../src/connectors/reads/traceRun';
import { BUS_RUN_SYSTEM, traceableBusEvent } from '../../../src/panels/busRun/busRunTrace';
import type { BusRun, BusTrace } from '../../../src/sandbox/bus/busTypes';

const trace = (event: BusTrace['event'], children: BusTrace[] = []): BusTrace => ({ event, middleware: [], handlers: [], children });

/** A stored order paid, whose handler published an invoice request (no time of its own), which published a mail. */
function run(): BusRun {
  const mail = trace({ id: 'm1', type: 'MailQueued', data: {}, metadata: { correlationId: 'corr-9', causationId: 'i1' } });
  const invoice = trace({ id: 'i1', type: 'InvoiceRequested', data: {}, metadata: { correlationId: 'corr-9', causationId: 'p1' } }, [mail]);
  return {
    file: '/w/.eventflow/bus.js',
    durationMs: 3,
    traces: [
      trace({ id: 'a1', type: 'ItemAdded', data: { sku: 'S' }, timestamp: '2026-12-06T09:00:00.000Z', metadata: {} }),
      trace(
        {
          id: 'p1',
          type: 'OrderPaid',
          data: { total: 5 },
          timestamp: '2026-12-06T10:00:00.000Z',
          aggregateId: 'Order-1',
          version: 3,
          metadata: { correlationId: 'corr-9', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: 42, note: 'x' },
        },
        [invoice],
      ),
    ],
    deadLetters: [],
  };
}

describe("bus run: Trace This Event's Flow", () => {
  it('makes a published event a trace start: its ids, and its nearest cause\'s time', () => {
    const event = traceableBusEvent(run(), 'm1');
    assert.ok(event);
    assert.deepEqual(event.source, { system: BUS_RUN_SYSTEM, file: '/w/.eventflow/bus.js' });
    assert.equal(event.timestamp, '2026-12-06T10:00:00.000Z');
    assert.deepEqual(traceStartOf(event), { eventId: 'm1', correlationId: 'corr-9', at: Date.parse('2026-12-06T10:00:00.000Z') });
  });

  it('keeps a run event\'s own time, place in its aggregate and string ids only', () => {
    const event = traceableBusEvent(run(), 'p1');
    assert.ok(event);
    assert.equal(event.timestamp, '2026-12-06T10:00:00.000Z');
    assert.equal(event.aggregateId, 'Order-1');
    assert.equal(event.version, 3);
    assert.deepEqual(event.metadata, { correlationId: 'corr-9', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    assert.deepEqual(traceStartOf(event).traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('finds no event the run does not hold', () => {
    assert.equal(traceableBusEvent(run(), 'p2'), undefined);
    assert.equal(traceableBusEvent(run(), ''), undefined);
  });

  it('traces an event without time or correlation over all time, by its own id', () => {
    const lone: BusRun = { file: '/b.js', durationMs: 1, traces: [trace({ id: 'x1', type: 'T', data: null })], deadLetters: [] };
    const event = traceableBusEvent(lone, 'x1');
    assert.ok(event);
    assert.deepEqual(traceStartOf(event), { eventId: 'x1' });
  });
});
