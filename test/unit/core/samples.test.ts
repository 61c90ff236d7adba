import { strict as assert } from 'node:assert';
import { SAMPLE_HAPPY_ORDER, sampleOrderFlows } from '../../../src/core/samples';

describe('sampleOrderFlows', () => {
  it('makes five orders Order-1001… by default', () => {
    const flows = sampleOrderFlows();
    assert.deepEqual(
      flows.map((flow) => flow.aggregateId),
      ['Order-1001', 'Order-1002', 'Order-1003', 'Order-1004', 'Order-1005'],
    );
    assert.ok(flows.every((flow) => flow.aggregateType === 'Order'));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(sampleOrderFlows({ seed: 7, orders: 12 }), sampleOrderFlows({ seed: 7, orders: 12 }));
    assert.notDeepEqual(sampleOrderFlows({ seed: 7 }), sampleOrderFlows({ seed: 8 }));
  });

  it('makes Order-1001 the known happy path', () => {
    for (const seed of [1, 2, 3]) {
      const happy = sampleOrderFlows({ seed })[0];
      assert.equal(happy.aggregateId, SAMPLE_HAPPY_ORDER.id);
      assert.deepEqual(
        happy.events.map((event) => event.type),
        ['OrderCreated', 'ItemAdded', 'ItemAdded', 'PaymentCompleted', 'OrderPaid', 'OrderShipped'],
      );
      assert.deepEqual(happy.events[1].data, { sku: 'KB-MECH-01', name: 'Mechanical Keyboard', quantity: 2, unitPrice: 49.99 });
      assert.deepEqual(happy.events[2].data, { sku: 'CBL-USBC-1M', name: 'USB-C Cable', quantity: 1, unitPrice: 9.99 });
      assert.deepEqual(happy.events[4].data, { paymentId: 'pay-1001', amount: 109.97 });
    }
  });

  it('follows the flow shape, with every fifth order cancelled before payment', () => {
    const flows = sampleOrderFlows({ orders: 20, seed: 99 });
    flows.forEach((flow, index) => {
      const types = flow.events.map((event) => event.type);
      const items = types.filter((type) => type === 'ItemAdded').length;
      assert.equal(types[0], 'OrderCreated');
      assert.ok(items >= 1 && items <= 4, `${flow.aggregateId}: ${items} items`);
      assert.deepEqual(types.slice(1, 1 + items), new Array<string>(items).fill('ItemAdded'));
      const rest = types.slice(1 + items);
      if (index % 5 === 4) assert.deepEqual(rest, ['OrderCancelled'], flow.aggregateId);
      else assert.deepEqual(rest, ['PaymentCompleted', 'OrderPaid', 'OrderShipped'], flow.aggregateId);
    });
    assert.equal(flows.filter((flow) => flow.events.some((event) => event.type === 'OrderCancelled')).length, 4);
  });

  it('pays exactly the sum of the items', () => {
    for (const flow of sampleOrderFlows({ orders: 20, seed: 5 })) {
      const paid = flow.events.find((event) => event.type === 'PaymentCompleted');
      if (!paid) continue;
      let cents = 0;
      for (const event of flow.events.filter((e) => e.type === 'ItemAdded')) {
        const data = event.data as { quantity: number; unitPrice: number };
        cents += Math.round(data.unitPrice * 100) * data.quantity;
      }
      assert.equal((paid.data as { amount: number }).amount, cents / 100, flow.aggregateId);
    }
  });

  it('chains causation ids and shares one correlation id per order', () => {
    const flows = sampleOrderFlows({ orders: 6 });
    const correlationIds = new Set<string>();
    const eventIds = new Set<string>();
    for (const flow of flows) {
      const correlation = flow.events[0].metadata.correlationId;
      assert.match(correlation ?? '', /^corr-/);
      correlationIds.add(correlation!);
      flow.events.forEach((event, i) => {
        assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        eventIds.add(event.id);
        assert.equal(event.metadata.correlationId, correlation);
        assert.equal(event.metadata.schemaVersion, 1);
        if (i === 0) assert.equal('causationId' in event.metadata, false);
        else assert.equal(event.metadata.causationId, flow.events[i - 1].id);
      });
    }
    assert.equal(correlationIds.size, flows.length);
    assert.equal(eventIds.size, flows.reduce((sum, flow) => sum + flow.events.length, 0));
  });

  it('uses increasing timestamps from the start given', () => {
    const start = new Date('2030-03-01T12:00:00.000Z');
    const timestamps = sampleOrderFlows({ start, orders: 10 }).flatMap((flow) => flow.events.map((event) => event.timestamp));
    assert.equal(timestamps[0], start.toISOString());
    for (let i = 1; i < timestamps.length; i++) assert.ok(timestamps[i] > timestamps[i - 1], `${timestamps[i]} after ${timestamps[i - 1]}`);
  });

  it('makes as many orders as asked', () => {
    assert.equal(sampleOrderFlows({ orders: 0 }).length, 0);
    assert.equal(sampleOrderFlows({ orders: 37 }).at(-1)?.aggregateId, 'Order-1037');
  });
});
