import type { FlowEvent, NewEvent } from './envelope';
import { chapterOrderFlows } from './chapterSamples';
import { DEFAULT_START, FlowBuilder, SampleClock, mulberry32, pick, randomInt } from './sampleSupport';

export type SampleEvent = Required<Pick<NewEvent, 'id' | 'type' | 'timestamp' | 'data' | 'metadata'>>;

export interface SampleAggregate {
  aggregateId: string;
  aggregateType: string;
  events: SampleEvent[];
}

export interface SampleOptions {
  /** How many orders (default 5). */
  orders?: number;
  /** Same seed, same flows, byte for byte. */
  seed?: number;
  /** Time of the first event; later events follow at increasing times. */
  start?: Date;
  /** `sample` (default): the richer flow with skus and shipping; `chapter`: the source chapter's own events. */
  flow?: SampleFlow;
  /** The number of the first order of the richer flow (`Order-<n>`, default 1001): publishing again continues after the last. */
  firstOrderNumber?: number;
}

export type SampleFlow = 'sample' | 'chapter';

/** What the first sample order always contains, so tests can check replay against known numbers. */
export const SAMPLE_HAPPY_ORDER = { id: 'Order-1001', paidTotal: 109.97, finalStatus: 'shipped' } as const;

const DEFAULT_SEED = 1001;
const FIRST_ORDER_NUMBER = 1001;

interface Product {
  sku: string;
  name: string;
  unitPrice: number;
}

const CATALOG: readonly Product[] = [
  { sku: 'KB-MECH-01', name: 'Mechanical Keyboard', unitPrice: 49.99 },
  { sku: 'CBL-USBC-1M', name: 'USB-C Cable', unitPrice: 9.99 },
  { sku: 'MS-WL-02', name: 'Wireless Mouse', unitPrice: 24.5 },
  { sku: 'MON-27-4K', name: '27" 4K Monitor', unitPrice: 329 },
  { sku: 'HUB-7P', name: 'USB Hub, 7 ports', unitPrice: 19.95 },
  { sku: 'PAD-XL', name: 'Desk Pad XL', unitPrice: 14.9 },
  { sku: 'CAM-HD', name: 'HD Webcam', unitPrice: 59 },
];
const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL'];
const METHODS = ['card', 'paypal', 'bank-transfer'];
const CANCEL_REASONS = ['Customer changed their mind', 'Payment declined', 'Item out of stock'];

/**
 * Deterministic Order flows with correlation and causation ids, for "publish sample events" and for tests.
 * Each order: OrderCreated → 1–4 ItemAdded → PaymentCompleted → OrderPaid → OrderShipped, except every fifth
 * order, which is cancelled before payment. Order-1001 is always the same happy path (SAMPLE_HAPPY_ORDER).
 */
export function sampleOrderFlows(options: SampleOptions = {}): SampleAggregate[] {
  if (options.flow === 'chapter') return chapterOrderFlows(options);
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const clock = new SampleClock(options.start ?? new Date(DEFAULT_START), random);
  const count = Math.max(0, Math.floor(options.orders ?? 5));
  const aggregates: SampleAggregate[] = [];
  for (let index = 0; index < count; index++) {
    // Every id of a flow (its payload's orderId, correlation and payment ids) derives from its aggregate id.
    const orderId = `Order-${(options.firstOrderNumber ?? FIRST_ORDER_NUMBER) + index}`;
    const flow = new FlowBuilder(orderId, random, clock);
    if (index === 0) writeHappyOrder(flow, orderId);
    else if (index % 5 === 4) writeCancelledOrder(flow, orderId, random);
    else writeRandomOrder(flow, orderId, random);
    aggregates.push({ aggregateId: orderId, aggregateType: 'Order', events: flow.events });
    clock.pause();
  }
  return aggregates;
}

function writeHappyOrder(flow: FlowBuilder, orderId: string): void {
  flow.add('OrderCreated', { orderId, customerId: 'customer-42', currency: 'USD' });
  flow.add('ItemAdded', { sku: 'KB-MECH-01', name: 'Mechanical Keyboard', quantity: 2, unitPrice: 49.99 });
  flow.add('ItemAdded', { sku: 'CBL-USBC-1M', name: 'USB-C Cable', quantity: 1, unitPrice: 9.99 });
  writePayment(flow, SAMPLE_HAPPY_ORDER.paidTotal, `pay-${orderId.slice('Order-'.length)}`, 'card');
  flow.add('OrderShipped', { carrier: 'DHL', trackingNumber: 'JD014600003827' });
}

function writeRandomOrder(flow: FlowBuilder, orderId: string, random: () => number): void {
  flow.add('OrderCreated', { orderId, customerId: `customer-${randomInt(random, 1, 99)}`, currency: pick(random, ['USD', 'EUR']) });
  const total = writeItems(flow, random);
  writePayment(flow, total, `pay-${orderId.slice('Order-'.length)}`, pick(random, METHODS));
  flow.add('OrderShipped', { carrier: pick(random, CARRIERS), trackingNumber: `TRK${randomInt(random, 100_000_000, 999_999_999)}` });
}

function writeCancelledOrder(flow: FlowBuilder, orderId: string, random: () => number): void {
  flow.add('OrderCreated', { orderId, customerId: `customer-${randomInt(random, 1, 99)}`, currency: 'USD' });
  writeItems(flow, random);
  flow.add('OrderCancelled', { reason: pick(random, CANCEL_REASONS) });
}

function writePayment(flow: FlowBuilder, amount: number, paymentId: string, method: string): void {
  flow.add('PaymentCompleted', { paymentId, amount, method });
  flow.add('OrderPaid', { paymentId, amount });
}

/** Adds 1–4 distinct products and returns the order total in the reducer's rounding. */
function writeItems(flow: FlowBuilder, random: () => number): number {
  const available = [...CATALOG];
  const lines = randomInt(random, 1, 4);
  let cents = 0;
  for (let line = 0; line < lines; line++) {
    const product = available.splice(randomInt(random, 0, available.length - 1), 1)[0];
    const quantity = randomInt(random, 1, 3);
    flow.add('ItemAdded', { sku: product.sku, name: product.name, quantity, unitPrice: product.unitPrice });
    cents += Math.round(product.unitPrice * 100) * quantity;
  }
  return cents / 100;
}

/** The first sample Order flow (Order-1001, the happy path), as a store would hand it over: what a bus run sends. */
export function sampleFlowEvents(): FlowEvent[] {
  const [order] = sampleOrderFlows({ orders: 1 });
  return order.events.map((event, index) => ({
    ...event,
    aggregateId: order.aggregateId,
    aggregateType: order.aggregateType,
    version: index + 1,
    source: { system: 'local', file: 'sample', line: index + 1 },
  }));
}
