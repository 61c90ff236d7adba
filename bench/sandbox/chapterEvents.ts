/** A long stream for the chapter's Order (§3.2): items bounded (one ItemAdded in 100), the rest status changes. */
import type { FlowEvent } from '../../src/core/envelope';
import type { JsonObject } from '../../src/core/json';

export function chapterOrderStream(count: number, aggregateId = 'Order-1'): FlowEvent[] {
  const events = new Array<FlowEvent>(count);
  for (let i = 0; i < count; i++) {
    const type = i === 0 ? 'OrderCreated' : i % 100 === 1 ? 'ItemAdded' : i % 2 === 0 ? 'OrderPaid' : 'ShippingUpdated';
    const data: JsonObject = type === 'ItemAdded' ? { item: `SKU-${i % 7}`, price: 10 + (i % 5) } : type === 'OrderCreated' ? { customer_id: 'c-1' } : { note: i };
    events[i] = {
      id: `evt-${i + 1}`,
      type,
      timestamp: new Date(Date.UTC(2026, 0, 5) + i * 1000).toISOString(),
      data,
      aggregateId,
      aggregateType: 'Order',
      version: i + 1,
      metadata: {},
      source: { system: 'mongo', database: 'shop', collection: 'events' },
    };
  }
  return events;
}
