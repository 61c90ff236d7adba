import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { FlowEvent } from '../../../src/core/envelope';
import { genericReducer } from '../../../src/core/reducers/generic';
import { orderReducer } from '../../../src/core/reducers/order';
import { Replayer, replayAll } from '../../../src/core/replay';
import { flowEvent } from './flowEvents';

const orderEventTypes = ['OrderCreated', 'ItemAdded', 'ItemRemoved', 'PaymentCompleted', 'OrderPaid', 'OrderShipped', 'OrderCancelled', 'Unknown'];

const orderEvent = fc
  .record({
    type: fc.constantFrom(...orderEventTypes),
    sku: fc.constantFrom('A', 'B', 'C'),
    quantity: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant('2'), fc.constant(null)),
    unitPrice: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constant('9.99'), fc.constant(true)),
  })
  .map(({ type, sku, quantity, unitPrice }) => ({ type, data: { sku, name: `Item ${sku}`, quantity, unitPrice, amount: unitPrice, reason: 'r' } }));

describe('Replayer (properties)', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('equals a full replay for any sequence of jumps', () => {
    fc.assert(
      fc.property(
        fc.array(orderEvent, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (raw, checkpointEvery, jumps) => {
          const events: FlowEvent[] = raw.map((event, i) => flowEvent(event.type, event.data, { version: i + 1, timestamp: new Date(i * 1000).toISOString() }));
          const replayer = new Replayer(orderReducer, events, { checkpointEvery });
          for (const jump of jumps) {
            const index = (jump % (events.length + 1)) - 1;
            assert.deepEqual(replayer.stateAt(index), replayAll(orderReducer, events.slice(0, index + 1)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('costs at most checkpointEvery applies per jump once replay has reached the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { maxLength: 50 }), (length, checkpointEvery, jumps) => {
        const events = Array.from({ length }, (_, i) => flowEvent('Set', { i }, { version: i + 1 }));
        const replayer = new Replayer(genericReducer, events, { checkpointEvery });
        replayer.fold();
        for (const jump of jumps) {
          const before = replayer.appliedCount;
          replayer.stateAt(jump % length);
          assert.ok(replayer.appliedCount - before <= checkpointEvery);
        }
      }),
      { numRuns: 100 },
    );
  });
});
