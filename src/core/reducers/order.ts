import type { FlowEvent } from '../envelope';
import type { JsonObject } from '../json';
import { isJsonObject } from '../json';
import { amountIn, text, textOf } from './orderFields';
import { itemToAdd, itemToRemove, totalOf, type OrderItem } from './orderItems';
import { NotApplied, notApplied, type Reducer } from './types';
import { nextVersion } from './version';

export type { OrderItem } from './orderItems';

export type OrderStatus = 'none' | 'created' | 'paid' | 'shipped' | 'cancelled';

export type OrderState = {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  /** Only when OrderCreated carries one: a reducer never invents a value the events do not carry. */
  currency?: string;
  items: OrderItem[];
  /** Sum of quantity × unit price, rounded to cents. */
  total: number;
  /** The payment's id and method only when the event names them. */
  payment?: { paymentId?: string; amount: number; method?: string };
  paidAt?: string;
  shipping?: { carrier?: string; trackingNumber?: string; shippedAt: string };
  cancelReason?: string;
  version: number;
};

export const ORDER_REDUCER_DESCRIPTION =
  'The Order aggregate: OrderCreated → ItemAdded → PaymentCompleted → OrderPaid → OrderShipped, or OrderCancelled. ' +
  'ItemAdded is read in two shapes: the chapter\'s { item, price } (the item kept whole; the total grows by price, ' +
  'or by quantity × price when a quantity comes with it) and { sku | product_id, unitPrice | unit_price | price, quantity } ' +
  '(the total grows by quantity × unit price, quantity 1 when absent; the same sku adds to its line). ' +
  'Ids and money in camelCase or snake_case (order_id, customer_id, product_id, unit_price); money as a number or a decimal string. ' +
  'The total is the sum of quantity × unit price over the items, rounded to cents. ' +
  'A PaymentCompleted with an amount records the payment; without one (the chapter\'s { order_id, product_id, quantity }) it marks the order paid. ' +
  'Any other event, or one without a usable item or price, is not applied and leaves the state unchanged.';

/**
 * The Order aggregate of the samples and of the source chapter. Events come from outside, so every field
 * is checked; an event that cannot be applied comes back as NotApplied with the reason, and the reducer
 * never throws.
 */
export const orderReducer: Reducer<OrderState> = {
  name: 'order',
  description: ORDER_REDUCER_DESCRIPTION,
  initial: () => ({ orderId: '', customerId: '', status: 'none', items: [], total: 0, version: 0 }),
  apply(state: OrderState, event: FlowEvent): OrderState | NotApplied {
    // A snapshot written by something else may not be an object at all; start over rather than throw.
    const current = isJsonObject(state) ? state : orderReducer.initial();
    const data: JsonObject = isJsonObject(event.data) ? event.data : {};
    return applyEvent(current, event, data, nextVersion(current.version, event));
  },
};

/** Each case builds the next state in one spread, version included: replay runs this once per event. */
function applyEvent(state: OrderState, event: FlowEvent, data: JsonObject, version: number): OrderState | NotApplied {
  switch (event.type) {
    case 'OrderCreated': {
      const { currency: _earlier, ...rest } = state;
      const currency = text(data.currency);
      return {
        ...rest,
        version,
        orderId: textOf(data, 'orderId', 'order_id') ?? event.aggregateId ?? state.orderId,
        customerId: textOf(data, 'customerId', 'customer_id') ?? state.customerId,
        ...(currency !== undefined ? { currency } : {}),
        status: 'created',
        items: [],
        total: 0,
      };
    }
    case 'ItemAdded':
      return addItem(state, data, version);
    case 'ItemRemoved':
      return removeItem(state, data, version);
    case 'PaymentCompleted': {
      const amount = amountIn(data, 'amount');
      // The chapter's PaymentCompleted carries no amount: its handler marks the order paid.
      if (amount === undefined) return { ...state, status: 'paid', paidAt: event.timestamp, version };
      return { ...state, version, payment: paymentOf(data, amount) };
    }
    case 'OrderPaid': {
      const amount = amountIn(data, 'amount');
      // OrderPaid can stand alone (no PaymentCompleted before it); then its own fields are the payment record.
      const payment = state.payment ?? (amount !== undefined ? paymentOf(data, amount) : undefined);
      return payment ? { ...state, status: 'paid', paidAt: event.timestamp, payment, version } : { ...state, status: 'paid', paidAt: event.timestamp, version };
    }
    case 'OrderShipped':
      return {
        ...state,
        version,
        status: 'shipped',
        shipping: shippingOf(data, event.timestamp),
      };
    case 'OrderCancelled': {
      const reason = text(data.reason);
      return reason !== undefined ? { ...state, status: 'cancelled', cancelReason: reason, version } : { ...state, status: 'cancelled', version };
    }
    default:
      return unknownType(event.type);
  }
}

