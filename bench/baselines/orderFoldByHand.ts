/**
 * The replay baseline: the Order reducer's logic written out by hand as one loop over the array, with the
 * same input checks and the same immutable states (an event it cannot apply leaves the state as it was) (each event yields a new state object, as replay needs
 * to keep earlier states). What a person would write without the Reducer/Replayer abstraction.
 */
import type { FlowEvent } from '../../src/core/envelope';
import type { JsonObject, JsonValue } from '../../src/core/json';
import type { OrderItem, OrderState } from '../../src/core/reducers/order';

const str = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function amount(value: JsonValue | undefined): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function total(items: readonly OrderItem[]): number {
  let sum = 0;
  for (const item of items) sum += item.quantity * item.unitPrice;
  return Math.round(sum * 100) / 100;
}

export function foldOrdersByHand(events: readonly FlowEvent[]): OrderState {
  let s: OrderState = { orderId: '', customerId: '', status: 'none', currency: 'USD', items: [], total: 0, version: 0 };
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const raw = event.data;
    const d: JsonObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
    const version = typeof event.version === 'number' && Number.isFinite(event.version) ? event.version : s.version + 1;
    switch (event.type) {
      case 'OrderCreated':
        s = { ...s, orderId: str(d.orderId) ?? str(d.order_id) ?? event.aggregateId ?? s.orderId, customerId: str(d.customerId) ?? str(d.customer_id) ?? s.customerId, currency: str(d.currency) ?? 'USD', status: 'created', items: [], total: 0, version };
        break;
      case 'ItemAdded': {
        if ('item' in d) {
          // The chapter's shape: the item kept whole, its price added as is.
          const item = d.item;
          const sku = typeof item === 'string' ? item : typeof item === 'object' && item !== null && !Array.isArray(item) ? str(item.sku) ?? str(item.product_id) : undefined;
          const price = amount(d.price);
          if (sku === undefined || price === undefined) break;
          const items = [...s.items, { sku, name: sku, quantity: 1, unitPrice: price, item }];
          s = { ...s, items, total: total(items), version };
          break;
        }
        const sku = str(d.sku) ?? str(d.product_id);
        const unitPrice = amount(d.unitPrice) ?? amount(d.unit_price) ?? amount(d.price);
        if (sku === undefined || sku === '' || unitPrice === undefined) break;
        const q = amount(d.quantity);
        const quantity = q !== undefined && q > 0 ? q : 1;
        const at = s.items.findIndex((item) => item.sku === sku);
        const items =
          at === -1
            ? [...s.items, { sku, name: str(d.name) ?? sku, quantity, unitPrice }]
            : s.items.map((item, k) => (k === at ? { ...item, quantity: item.quantity + quantity } : item));
        s = { ...s, items, total: total(items), version };
        break;
      }
      case 'ItemRemoved': {
        const sku = str(d.sku) ?? str(d.product_id);
        const at = s.items.findIndex((item) => item.sku === sku);
        if (at === -1) break;
        const a = amount(d.quantity);
        const q = a !== undefined && a > 0 ? a : undefined;
        const items =
          q !== undefined && q < s.items[at].quantity
            ? s.items.map((item, k) => (k === at ? { ...item, quantity: item.quantity - q } : item))
            : s.items.filter((_, k) => k !== at);
        s = { ...s, items, total: total(items), version };
        break;
      }
      case 'PaymentCompleted': {
        const paid = amount(d.amount);
        s = paid === undefined ? { ...s, status: 'paid', paidAt: event.timestamp, version } : { ...s, payment: { paymentId: str(d.paymentId) ?? '', amount: paid, method: str(d.method) ?? 'unknown' }, version };
        break;
      }
      case 'OrderPaid': {
        const paid = amount(d.amount);
        const payment = s.payment ?? (paid !== undefined ? { paymentId: str(d.paymentId) ?? '', amount: paid, method: 'unknown' } : undefined);
        s = payment ? { ...s, status: 'paid', paidAt: event.timestamp, payment, version } : { ...s, status: 'paid', paidAt: event.timestamp, version };
        break;
      }
      case 'OrderShipped':
        s = { ...s, status: 'shipped', shipping: { carrier: str(d.carrier) ?? '', trackingNumber: str(d.trackingNumber) ?? '', shippedAt: event.timestamp }, version };
        break;
      case 'OrderCancelled': {
        const reason = str(d.reason);
        s = reason !== undefined ? { ...s, status: 'cancelled', cancelReason: reason, version } : { ...s, status: 'cancelled', version };
        break;
      }
      default:
        // An event the Order has no rule for leaves the state as it was (the reducer reports it as not applied).
        break;
    }
  }
  return s;
}
