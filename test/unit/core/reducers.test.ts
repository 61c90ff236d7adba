import { strict as assert } from 'node:assert';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { NotApplied, builtInReducers, chooseReducer, genericReducer, orderReducer } from '../../../src/core/reducers';
import type { OrderState } from '../../../src/core/reducers';
import { replayAll, replayWithOutcomes } from '../../../src/core/replay';
import { SAMPLE_HAPPY_ORDER, sampleOrderFlows } from '../../../src/core/samples';
import { flowEvent, sampleToFlowEvents } from './flowEvents';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The state `apply` returned; fails the test when the event was not applied. */
function applied<S>(result: S | NotApplied): S {
  if (result instanceof NotApplied) assert.fail(`expected the event to be applied, got "${result.message}"`);
  return result;
}

/** Replays with every intermediate state frozen, so a reducer that mutates its input throws. */
function replayFrozen(events: readonly FlowEvent[]): OrderState {
  let state = deepFreeze(orderReducer.initial());
  for (const event of events) {
    const next = orderReducer.apply(state, event);
    if (!(next instanceof NotApplied)) state = deepFreeze(next);
  }
  return state;
}

function orderEvents(...specs: [string, JsonValue][]): FlowEvent[] {
  return specs.map(([type, data], i) => flowEvent(type, data, { version: i + 1, timestamp: `2026-01-05T09:00:${String(i).padStart(2, '0')}.000Z` }));
}

