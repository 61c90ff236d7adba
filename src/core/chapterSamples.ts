/**
 * The source chapter's own Order flow, as its code writes it: snake_case data, `ItemAdded` as
 * `{ item, price }` (its Order appends `data["item"]` and adds `data["price"]` to `total_amount`),
 * `PaymentCompleted` as its handler reads it (`order_id`, `product_id`, `quantity`), and uuid4 aggregate
 * ids with no type in them (`str(uuid.uuid4())`), so a store guesses the type `Order` from `OrderCreated`.
 */
import type { SampleAggregate, SampleOptions } from './samples';
import { DEFAULT_START, FlowBuilder, SampleClock, mulberry32, pick, randomInt, uuidLike } from './sampleSupport';

/** What the first chapter order always holds, so tests can check replay against known numbers. */
export const CHAPTER_FIRST_ORDER = {
  customerId: 'customer-42',
  items: [
    { product_id: 'P-KB-01', name: 'Mechanical Keyboard' },
    { product_id: 'P-MS-02', name: 'Wireless Mouse' },
  ],
  totalAmount: 74,
  finalStatus: 'paid',
  eventTypes: ['OrderCreated', 'ItemAdded', 'ItemAdded', 'PaymentCompleted', 'OrderPaid'],
} as const;

const DEFAULT_SEED = 140;

const PRODUCTS: readonly { product_id: string; name: string; price: number }[] = [
  { product_id: 'P-KB-01', name: 'Mechanical Keyboard', price: 49.5 },
  { product_id: 'P-MS-02', name: 'Wireless Mouse', price: 24.5 },
  { product_id: 'P-CB-03', name: 'USB-C Cable', price: 9.9 },
  { product_id: 'P-MN-04', name: '27" Monitor', price: 329 },
  { product_id: 'P-HB-05', name: 'USB Hub', price: 19.95 },
];

/** Deterministic chapter-shaped orders: OrderCreated → 1–3 ItemAdded → PaymentCompleted → OrderPaid. */
export function chapterOrderFlows(options: SampleOptions = {}): SampleAggregate[] {
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const clock = new SampleClock(options.start ?? new Date(DEFAULT_START), random);
  const count = Math.max(0, Math.floor(options.orders ?? 5));
  const aggregates: SampleAggregate[] = [];
  for (let index = 0; index < count; index++) {
    const orderId = uuidLike(random);
    const flow = new FlowBuilder(orderId, random, clock);
    const customerId = index === 0 ? CHAPTER_FIRST_ORDER.customerId : `customer-${randomInt(random, 1, 99)}`;
    flow.add('OrderCreated', { order_id: orderId, customer_id: customerId });
    const products = index === 0 ? PRODUCTS.slice(0, 2) : pickProducts(random);
    for (const product of products) {
      flow.add('ItemAdded', { item: { product_id: product.product_id, name: product.name }, price: product.price });
    }
    // The chapter's PaymentCompletedHandler: update_order_status(order_id, "paid"), deduct_stock(product_id, quantity).
    flow.add('PaymentCompleted', { order_id: orderId, product_id: products[0].product_id, quantity: 1 });
    flow.add('OrderPaid', { order_id: orderId });
    aggregates.push({ aggregateId: orderId, aggregateType: 'Order', events: flow.events });
    clock.pause();
  }
  return aggregates;
}

function pickProducts(random: () => number): { product_id: string; name: string; price: number }[] {
  const available = [...PRODUCTS];
  const picked = [];
  for (let line = randomInt(random, 1, 3); line > 0; line--) picked.push(available.splice(randomInt(random, 0, available.length - 1), 1)[0]);
  return picked.length > 0 ? picked : [pick(random, PRODUCTS)];
}
