/**
 * The built-in `chapter-order` reducer beside the chapter's own Python `Order` (§3.2, verbatim in
 * test/fixtures/sandbox/chapter_order.py), both fed the same events: every state after every event must
 * agree field by field.
 */
import * as assert from 'node:assert/strict';
import { chapterOrderFlows } from '../../../src/core/chapterSamples';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { chapterOrderReducer, chooseReducer, isChapterOrderStream } from '../../../src/core/reducers';
import { replayWithOutcomes } from '../../../src/core/replay';
import { sampleOrderFlows } from '../../../src/core/samples';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { sampleToFlowEvents } from '../core/flowEvents';
import { chapterEvent, chapterOrderFile } from './chapter';

const FIELDS = ['status', 'items', 'total_amount', 'version'] as const;

function jsStates(events: readonly FlowEvent[]): JsonValue[] {
  const states: JsonValue[] = [];
  let state = chapterOrderReducer.initial();
  for (const event of events) {
    const next = chapterOrderReducer.apply(state, event);
    assert.ok(!('reason' in next), `${event.type} v${event.version} was not applied`);
    state = next;
    states.push(state);
  }
  return states;
}

describe('core: chapter-order, the state the chapter\'s own Order builds', function () {
  this.timeout(60_000);
  let sandbox: PythonSandbox;

  before(async () => {
    sandbox = new PythonSandbox({ checkpointEvery: 4 });
    const report = await sandbox.load([chapterOrderFile]);
    assert.deepEqual(report.failures, []);
  });

  after(() => sandbox.dispose());

  const streams: [string, () => FlowEvent[]][] = [
    ['the chapter\'s sample flow (12 orders)', () => chapterOrderFlows({ orders: 12 }).flatMap(sampleToFlowEvents)],
    [
      'float prices, an event type the chapter ignores, a second OrderCreated and OrderPaid before items',
      () => [
        chapterEvent('OrderCreated', { customer_id: 'c-7' }, 1),
        chapterEvent('OrderPaid', {}, 2),
        chapterEvent('ItemAdded', { item: { product_id: 'P-1', name: 'Cable' }, price: 0.1 }, 3),
        chapterEvent('ItemAdded', { item: 'P-2', price: 0.2 }, 4),
        chapterEvent('PaymentCompleted', { order_id: 'Order-1', product_id: 'P-1', quantity: 1 }, 5),
        chapterEvent('ItemAdded', { item: null, price: 19.95 }, 6),
        chapterEvent('OrderCreated', {}, 7),
        chapterEvent('OrderShipped', { carrier: 'DHL' }, 8),
      ],
    ],
  ];

  for (const [name, make] of streams) {
    it(`agrees with the Python class after every event: ${name}`, async () => {
      const events = make();
      const byAggregate = new Map<string, FlowEvent[]>();
      for (const event of events) byAggregate.set(event.aggregateId ?? '', [...(byAggregate.get(event.aggregateId ?? '') ?? []), event]);
      for (const [aggregateId, stream] of byAggregate) {
        const python = await sandbox.openStream('Order', aggregateId, stream);
        const pythonStates = [await python.stateAt(-1), ...(await python.states(0, stream.length - 1))] as Record<string, JsonValue>[];
        await python.close();
        const ours = [chapterOrderReducer.initial(), ...jsStates(stream)] as Record<string, JsonValue>[];
        assert.equal(ours.length, pythonStates.length);
        ours.forEach((state, i) => {
          // The class's only other attribute is its id, the constructor's argument: apply builds the rest.
          assert.deepEqual(Object.keys(pythonStates[i]).sort(), ['id', ...FIELDS].sort());
          assert.deepEqual(Object.keys(state).sort(), [...FIELDS].sort());
          for (const field of FIELDS) assert.deepEqual(state[field], pythonStates[i][field], `${aggregateId} after ${i} events: ${field}`);
        });
      }
    });
  }

  it('does not apply what the chapter\'s Order raises on, and says why', () => {
    const { notApplied } = replayWithOutcomes(chapterOrderReducer, [
      chapterEvent('OrderCreated', {}, 1),
      chapterEvent('ItemAdded', { sku: 'A', unitPrice: 2, quantity: 1 }, 2),
      chapterEvent('ItemAdded', { item: 'B', price: '2.50' }, 3),
    ]);
    assert.deepEqual(notApplied.map((n) => [n.version, n.reason]), [
      [2, 'ItemAdded carries no item (the chapter\'s Order reads data["item"])'],
      [3, 'ItemAdded carries no numeric price (the chapter\'s Order adds data["price"])'],
    ]);
  });

  it('is chosen for the chapter\'s flow, and order stays the reducer of the richer sample flow', () => {
    const chapter = chapterOrderFlows({ orders: 3 }).map(sampleToFlowEvents);
    const richer = sampleOrderFlows({ orders: 3 }).map(sampleToFlowEvents);
    for (const events of chapter) {
      assert.equal(isChapterOrderStream(events), true);
      assert.equal(chooseReducer('Order', {}, events).name, 'chapter-order');
    }
    for (const events of richer) assert.equal(chooseReducer('Order', {}, events).name, 'order');
    // The setting still wins, and without the events nothing changes.
    assert.equal(chooseReducer('Order', { Order: 'order' }, chapter[0]).name, 'order');
    assert.equal(chooseReducer('Order').name, 'order');
  });
});