/**
 * The payment record: the amount, and the id and method only when the event names them. Built field by
 * field rather than by filtering out undefined ones: replay runs this for every payment event.
 */
function paymentOf(data: JsonObject, amount: number): { paymentId?: string; amount: number; method?: string } {
  const paymentId = textOf(data, 'paymentId', 'payment_id');
  const method = text(data.method);
  if (paymentId === undefined) return method === undefined ? { amount } : { amount, method };
  return method === undefined ? { paymentId, amount } : { paymentId, amount, method };
}

/** The shipping record: when, and the carrier and tracking number only when the event names them. */
function shippingOf(data: JsonObject, shippedAt: string): { carrier?: string; trackingNumber?: string; shippedAt: string } {
  const carrier = text(data.carrier);
  const trackingNumber = textOf(data, 'trackingNumber', 'tracking_number');
  if (carrier === undefined) return trackingNumber === undefined ? { shippedAt } : { trackingNumber, shippedAt };
  return trackingNumber === undefined ? { carrier, shippedAt } : { carrier, trackingNumber, shippedAt };
}

/** One NotApplied per unknown type, reused: it is immutable, and a long stream repeats its types. */
const unknownTypes = new Map<string, NotApplied>();

function unknownType(type: string): NotApplied {
  let outcome = unknownTypes.get(type);
  if (outcome === undefined) {
    outcome = notApplied(`the order reducer has no rule for ${type}`);
    // Bounded: a stream with endless distinct types gets a fresh object each time past this.
    if (unknownTypes.size < 1000) unknownTypes.set(type, outcome);
  }
  return outcome;
}

function addItem(state: OrderState, data: JsonObject, version: number): OrderState | NotApplied {
  const added = itemToAdd(data);
  if (!added.ok) return notApplied(added.reason);
  const { line } = added;
  const items = itemsOf(state);
  const existing = added.merge ? mergeableLineOf(items, line.sku) : -1;
  // A copy with one slot changed, without a callback per item: replay runs this for most events.
  const nextItems = items.slice();
  if (existing === -1) nextItems.push(line);
  else nextItems[existing] = { ...items[existing], quantity: items[existing].quantity + line.quantity };
  return { ...state, items: nextItems, total: totalOf(nextItems), version };
}

/** The line an sku-shaped item adds to: the same sku, and not a chapter-shaped line (those stay apart). */
function mergeableLineOf(items: readonly OrderItem[], sku: string): number {
  for (let index = 0; index < items.length; index++) {
    if (items[index].sku === sku && items[index].item === undefined) return index;
  }
  return -1;
}

/** Removes the line, or only `quantity` of it when that is less than what the order holds. */
function removeItem(state: OrderState, data: JsonObject, version: number): OrderState | NotApplied {
  const { sku, quantity } = itemToRemove(data);
  if (sku === undefined) return notApplied('ItemRemoved names no sku, product_id or item');
  const items = itemsOf(state);
  const existing = items.findIndex((item) => item.sku === sku);
  if (existing === -1) return notApplied(`ItemRemoved names ${sku}, which the order does not hold`);
  const current = items[existing];
  const nextItems =
    quantity !== undefined && quantity < current.quantity
      ? items.map((item, index) => (index === existing ? { ...item, quantity: item.quantity - quantity } : item))
      : items.filter((_, index) => index !== existing);
  return { ...state, items: nextItems, total: totalOf(nextItems), version };
}

/** A snapshot written by something else may lack the items array; treat that as an empty order. */
function itemsOf(state: OrderState): OrderItem[] {
  return Array.isArray(state.items) ? state.items : [];
}
