import * as assert from 'node:assert/strict';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import type { FlowEvent } from '../../../src/core/envelope';
import { messagesToBusEvents, messageToBusEvent } from '../../../src/sandbox/bus/messageEvents';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { tempWorkspace } from './workspace';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** A Kafka record through the connector's own mapping, as the message browser reads it. */
function kafka(value: Buffer | null, headers: Record<string, string> = {}, offset = '7'): FlowEvent {
  return recordToEvent('orders', 2, { offset, timestamp: String(Date.parse('2026-12-03T10:00:00Z')), key: Buffer.from('Order-1001'), value, headers });
}

/** A RabbitMQ message through the connector's own mapping, as the peek view reads it. */
function rabbit(content: Buffer, properties: object = {}, position = 3): FlowEvent {
  return toPeekedMessage({ content, fields: { exchange: 'orders', routingKey: 'order.created' }, properties }, { vhost: '/', queue: 'orders.audit', position }).message.event;
}

function mapped(message: FlowEvent): FlowEvent {
  const result = messageToBusEvent(message);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.event;
}

const ENVELOPE = { event_id: 'e-1', event_type: 'OrderCreated', aggregate_id: 'Order-1001', version: 1, timestamp: '2026-12-01T09:00:00.000Z', data: { customerId: 'C-1' } };

describe('broker messages as bus events', () => {
  it('Kafka: a JSON envelope body is unwrapped (event_id, event_type, timestamp, data, aggregate)', () => {
    const event = mapped(kafka(json(ENVELOPE)));
    assert.deepEqual([event.id, event.type, event.timestamp, event.data, event.aggregateId, event.version], ['e-1', 'OrderCreated', '2026-12-01T09:00:00.000Z', { customerId: 'C-1' }, 'Order-1001', 1]);
    assert.equal(event.source.system, 'kafka');
    const short = mapped(kafka(json({ id: 42, type: 'OrderPaid', data: { amount: 5 } })));
    assert.deepEqual([short.id, short.type, short.data, short.timestamp], ['42', 'OrderPaid', { amount: 5 }, '2026-12-03T10:00:00.000Z']);
  });

  it('Kafka: the event-type and event-id headers win; a plain JSON body is the data as it is', () => {
    const event = mapped(kafka(json({ customerId: 'C-9', total: 3 }), { 'event-type': 'OrderCreated', 'event-id': 'h-1', 'correlation-id': 'c-1' }));
    assert.deepEqual([event.id, event.type, event.data, event.aggregateId, event.metadata.correlationId], ['h-1', 'OrderCreated', { customerId: 'C-9', total: 3 }, 'Order-1001', 'c-1']);
    const header = mapped(kafka(json(ENVELOPE), { 'event-type': 'OrderImported', 'event-id': 'h-2' }));
    assert.deepEqual([header.id, header.type, header.data], ['h-2', 'OrderImported', { customerId: 'C-1' }]);
  });

  it('Kafka: a message with no type anywhere keeps the connector’s `message` and its place as id', () => {
    const event = mapped(kafka(json({ customerId: 'C-1' })));
    assert.deepEqual([event.id, event.type, event.data], ['orders/2/7', 'message', { customerId: 'C-1' }]);
    // An object with `data` but no type field is not an envelope: it stays whole.
    const notEnvelope = mapped(kafka(json({ data: { a: 1 }, note: 'x' })));
    assert.deepEqual(notEnvelope.data, { data: { a: 1 }, note: 'x' });
  });

  it('Kafka: binary and text bodies are refused with a reason naming the message, never thrown', () => {
    const binary = messageToBusEvent(kafka(Buffer.from([0xff, 0x00, 0xfe, 0x01])));
    assert.deepEqual(binary, { ok: false, reason: 'orders [2] @ 7 has a binary body (4 bytes), not JSON: the bus runs JSON events only.' });
    const text = messageToBusEvent(kafka(Buffer.from('hello, not json'), {}, '8'));
    assert.equal(text.ok, false);
    assert.match(text.ok ? '' : text.reason, /^orders \[2\] @ 8 has a text body \(15 bytes\), not JSON/);
  });

  it('RabbitMQ: the type property, else the envelope, else the routing key', () => {
    const property = mapped(rabbit(json({ orderId: 'O-1' }), { type: 'OrderCreated', messageId: 'm-1', timestamp: 1_764_748_800 }));
    assert.deepEqual([property.id, property.type, property.data, property.timestamp], ['m-1', 'OrderCreated', { orderId: 'O-1' }, '2025-12-03T08:00:00.000Z']);
    const envelope = mapped(rabbit(json(ENVELOPE)));
    assert.deepEqual([envelope.id, envelope.type, envelope.data, envelope.timestamp, envelope.aggregateId], ['e-1', 'OrderCreated', { customerId: 'C-1' }, ENVELOPE.timestamp, 'Order-1001']);
    const header = mapped(rabbit(json({ orderId: 'O-2' }), { headers: { 'event-type': 'OrderPaid' } }));
    assert.equal(header.type, 'OrderPaid');
    const untyped = mapped(rabbit(json({ orderId: 'O-3' })));
    assert.deepEqual([untyped.id, untyped.type], ['orders.audit#3', 'order.created']);
  });

  it('RabbitMQ: a binary body is refused; the others in the same selection still run', () => {
    const { events, refused } = messagesToBusEvents([rabbit(Buffer.from([0x00, 0x9f, 0x92, 0x96]), {}, 0), rabbit(json(ENVELOPE), {}, 1)]);
    assert.deepEqual(refused, ['orders.audit #0 has a binary body (4 bytes), not JSON: the bus runs JSON events only.']);
    assert.deepEqual(events.map((e) => [e.id, e.type]), [['e-1', 'OrderCreated']]);
  });

  it('a mapped message runs through the starter bus: its type reaches its handler', async function () {
    this.timeout(20_000);
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox({ timeLimitMs: 1000 });
    try {
      const file = workspace.write('bus.js', STARTER_BUS_JS);
      const { events } = messagesToBusEvents([kafka(json(ENVELOPE)), rabbit(json({ ...ENVELOPE, event_id: 'e-2', event_type: 'OrderShipped', data: { carrier: 'DHL' } }))]);
      const run = await sandbox.runBus(file, events);
      assert.deepEqual(
        run.traces.map((t) => [t.event.id, t.event.type, t.handlers.map((h) => [h.name, h.outcome])]),
        [
          ['e-1', 'OrderCreated', [['recordOrder', 'ok']]],
          ['e-2', 'OrderShipped', [['notifyCustomer', 'ok']]],
        ],
      );
      assert.deepEqual(run.traces[1].handlers[0].attempts.at(-1)?.result, { notified: 'Order-1001', carrier: 'DHL' });
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
