import type { FlowEvent } from '../envelope';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import type { Reducer } from './types';
import { nextVersion } from './version';

export type OrderStatus = 'none' | 'created' | 'paid' | 'shipped' | 'cancelled';

export type OrderItem = { sku: string; name: string; quantity: number; unitPrice: number };

export type OrderState = {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  items: OrderItem[];
  /** Sum of quantity × unit price, rounded to cents. */
  total: number;
  payment?: { paymentId: string; amount: number; method: string };
  paidAt?: string;
  shipping?: { carrier: string; trackingNumber: string; shippedAt: string };
  cancelReason?: string;
  version: number;
};

const DEFAULT_CURRENCY = 'USD';

/**
 * The sample Order aggregate (see samples.ts). Events come from outside, so every field is checked: a wrong
 * type falls back to a sane default or the event is ignored, and the reducer never throws.
 */
export const orderReducer: Reducer<OrderState> = {
  name: 'order',
  description: 'The sample Order aggregate: created → items added → paid → shipped, or cancelled.',
  initial: () => ({ orderId: '', customerId: '', status: 'none', currency: DEFAULT_CURRENCY, items: [], total: 0, version: 0 }),
  apply(state: OrderState, event: FlowEvent): OrderState {
    // A snapshot written by something else may not be an object at all; start over rather than throw.
    const current = isJsonObject(state) ? state : orderReducer.initial();
    const data: JsonObject = isJsonObject(event.data) ? event.data : {};
    const next = applyEvent(current, event, data);
    return { ...next, version: nextVersion(current.version, event) };
  },
};

function applyEvent(state: OrderState, event: FlowEvent, data: JsonObject): OrderState {
  switch (event.type) {
    case 'OrderCreated':
      return {
        ...state,
        orderId: text(data.orderId) ?? event.aggregateId ?? state.orderId,
        customerId: text(data.customerId) ?? state.customerId,
        currency: text(data.currency) ?? DEFAULT_CURRENCY,
        status: 'created',
        items: [],
        total: 0,
      };
    case 'ItemAdded':
      return addItem(state, data);
    case 'ItemRemoved':
      return removeItem(state, data);
    case 'PaymentCompleted': {
      const amount = amountOf(data.amount);
      if (amount === undefined) return state;
      return { ...state, payment: { paymentId: text(data.paymentId) ?? '', amount, method: text(data.method) ?? 'unknown' } };
    }
    case 'OrderPaid': {
      const amount = amountOf(data.amount);
      const paymentId = text(data.paymentId);
      // OrderPaid can stand alone (no PaymentCompleted before it); then its own fields are the payment record.
      const payment = state.payment ?? (amount !== undefined ? { paymentId: paymentId ?? '', amount, method: 'unknown' } : undefined);
      return { ...state, status: 'paid', paidAt: event.timestamp, ...(payment ? { payment } : {}) };
    }
    case 'OrderShipped':
      return {
        ...state,
        status: 'shipped',
        shipping: { carrier: text(data.carrier) ?? '', trackingNumber: text(data.trackingNumber) ?? '', shippedAt: event.timestamp },
      };
    case 'OrderCancelled': {
      const reason = text(data.reason);
      return { ...state, status: 'cancelled', ...(reason !== undefined ? { cancelReason: reason } : {}) };
    }
    default:
      return state;
  }
}

function addItem(state: OrderState, data: JsonObject): OrderState {
  const sku = text(data.sku);
  if (sku === undefined || sku === '') return state;
  const quantity = quantityOf(data.quantity) ?? 1;
  const items = itemsOf(state);
  const existing = items.findIndex((item) => item.sku === sku);
  const nextItems =
    existing === -1
      ? [...items, { sku, name: text(data.name) ?? sku, quantity, unitPrice: amountOf(data.unitPrice) ?? 0 }]
      : items.map((item, index) => (index === existing ? { ...item, quantity: item.quantity + quantity } : item));
  return { ...state, items: nextItems, total: totalOf(nextItems) };
}

/** Removes the line, or only `quantity` of it when that is less than what the order holds. */
function removeItem(state: OrderState, data: JsonObject): OrderState {
  const sku = text(data.sku);
  const items = itemsOf(state);
  const existing = items.findIndex((item) => item.sku === sku);
  if (existing === -1) return state;
  const quantity = quantityOf(data.quantity);
  const current = items[existing];
  const nextItems =
    quantity !== undefined && quantity < current.quantity
      ? items.map((item, index) => (index === existing ? { ...item, quantity: item.quantity - quantity } : item))
      : items.filter((_, index) => index !== existing);
  return { ...state, items: nextItems, total: totalOf(nextItems) };
}

/** A snapshot written by something else may lack the items array; treat that as an empty order. */
function itemsOf(state: OrderState): OrderItem[] {
  return Array.isArray(state.items) ? state.items : [];
}

function totalOf(items: readonly OrderItem[]): number {
  let sum = 0;
  for (const item of items) sum += item.quantity * item.unitPrice;
  return Math.round(sum * 100) / 100;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Money may arrive as a number or as a decimal string ("49.99"); anything else is no amount. */
function amountOf(value: JsonValue | undefined): number | undefined {
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}

function quantityOf(value: JsonValue | undefined): number | undefined {
  const quantity = amountOf(value);
  return quantity !== undefined && quantity > 0 ? quantity : undefined;
}
