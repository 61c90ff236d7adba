import type { FlowEvent } from '../envelope';
import type { JsonObject } from '../json';
import { isJsonObject } from '../json';
import { amountOf, nonEmpty, text } from './orderFields';
import { itemToAdd, itemToRemove, mergesBySku, totalOf, type OrderItem } from './orderItems';
import { NotApplied, notApplied, RepeatedReasons, type Reducer } from './types';
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
    case 'OrderCreated':
      return createdOrder(state, event, data, version);
    case 'ItemAdded':
      return addItem(state, data, version);
    case 'ItemRemoved':
      return removeItem(state, data, version);
    case 'PaymentCompleted': {
      const amount = amountOf(data.amount);
      // The chapter's PaymentCompleted carries no amount: its handler marks the order paid.
      if (amount === undefined) return { ...state, status: 'paid', paidAt: event.timestamp, version };
      return { ...state, version, payment: paymentOf(data, amount) };
    }
    case 'OrderPaid': {
      const amount = amountOf(data.amount);
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
      return unknownTypes.outcomeFor(event.type);
  }
}

/**
 * A fresh order over the earlier state: its currency only when the event carries one. Only dropping an
 * earlier currency needs the copy through a rest object; the other cases spread the state whole.
 */
function createdOrder(state: OrderState, event: FlowEvent, data: JsonObject, version: number): OrderState {
  const orderId = nonEmpty(data.orderId) ?? nonEmpty(data.order_id) ?? event.aggregateId ?? state.orderId;
  const customerId = nonEmpty(data.customerId) ?? nonEmpty(data.customer_id) ?? state.customerId;
  const currency = text(data.currency);
  if (currency !== undefined) return { ...state, version, orderId, customerId, currency, status: 'created', items: [], total: 0 };
  if (state.currency === undefined) return { ...state, version, orderId, customerId, status: 'created', items: [], total: 0 };
  const { currency: _earlier, ...rest } = state;
  return { ...rest, version, orderId, customerId, status: 'created', items: [], total: 0 };
}

/**
 * The payment record: the amount, and the id and method only when the event names them. Built field by
 * field rather than by filtering out undefined ones: replay runs this for every payment event.
 */
function paymentOf(data: JsonObject, amount: number): { paymentId?: string; amount: number; method?: string } {
  const paymentId = nonEmpty(data.paymentId) ?? nonEmpty(data.payment_id);
  const method = text(data.method);
  if (paymentId === undefined) return method === undefined ? { amount } : { amount, method };
  return method === undefined ? { paymentId, amount } : { paymentId, amount, method };
}

/** The shipping record: when, and the carrier and tracking number only when the event names them. */
function shippingOf(data: JsonObject, shippedAt: string): { carrier?: string; trackingNumber?: string; shippedAt: string } {
  const carrier = text(data.carrier);
  const trackingNumber = nonEmpty(data.trackingNumber) ?? nonEmpty(data.tracking_number);
  if (carrier === undefined) return trackingNumber === undefined ? { shippedAt } : { trackingNumber, shippedAt };
  return trackingNumber === undefined ? { carrier, shippedAt } : { carrier, trackingNumber, shippedAt };
}

const unknownTypes = new RepeatedReasons((type) => `the order reducer has no rule for ${type}`);
const productsNotHeld = new RepeatedReasons((sku) => `ItemRemoved names ${sku}, which the order does not hold`);

function addItem(state: OrderState, data: JsonObject, version: number): OrderState | NotApplied {
  const line = itemToAdd(data);
  if (typeof line === 'string') return notApplied(line);
  const items = itemsOf(state);
  const existing = mergesBySku(line) ? mergeableLineOf(items, line.sku) : -1;
  // Built at its final length, without a callback per item: replay runs this for most events, and a copy
  // grown by push would allocate its backing store twice.
  let nextItems: OrderItem[];
  if (existing === -1) {
    nextItems = [...items, line];
  } else {
    nextItems = items.slice();
    nextItems[existing] = { ...items[existing], quantity: items[existing].quantity + line.quantity };
  }
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
  if (existing === -1) return productsNotHeld.outcomeFor(sku);
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
