import * as assert from 'node:assert/strict';
import { valueChanges } from '../../../src/core/diff';
import { busRunView, middlewareChanges, runLocations, summarize } from '../../../src/panels/busRun/busRunView';
import type { BusRun, BusTrace } from '../../../src/sandbox/bus/busTypes';

const event = (id: string, type: string): BusTrace['event'] => ({ id, type, data: { total: 1 } });

/** A run as the bus engine records it: a dropped event, a retried handler, a child that is dead-lettered. */
function recordedRun(): BusRun {
  const error = { message: 'mail relay refused', location: { file: '/w/.eventflow/bus.js', line: 50, column: 9 } };
  const child: BusTrace = {
    event: event('c1', 'InvoiceRequested'),
    parentId: 'e2',
    middleware: [],
    handlers: [{ name: 'emailInvoice', outcome: 'dead-lettered', attempts: [1, 2, 3].map((attempt) => ({ attempt, delayMs: attempt === 1 ? 0 : 10 * 2 ** (attempt - 1), durationMs: 0.1, error })) }],
    children: [],
  };
  return {
    file: '/w/.eventflow/bus.js',
    durationMs: 12,
    traces: [
      { event: event('e1', 'ItemAdded'), middleware: [{ name: 'validation', received: { type: 'ItemAdded' }, passed: null, changed: [], dropped: true, durationMs: 0.1 }], droppedBy: 'validation', handlers: [], children: [] },
      {
        event: event('e2', 'OrderPaid'),
        middleware: [{ name: 'timing', received: { type: 'OrderPaid', metadata: {} }, passed: { type: 'OrderPaid', metadata: { at: 5 } }, changed: ['metadata.at'], dropped: false, durationMs: 0.1 }],
        handlers: [{ name: 'reserveStock', outcome: 'ok', attempts: [{ attempt: 1, delayMs: 0, durationMs: 0.1, error: { message: 'timeout' } }, { attempt: 2, delayMs: 20, durationMs: 0.1, result: { ok: true } }] }],
        children: [child],
      },
    ],
    deadLetters: [{ eventId: 'c1', eventType: 'InvoiceRequested', handler: 'emailInvoice', attempts: 3, error }],
  };
}

describe('bus-run view (what the webview is sent)', () => {
  it('shows each middleware step as the values it added, removed or changed', () => {
    assert.deepEqual(middlewareChanges({ a: 1, b: 2 }, { a: 1, c: 3 }), [
      { path: 'b', kind: 'removed', before: 2 },
      { path: 'c', kind: 'added', after: 3 },
    ]);
    assert.deepEqual(middlewareChanges({ a: [1] }, { a: [2] }), [{ path: 'a.0', kind: 'changed', before: 1, after: 2 }]);
    assert.deepEqual(middlewareChanges(1, 'one'), [{ path: '', kind: 'changed', before: 1, after: 'one' }]);
    assert.deepEqual(middlewareChanges({ same: true }, { same: true }), []);
  });

  it('keeps a dropped step without a diff, the children nested, and counts what happened', () => {
    const view = busRunView(recordedRun(), 'the sample flow');
    assert.deepEqual(view.traces[0].middleware[0].changes, []);
    assert.deepEqual(view.traces[1].middleware[0].changes, [{ path: 'metadata.at', kind: 'added', after: 5 }]);
    assert.equal(view.traces[1].children[0].event.id, 'c1');
    assert.deepEqual(summarize(recordedRun()), { events: 3, handlers: 2, retried: 2, dropped: 1, failed: 1, deadLetters: 1 });
    assert.equal(view.source, 'the sample flow');
  });

  it('lets the page open only the files the run names', () => {
    assert.deepEqual([...runLocations(recordedRun())], ['/w/.eventflow/bus.js']);
  });

  it('bounds a comparison of very different values', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    assert.equal(valueChanges({}, many, 500).length, 500);
  });
});
