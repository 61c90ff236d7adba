import * as assert from 'node:assert/strict';
import { readWholeStream } from '../../../src/connectors/eventStoreReads';
import { publishedWhat, samplesForStore } from '../../../src/connectors/sampleOrders';
import type { SampleAggregate } from '../../../src/core/samples';
import { makeTempStore, type TempStore } from './helpers';

/** Every id a flow carries: its payload's order and payment ids and its correlation ids. */
function idsOf(sample: SampleAggregate): { orderIds: unknown[]; correlations: unknown[]; payments: unknown[] } {
  const data = sample.events.map((event) => event.data as Record<string, unknown>);
  return {
    orderIds: data.flatMap((d) => [d.orderId, d.order_id].filter((id) => id !== undefined)),
    correlations: [...new Set(sample.events.map((event) => event.metadata.correlationId))],
    payments: [...new Set(data.map((d) => d.paymentId).filter((id) => id !== undefined))],
  };
}

describe('local: publishing the samples again', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await makeTempStore();
  });
  afterEach(() => temp.cleanup());

  async function publish(flow: 'sample' | 'chapter', seed: number): Promise<SampleAggregate[]> {
    const samples = await samplesForStore(temp.store, { orders: 5, seed, flow });
    for (const sample of samples) await temp.store.append(sample.aggregateId, sample.aggregateType, sample.events, 0);
    return samples;
  }

  it('numbers the new orders after the last, and every id in each flow matches the aggregate it is appended to', async () => {
    const first = await publish('sample', 11);
    assert.deepEqual(first.map((s) => s.aggregateId), ['Order-1001', 'Order-1002', 'Order-1003', 'Order-1004', 'Order-1005']);
    const second = await publish('sample', 12);
    assert.deepEqual(second.map((s) => s.aggregateId), ['Order-1006', 'Order-1007', 'Order-1008', 'Order-1009', 'Order-1010']);
    for (const sample of [...first, ...second]) {
      const ids = idsOf(sample);
      assert.deepEqual([...new Set(ids.orderIds)], [sample.aggregateId], `${sample.aggregateId}: payload order ids`);
      assert.equal(ids.correlations.length, 1);
      assert.match(String(ids.correlations[0]), new RegExp(`^corr-${sample.aggregateId.toLowerCase()}-`));
      for (const payment of ids.payments) assert.equal(payment, `pay-${sample.aggregateId.slice('Order-'.length)}`);
    }
    // What the store holds for the sixth order says the same.
    const stored = await readWholeStream(temp.store, 'Order-1006');
    assert.equal((stored[0].data as { orderId: string }).orderId, 'Order-1006');
  });

  it('gives the chapter\'s flow fresh uuid4 ids, each in its own payload', async () => {
    const first = await publish('chapter', 11);
    const second = await publish('chapter', 12);
    const all = [...first, ...second];
    assert.equal(new Set(all.map((s) => s.aggregateId)).size, 10);
    for (const sample of all) assert.deepEqual([...new Set(idsOf(sample).orderIds)], [sample.aggregateId]);
  });

  it('says what it published with the count first and the right number', () => {
    assert.equal(publishedWhat('chapter', 5), '5 sample orders from the chapter');
    assert.equal(publishedWhat('chapter', 1), '1 sample order from the chapter');
    assert.equal(publishedWhat('sample', 1), '1 sample order');
  });
});
