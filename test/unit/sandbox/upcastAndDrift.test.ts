import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { snapshotDrift } from '../../../src/sandbox/snapshotDrift';
import { SandboxError } from '../../../src/sandbox/types';
import { ORDER_REDUCER_JS, sampleOrderEvents, sandboxPerTest } from './workspace';

/** ItemAdded v1 had `price`; v2 renamed it `unitPrice`; v3 added `currency`. PaymentCompleted v1 has no upcaster. */
const VERSIONED_REDUCER = `module.exports = {
  Order: {
    initial: { total: 0 },
    apply(state, event) {
      if (event.type !== 'ItemAdded') return state;
      return { total: state.total + event.data.quantity * event.data.unitPrice };
    },
    upcast: {
      ItemAdded: {
        1: (event) => { const { price, ...rest } = event.data; return { ...event, data: { ...rest, unitPrice: price } }; },
        2: (event) => ({ ...event, data: { ...event.data, currency: 'EUR' } }),
      },
    },
  },
};
`;

function itemEvent(version: number, schemaVersion: number | undefined, data: Record<string, number | string>): FlowEvent {
  return { id: `e${version}`, type: 'ItemAdded', timestamp: '2026-01-05T09:00:00.000Z', data, aggregateId: 'Order-1', version, metadata: schemaVersion ? { schemaVersion } : {}, source: { system: 'local', file: 'events.ndjson', line: version } };
}

describe('sandbox: upcaster preview and snapshot drift', function () {
  this.timeout(20_000);
  const fresh = sandboxPerTest();

  it('shows each event before and after upcasting, and the events no upcaster covers', async () => {
    const file = fresh.workspace.write('reducers/order.js', VERSIONED_REDUCER);
    const report = await fresh.sandbox.load([file]);
    assert.deepEqual(report.reducers[0].upcasters, { ItemAdded: [1, 2] });
    const events: FlowEvent[] = [
      itemEvent(1, undefined, { sku: 'A', quantity: 2, price: 5 }),
      itemEvent(2, 2, { sku: 'B', quantity: 1, unitPrice: 3 }),
      itemEvent(3, 3, { sku: 'C', quantity: 1, unitPrice: 4, currency: 'USD' }),
      { ...itemEvent(4, 1, { amount: 17 }), type: 'PaymentCompleted', id: 'p1' },
      { ...itemEvent(5, 2, { amount: 17 }), type: 'PaymentCompleted', id: 'p2' },
    ];
    const preview = await fresh.sandbox.upcastPreview('Order', events);
    assert.deepEqual(preview.rows.map((r) => [r.eventId, r.fromVersion, r.toVersion]), [['e1', 1, 3], ['e2', 2, 3], ['e3', 3, 3], ['p1', 1, 1], ['p2', 2, 2]]);
    assert.deepEqual(preview.rows[0].after.data, { sku: 'A', quantity: 2, unitPrice: 5, currency: 'EUR' });
    assert.deepEqual(preview.rows[0].changed.sort(), ['data.currency', 'data.price', 'data.unitPrice', 'metadata.schemaVersion'].sort());
    assert.deepEqual(preview.rows[2].changed, []);
    assert.deepEqual(preview.uncovered.map((u) => [u.eventId, u.schemaVersion, u.latest]), [['p1', 1, 2]]);
    assert.deepEqual(preview.types.ItemAdded, { seen: [1, 2, 3], latest: 3 });
    // Replay sees upcast events: v1's `price` counts as `unitPrice`.
    const stream = await fresh.sandbox.openStream('Order', events.slice(0, 3));
    assert.deepEqual(await stream.fold(), { total: 17 });
  });

  it('names the upcaster that failed and its event', async () => {
    const file = fresh.workspace.write('reducers/order.js', VERSIONED_REDUCER.replace("1: (event) => {", "1: (event) => { if (event.data.quantity > 5) return null;"));
    await fresh.sandbox.load([file]);
    await assert.rejects(fresh.sandbox.upcastPreview('Order', [itemEvent(1, 1, { quantity: 1, price: 1 }), itemEvent(2, 1, { quantity: 9, price: 1 })]), (error: unknown) =>
      error instanceof SandboxError && error.failure.eventIndex === 1 && /upcast\.ItemAdded\[1\] returned null/.test(error.message),
    );
  });

  it('re-folds from events and lists each stored snapshot that differs, with the diff', async () => {
    const file = fresh.workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    await fresh.sandbox.load([file]);
    const events = sampleOrderEvents();
    const stream = await fresh.sandbox.openStream('Order', events);
    const atThree = await stream.stateAt(2);
    const atLast = await stream.fold();
    const drifted = { ...(atLast as object), total: 1 };
    const checks = await snapshotDrift(stream, events, [
      { version: events.length, state: drifted },
      { version: 3, state: atThree },
      { version: 999, state: {} },
    ]);
    assert.deepEqual(checks.map((c) => [c.version, c.matches, c.paths]), [
      [3, true, []],
      [events.length, false, ['total']],
      [999, false, []],
    ]);
    assert.equal(checks[1].index, events.length - 1);
    assert.deepEqual(checks[1].replayed, atLast);
    assert.match(checks[2].problem ?? '', /no event has version 999/);
  });
});
