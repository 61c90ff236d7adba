/** A bus with 5 middleware and 10 handlers over the sample Order flow, for the bus overhead row. */
export const BENCH_BUS_JS = `const totals = new Map();
const seen = new Set();
function logging(event) { return event; }
function validation(event) { return event.data && typeof event.data === 'object' ? event : undefined; }
function dedupe(event) { if (seen.has(event.id)) return undefined; seen.add(event.id); return event; }
function enrich(event) { return { ...event, metadata: { ...event.metadata, tenant: 'shop' } }; }
function timing(event) { return { ...event, metadata: { ...event.metadata, receivedAt: event.timestamp } }; }
function recordOrder(event) { totals.set(event.aggregateId, 0); return { order: event.aggregateId }; }
function welcome(event) { return { mail: event.data.customerId }; }
function addToTotal(event) { totals.set(event.aggregateId, (totals.get(event.aggregateId) || 0) + event.data.quantity * event.data.unitPrice); return { total: totals.get(event.aggregateId) }; }
function reserveStock(event) { return { reserved: event.data.sku }; }
function capturePayment(event) { return { captured: event.data.amount }; }
function markPaid(event) { return { paid: event.aggregateId }; }
function requestInvoice(event) { return { invoice: event.aggregateId }; }
function ship(event) { return { carrier: event.data.carrier }; }
function notifyCustomer(event) { return { notified: event.aggregateId }; }
function refund(event) { return { refunded: event.aggregateId }; }
module.exports = {
  middleware: [logging, validation, dedupe, enrich, timing],
  subscribers: {
    OrderCreated: [recordOrder, welcome],
    ItemAdded: [addToTotal, reserveStock],
    PaymentCompleted: [capturePayment],
    OrderPaid: [markPaid, requestInvoice],
    OrderShipped: [ship, notifyCustomer],
    OrderCancelled: [refund],
  },
  retry: { attempts: 1 },
};
`;
