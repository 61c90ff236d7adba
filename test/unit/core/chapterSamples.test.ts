import { strict as assert } from 'node:assert';
import { typeFromFirstEvent, typeFromIdPrefix } from '../../../src/core/aggregateTypeNames';
import { CHAPTER_FIRST_ORDER, chapterOrderFlows } from '../../../src/core/chapterSamples';
import { orderReducer } from '../../../src/core/reducers';
import { replayWithOutcomes } from '../../../src/core/replay';
import { sampleOrderFlows } from '../../../src/core/samples';
import { sampleToFlowEvents } from './flowEvents';

describe("the chapter's Order flow", () => {
  it("uses the chapter's event names and data, the PaymentCompleted handler's fields included", () => {
    const [first] = chapterOrderFlows();
    assert.deepEqual(
      first.events.map((event) => event.type),
      [...CHAPTER_FIRST_ORDER.eventTypes],
    );
    assert.deepEqual(first.events[0].data, { order_id: first.aggregateId, customer_id: 'customer-42' });
    assert.deepEqual(first.events[1].data, { item: { product_id: 'P-KB-01', name: 'Mechanical Keyboard' }, price: 49.5 });
    assert.deepEqual(first.events[3].data, { order_id: first.aggregateId, product_id: 'P-KB-01', quantity: 1 });
  });

  it('has uuid4 aggregate ids that carry no type, so the type comes from OrderCreated', () => {
    for (const flow of chapterOrderFlows({ orders: 20 })) {
      assert.match(flow.aggregateId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(typeFromIdPrefix(flow.aggregateId), undefined);
      assert.equal(typeFromFirstEvent(flow.events[0].type), 'Order');
    }
  });

  it("replays through the order reducer with the chapter's items and total_amount, nothing left unapplied", () => {
    const flows = chapterOrderFlows({ orders: 12 });
    const first = replayWithOutcomes(orderReducer, sampleToFlowEvents(flows[0]));
    assert.deepEqual(
      first.state.items.map((item) => item.item),
      [...CHAPTER_FIRST_ORDER.items],
    );
    assert.equal(first.state.total, CHAPTER_FIRST_ORDER.totalAmount);
    assert.equal(first.state.status, CHAPTER_FIRST_ORDER.finalStatus);
    assert.equal(first.state.customerId, CHAPTER_FIRST_ORDER.customerId);
    for (const flow of flows) {
      const { state, notApplied } = replayWithOutcomes(orderReducer, sampleToFlowEvents(flow));
      assert.deepEqual(notApplied, [], flow.aggregateId);
      // The chapter's rule: total_amount is the sum of the ItemAdded prices.
      let cents = 0;
      for (const event of flow.events) if (event.type === 'ItemAdded') cents += Math.round(Number((event.data as { price: number }).price) * 100);
      assert.equal(state.total, cents / 100, flow.aggregateId);
    }
  });

  it('is what sampleOrderFlows gives for flow "chapter", deterministic per seed', () => {
    assert.deepEqual(sampleOrderFlows({ flow: 'chapter', orders: 3, seed: 7 }), chapterOrderFlows({ orders: 3, seed: 7 }));
    assert.notDeepEqual(chapterOrderFlows({ seed: 1 }), chapterOrderFlows({ seed: 2 }));
  });
});