describe('orderReducer', () => {
  it('replays the happy sample order to shipped with the known total', () => {
    const aggregate = sampleOrderFlows().find((flow) => flow.aggregateId === SAMPLE_HAPPY_ORDER.id)!;
    const events = sampleToFlowEvents(aggregate);
    const paidIndex = events.findIndex((event) => event.type === 'OrderPaid');
    const paid = replayFrozen(events.slice(0, paidIndex + 1));
    assert.equal(paid.status, 'paid');
    assert.equal(paid.total, SAMPLE_HAPPY_ORDER.paidTotal);
    assert.equal(paid.paidAt, events[paidIndex].timestamp);
    assert.deepEqual(paid.payment, { paymentId: 'pay-1001', amount: 109.97, method: 'card' });

    const final = replayFrozen(events);
    assert.equal(final.status, SAMPLE_HAPPY_ORDER.finalStatus);
    assert.equal(final.orderId, 'Order-1001');
    assert.deepEqual(final.items, [
      { sku: 'KB-MECH-01', name: 'Mechanical Keyboard', quantity: 2, unitPrice: 49.99 },
      { sku: 'CBL-USBC-1M', name: 'USB-C Cable', quantity: 1, unitPrice: 9.99 },
    ]);
    assert.equal(final.shipping?.carrier, 'DHL');
    assert.equal(final.version, 6);
  });

  it('never invents a value the events do not carry: no currency, payment method or carrier of its own', () => {
    const state = replayFrozen(
      orderEvents(
        ['OrderCreated', { order_id: 'o-9', customer_id: 'c-9' }],
        ['ItemAdded', { item: 'KB', price: 49.5 }],
        ['PaymentCompleted', { amount: 49.5 }],
        ['OrderShipped', {}],
      ),
    );
    assert.deepEqual(Object.keys(state).sort(), ['customerId', 'items', 'orderId', 'payment', 'shipping', 'status', 'total', 'version']);
    assert.deepEqual(state.payment, { amount: 49.5 });
    assert.deepEqual(state.shipping, { shippedAt: '2026-01-05T09:00:03.000Z' });
    assert.equal('currency' in orderReducer.initial(), false);
    // A currency an event carries is kept, and a later OrderCreated without one does not keep the old one.
    const withCurrency = replayFrozen(orderEvents(['OrderCreated', { orderId: 'o-1', currency: 'EUR' }]));
    assert.equal(withCurrency.currency, 'EUR');
    const recreated = applied(orderReducer.apply(withCurrency, flowEvent('OrderCreated', { orderId: 'o-1' }, { version: 2 })));
    assert.equal('currency' in recreated, false);
  });

  it('replays a cancelled sample order to cancelled without payment', () => {
    const cancelled = sampleOrderFlows().find((flow) => flow.events.some((event) => event.type === 'OrderCancelled'))!;
    const state = replayFrozen(sampleToFlowEvents(cancelled));
    assert.equal(state.status, 'cancelled');
    assert.equal(typeof state.cancelReason, 'string');
    assert.equal(state.payment, undefined);
    assert.ok(state.items.length >= 1);
  });

  it('merges the same sku, removes items and keeps the total in cents', () => {
    const state = replayFrozen(
      orderEvents(
        ['OrderCreated', { orderId: 'o-1', customerId: 'c-1', currency: 'EUR' }],
        ['ItemAdded', { sku: 'A', name: 'Alpha', quantity: 1, unitPrice: 0.1 }],
        ['ItemAdded', { sku: 'A', name: 'Alpha', quantity: 2, unitPrice: 0.1 }],
        ['ItemAdded', { sku: 'B', name: 'Beta', quantity: 3, unitPrice: 0.2 }],
        ['ItemRemoved', { sku: 'B', quantity: 1 }],
      ),
    );
    assert.equal(state.currency, 'EUR');
    assert.deepEqual(
      state.items.map((item) => [item.sku, item.quantity]),
      [
        ['A', 3],
        ['B', 2],
      ],
    );
    assert.equal(state.total, 0.7);
    const removed = applied(orderReducer.apply(state, flowEvent('ItemRemoved', { sku: 'A' }, { version: 6 })));
    assert.deepEqual(
      removed.items.map((item) => item.sku),
      ['B'],
    );
    assert.equal(removed.total, 0.4);
  });

  it('records OrderPaid alone as the payment and leaves the state unchanged for unknown types, saying why', () => {
    const created = replayFrozen(orderEvents(['OrderCreated', { orderId: 'o-2', customerId: 'c' }]));
    const paid = applied(orderReducer.apply(created, flowEvent('OrderPaid', { paymentId: 'p', amount: 5 }, { version: 2, timestamp: 'T' })));
    assert.deepEqual(paid.payment, { paymentId: 'p', amount: 5 });
    assert.equal(paid.paidAt, 'T');
    const unknown = orderReducer.apply(paid, flowEvent('CouponApplied', { code: 'X' }, { version: 3 }));
    assert.ok(unknown instanceof NotApplied);
    assert.equal(unknown.message, 'not applied: the order reducer has no rule for CouponApplied, state unchanged');
  });

  it('names the right product and type in every reason, for more distinct ones than it keeps', () => {
    const created = replayFrozen(orderEvents(['OrderCreated', { orderId: 'o-3' }]));
    for (let n = 0; n < 1500; n += 1) {
      const missing = orderReducer.apply(created, flowEvent('ItemRemoved', { sku: `SKU-${n}` }, { version: 2 }));
      assert.ok(missing instanceof NotApplied);
      assert.equal(missing.reason, `ItemRemoved names SKU-${n}, which the order does not hold`);
      const unknown = orderReducer.apply(created, flowEvent(`Type${n}`, {}, { version: 2 }));
      assert.ok(unknown instanceof NotApplied);
      assert.equal(unknown.reason, `the order reducer has no rule for Type${n}`);
    }
  });

  it('tolerates malformed data without throwing, and reports what it could not apply', () => {
    const malformed: [string, JsonValue][] = [
      ['OrderCreated', null],
      ['OrderCreated', { orderId: 42, customerId: ['x'], currency: false }],
      ['ItemAdded', 'not an object'],
      ['ItemAdded', { sku: 7, quantity: 1, unitPrice: 1 }],
      ['ItemAdded', { sku: 'A', quantity: 'lots', unitPrice: 'free' }],
      ['ItemAdded', { sku: 'B', quantity: -3, unitPrice: 1 }],
      ['ItemAdded', { sku: 'C', quantity: '2', unitPrice: '9.99' }],
      ['ItemAdded', { item: null, price: 3 }],
      ['ItemAdded', { item: { name: 'Gift card' } }],
      ['ItemRemoved', { sku: null }],
      ['ItemRemoved', [1, 2]],
      ['PaymentCompleted', { amount: 'NaN', paymentId: 'p-0' }],
      ['PaymentCompleted', { amount: 20.99, paymentId: 1, method: {} }],
      ['OrderPaid', 12],
      ['OrderShipped', { carrier: 1, trackingNumber: null }],
      ['OrderCancelled', { reason: { text: 'x' } }],
    ];
    const events = orderEvents(...malformed);
    const state = replayFrozen(events);
    assert.equal(state.orderId, '');
    assert.equal('currency' in state, false);
    assert.deepEqual(state.items, [
      { sku: '7', name: '7', quantity: 1, unitPrice: 1 },
      { sku: 'B', name: 'B', quantity: 1, unitPrice: 1 },
      { sku: 'C', name: 'C', quantity: 2, unitPrice: 9.99 },
    ]);
    assert.equal(state.total, 21.98);
    assert.deepEqual(state.payment, { amount: 20.99 });
    assert.deepEqual(state.shipping, { shippedAt: '2026-01-05T09:00:14.000Z' });
    assert.equal(state.status, 'cancelled');
    assert.equal(state.cancelReason, undefined);
    assert.equal(state.version, malformed.length);
    const { notApplied } = replayWithOutcomes(orderReducer, events);
    assert.deepEqual(
      notApplied.map((skipped) => [skipped.version, skipped.reason]),
      [
        [3, 'ItemAdded has no item, sku or product_id'],
        [5, 'ItemAdded for A has no usable unitPrice, unit_price or price'],
        [8, 'ItemAdded has an item the reducer cannot name (no sku, product_id, id or name)'],
        [9, 'ItemAdded for Gift card has no usable price'],
        [10, 'ItemRemoved names no sku, product_id or item'],
        [11, 'ItemRemoved names no sku, product_id or item'],
      ],
    );
  });

  it("reads the chapter's ItemAdded { item, price } with its total_amount rule, keeping the item whole", () => {
    const events = orderEvents(
      ['OrderCreated', { order_id: 'o-7', customer_id: 'cust-7' }],
      ['ItemAdded', { item: { product_id: 'P-1', name: 'Keyboard' }, price: 49.5 }],
      ['ItemAdded', { item: { product_id: 'P-1', name: 'Keyboard' }, price: 49.5 }],
      ['ItemAdded', { item: 'mouse pad', price: '5.25' }],
      ['ItemAdded', { item: { product_id: 'P-2', quantity: 3 }, price: 10 }],
      ['ItemAdded', { item: { sku: 'P-3' }, price: 2, quantity: 4 }],
      ['OrderPaid', {}],
    );
    const { state, notApplied } = replayWithOutcomes(orderReducer, events);
    assert.deepEqual(notApplied, []);
    assert.equal(state.orderId, 'o-7');
    assert.equal(state.customerId, 'cust-7');
    assert.deepEqual(
      state.items.map((item) => item.item),
      [{ product_id: 'P-1', name: 'Keyboard' }, { product_id: 'P-1', name: 'Keyboard' }, 'mouse pad', { product_id: 'P-2', quantity: 3 }, { sku: 'P-3' }],
    );
    // 49.5 + 49.5 + 5.25 + 10 (the price of the whole item) + 4 × 2 (price per unit when a quantity comes with it)
    assert.equal(state.total, 122.25);
    assert.equal(state.status, 'paid');
  });

  it('reads price as the unit price beside a quantity, and snake_case fields', () => {
    const events = orderEvents(
      ['OrderCreated', { orderId: 'o-8' }],
      ['ItemAdded', { sku: 'A', price: 4, quantity: 3 }],
      ['ItemAdded', { product_id: 'B', unit_price: '1.5', quantity: 2 }],
      ['ItemAdded', { productId: 'C', unitPrice: 10 }],
      ['ItemRemoved', { product_id: 'B', quantity: 1 }],
    );
    const { state, notApplied } = replayWithOutcomes(orderReducer, events);
    assert.deepEqual(notApplied, []);
    assert.deepEqual(
      state.items.map((item) => [item.sku, item.quantity, item.unitPrice]),
      [
        ['A', 3, 4],
        ['B', 1, 1.5],
        ['C', 1, 10],
      ],
    );
    assert.equal(state.total, 23.5);
  });

  it("marks the order paid on the chapter's PaymentCompleted { order_id, product_id, quantity }", () => {
    const events = orderEvents(
      ['OrderCreated', { order_id: 'o-9', customer_id: 'c' }],
      ['PaymentCompleted', { order_id: 'o-9', product_id: 'P-1', quantity: 1 }],
    );
    const state = replayAll(orderReducer, events);
    assert.equal(state.status, 'paid');
    assert.equal(state.paidAt, events[1].timestamp);
    assert.equal(state.version, 2);
  });

  it('starts over from a state that is not an order at all', () => {
    const broken = null as unknown as OrderState;
    const state = applied(orderReducer.apply(broken, flowEvent('ItemAdded', { sku: 'A', quantity: 1, unitPrice: 2 }, { version: 9 })));
    assert.equal(state.total, 2);
    assert.equal(state.version, 9);
    const noItems = { ...orderReducer.initial(), items: 'gone' } as unknown as OrderState;
    assert.equal(applied(orderReducer.apply(noItems, flowEvent('ItemAdded', { sku: 'A', quantity: 1, unitPrice: 2 }))).items.length, 1);
  });

  it('says which shapes it reads and how the total is computed', () => {
    for (const phrase of ['{ item, price }', 'unit_price', 'quantity × unit price', 'rounded to cents', 'not applied']) {
      assert.ok(orderReducer.description.includes(phrase), phrase);
    }
  });

  it('counts versions itself when events carry none', () => {
    const events = [flowEvent('OrderCreated', { orderId: 'x' }), flowEvent('OrderCancelled', {})];
    assert.equal(replayAll(orderReducer, events).version, 2);
  });
});

