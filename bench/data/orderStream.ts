/**
 * A long, valid Order stream in memory for the replay rows: the sample flow's event types repeated with
 * eight SKUs, so the item list stays bounded and every event does real work (no quadratic growth).
 */
import type { FlowEvent } from '../../src/core/envelope';
import type { JsonObject } from '../../src/core/json';

const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5', 'SKU-6', 'SKU-7', 'SKU-8'];
const CYCLE = ['ItemAdded', 'ItemAdded', 'ItemAdded', 'ItemRemoved', 'PaymentCompleted', 'OrderPaid', 'OrderShipped', 'NoteAdded'] as const;
const START_MS = Date.parse('2026-01-05T09:00:00.000Z');

function dataFor(type: string, i: number, aggregateId: string): JsonObject {
  const sku = SKUS[i % SKUS.length];
  switch (type) {
    case 'OrderCreated':
      return { orderId: aggregateId, customerId: `customer-${i % 97}`, currency: 'EUR' };
    case 'ItemAdded':
      return { sku, name: `Item ${sku}`, quantity: 1 + (i % 3), unitPrice: 9.99 + (i % 5) };
    case 'ItemRemoved':
      return { sku, quantity: 1 };
    case 'PaymentCompleted':
      return { paymentId: `pay-${i}`, amount: '49.95', method: 'card' };
    case 'OrderPaid':
      return { paymentId: `pay-${i}`, amount: 49.95 };
    case 'OrderShipped':
      return { carrier: 'DHL', trackingNumber: `TRK-${i}` };
    default:
      return { note: `note ${i}` };
  }
}

/** `count` events of one Order aggregate, versions 1..count; an OrderCreated every 1,000 events. */
export function orderStream(count: number, aggregateId = 'Order-1'): FlowEvent[] {
  const events = new Array<FlowEvent>(count);
  for (let i = 0; i < count; i++) {
    const type = i % 1000 === 0 ? 'OrderCreated' : CYCLE[i % CYCLE.length];
    events[i] = {
      id: `evt-${i + 1}`,
      type,
      timestamp: new Date(START_MS + i * 1000).toISOString(),
      data: dataFor(type, i, aggregateId),
      aggregateId,
      aggregateType: 'Order',
      version: i + 1,
      metadata: { correlationId: `corr-${Math.floor(i / 10)}` },
      source: { system: 'local', file: 'events.ndjson', line: i + 1 },
    };
  }
  return events;
}
