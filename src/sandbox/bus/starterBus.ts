/**
 * The `.eventflow/bus.js` a new workspace starts from (written by the "create starter bus" command): the
 * shape of an in-process event bus, with logging, validation and timing middleware, handlers for the
 * sample Order flow, one handler that fails once and succeeds when retried, and one that always fails and
 * ends in the dead-letter list.
 */
export const STARTER_BUS_JS = `// Event Flow Explorer: an in-process event bus to run events through ("Run Events Through Bus").
// publish → each middleware in order (return the event to pass it on; return nothing to drop it)
//         → every handler subscribed to the event's type.
// A handler that throws is tried again (retry); after the last try the event is dead-lettered.
// Handlers may publish further events with context.publish({ type, data }): they run next, as children.

const orders = new Map();

function logging(event) {
  console.log(\`bus: \${event.type} \${event.id}\`);
  return event;
}

// ItemAdded comes in two shapes: the chapter's { item, price } and { sku, quantity, unitPrice }.
function priceOf(data) {
  return data.unitPrice ?? data.unit_price ?? data.price;
}

function validation(event) {
  if (event.data === null || typeof event.data !== 'object') return undefined;
  // An item must say what was added and its price, and a quantity, when there is one, must be positive;
  // anything else is refused here: it never reaches a handler.
  if (event.type === 'ItemAdded') {
    const { item, sku, quantity } = event.data;
    const price = priceOf(event.data);
    if (item === undefined && sku === undefined) return undefined;
    if (price === null || price === undefined || !Number.isFinite(Number(price))) return undefined;
    if (quantity !== undefined && !(Number(quantity) > 0)) return undefined;
  }
  return event;
}

function timing(event) {
  return { ...event, metadata: { ...event.metadata, receivedAt: new Date().toISOString() } };
}

function recordOrder(event) {
  orders.set(event.aggregateId, { customerId: event.data.customerId ?? event.data.customer_id, total: 0 });
  return { order: event.aggregateId };
}

function addToTotal(event) {
  const order = orders.get(event.aggregateId) ?? { total: 0 };
  order.total = Math.round((order.total + Number(event.data.quantity ?? 1) * Number(priceOf(event.data))) * 100) / 100;
  orders.set(event.aggregateId, order);
  return { total: order.total };
}

function reserveStock(event, context) {
  // The warehouse does not answer the first call: the retry policy tries again.
  if (context.attempt === 1) throw new Error('warehouse did not answer in time');
  return { reserved: event.data.sku ?? event.data.item, attempt: context.attempt };
}

function requestInvoice(event, context) {
  context.publish({ type: 'InvoiceRequested', data: { orderId: event.aggregateId, amount: event.data.amount } });
  return { invoice: 'requested' };
}

function emailInvoice(event) {
  // Always fails: after the last try the event lands in the dead-letter list.
  throw new Error(\`mail relay refused the invoice for \${event.data.orderId}\`);
}

async function notifyCustomer(event) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { notified: event.aggregateId, carrier: event.data.carrier };
}

module.exports = {
  middleware: [logging, validation, timing],
  subscribers: {
    OrderCreated: [recordOrder],
    ItemAdded: [addToTotal, reserveStock],
    OrderPaid: [requestInvoice],
    InvoiceRequested: [emailInvoice],
    OrderShipped: [notifyCustomer],
  },
  retry: { attempts: 3, backoffMs: 20, factor: 2 },
};
`;