describe('genericReducer', () => {
  it('merges object data shallowly with the last event type and version', () => {
    const events = [
      flowEvent('A', { name: 'n', nested: { x: 1 } }, { version: 1 }),
      flowEvent('B', { nested: { y: 2 }, count: 3 }, { version: 2 }),
      flowEvent('C', 'not an object', { version: 3 }),
    ];
    let state = deepFreeze(genericReducer.initial());
    for (const event of events) state = deepFreeze(applied(genericReducer.apply(state, event)));
    assert.deepEqual(state, { name: 'n', nested: { y: 2 }, count: 3, lastEventType: 'C', version: 3 });
  });

  it('puts its own fields over data fields of the same name', () => {
    const state = applied(genericReducer.apply({}, flowEvent('A', { version: 'x', lastEventType: 'y' }, { version: 4 })));
    assert.deepEqual(state, { version: 4, lastEventType: 'A' });
  });

  it('extends a non-object snapshot state from scratch', () => {
    const state = applied(genericReducer.apply([1, 2] as unknown as Record<string, JsonValue>, flowEvent('A', { a: 1 })));
    assert.deepEqual(state, { a: 1, lastEventType: 'A', version: 1 });
  });
});

describe('chooseReducer', () => {
  it('has the built-in reducers by name', () => {
    assert.deepEqual([...builtInReducers.keys()].sort(), ['chapter-order', 'generic', 'order']);
    assert.equal(builtInReducers.get('order'), orderReducer);
  });

  it('uses order for the Order type in any case, generic otherwise', () => {
    assert.equal(chooseReducer('Order').name, 'order');
    assert.equal(chooseReducer('ORDER').name, 'order');
    assert.equal(chooseReducer('Customer').name, 'generic');
    assert.equal(chooseReducer('Orders').name, 'generic');
  });

  it('follows overrides, and falls back to generic for unknown names', () => {
    assert.equal(chooseReducer('Invoice', { Invoice: 'order' }).name, 'order');
    assert.equal(chooseReducer('Order', { Order: 'generic' }).name, 'generic');
    assert.equal(chooseReducer('Order', { Order: 'no-such-reducer' }).name, 'generic');
    assert.equal(chooseReducer('toString', {}).name, 'generic');
  });
});
