// Listing through the management API matches what was declared: the sample topology's exchanges,
// bindings and queue arguments, its dead-letter and delay marks; queue pages and search over many queues.
import * as assert from 'node:assert/strict';
import { SAMPLE_DELAY_MS, sampleMessages } from '../../src/connectors/rabbitmq/sampleTopology';
import type { PeekOutcome } from '../../src/connectors/rabbitmq/rabbitBroker';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

describe('RabbitMQ topology and sample publishing', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  const prefix = `${uniqueName('topo')}.`;

  before(async () => {
    await rig.start();
    const names = await rig.broker().declareSampleTopology(prefix);
    for (const queue of [...Object.keys(names.queues), names.deadLetterQueue, names.delayQueue]) rig.track('queue', queue);
    for (const exchange of [names.exchange, names.deadLetterExchange, names.delayExchange]) rig.track('exchange', exchange);
  });
  after(() => rig.dispose());

  it('lists the declared exchanges, bindings and queue arguments, and marks the DLQ and the delay queue', async () => {
    const topology = await rig.broker().topology('/');
    const exchange = topology.exchanges.find((x) => x.name === `${prefix}orders`);
    assert.deepEqual(exchange && { type: exchange.type, durable: exchange.durable }, { type: 'topic', durable: true });
    assert.equal(topology.exchanges.find((x) => x.name === `${prefix}orders.dlx`)?.type, 'fanout');
    const keys = topology.bindings.filter((b) => b.source === `${prefix}orders` && b.destination === `${prefix}orders.payments`).map((b) => b.routingKey).sort();
    assert.deepEqual(keys, ['order.paid', 'order.payment-completed']);
    const created = topology.queues.find((q) => q.name === `${prefix}orders.created`);
    assert.deepEqual(created?.arguments, { deadLetterExchange: `${prefix}orders.dlx`, maxPriority: 10 });
    assert.equal(created?.type, 'classic');
    const delay = topology.queues.find((q) => q.name === `${prefix}orders.delay`);
    assert.deepEqual(delay?.arguments, { deadLetterExchange: `${prefix}orders`, messageTtl: SAMPLE_DELAY_MS });
    const work = ['created', 'items', 'payments', 'shipping'].map((name) => `${prefix}orders.${name}`);
    assert.deepEqual(topology.marks[`${prefix}orders.dlq`]?.deadLetterFor, work);
    assert.deepEqual(topology.marks[`${prefix}orders.delay`]?.delay, { ttlMs: SAMPLE_DELAY_MS, exchange: `${prefix}orders`, targets: work });
    assert.equal(topology.marks[`${prefix}orders.created`], undefined, "a delay queue's targets are not dead-letter queues");
  });

  it('publish sample events: each message lands where the bindings say, with its properties and headers', async () => {
    const broker = rig.broker();
    const sent = await broker.publishSampleEvents({ prefix, orders: 5 });
    const expected = sampleMessages({ orders: 5 });
    assert.equal(sent, expected.length);
    const byQueue: Record<string, string[]> = { created: ['order.created'], items: ['order.item-added'], payments: ['order.payment-completed', 'order.paid'], shipping: ['order.shipped', 'order.cancelled'] };
    for (const [name, keys] of Object.entries(byQueue)) {
      const want = expected.filter((m) => typeof m.key === 'string' && keys.includes(m.key));
      assert.equal(await rig.waitForReady(`${prefix}orders.${name}`, want.length), want.length, `${name} holds its messages`);
    }
    const outcome: PeekOutcome = await broker.peek(`${prefix}orders.created`, { limit: 1 });
    const [message] = outcome.messages;
    const first = expected[0];
    assert.equal(message.properties.messageId, first.properties?.messageId);
    assert.equal(message.properties.correlationId, first.properties?.correlationId);
    assert.equal(message.properties.type, 'OrderCreated');
    assert.equal(message.properties.deliveryMode, 2, 'persistent');
    assert.equal(message.properties.priority, 1);
    assert.equal(message.event.aggregateId, 'Order-1001');
    assert.equal(message.event.timestamp, '2026-01-05T09:00:00.000Z');
    assert.equal(message.routingKey, 'order.created');
    assert.equal(await rig.ready(`${prefix}orders.dlq`), 0);
  });

  it('pages and searches the queues of a vhost through the API paging', async () => {
    const base = uniqueName('page');
    for (let i = 0; i < 25; i++) await rig.queue(`${base}-${String(i).padStart(2, '0')}`);
    const broker = rig.broker();
    const page2 = await broker.queuePage('/', { search: base, pageSize: 10, page: 2 });
    assert.equal(page2.filteredCount, 25);
    assert.equal(page2.pageCount, 3);
    assert.deepEqual(page2.items.map((q) => q.name), Array.from({ length: 10 }, (_, i) => `${base}-${String(10 + i).padStart(2, '0')}`));
    const none = await broker.queuePage('/', { search: `${base}.*(no-such` });
    assert.equal(none.filteredCount, 0, 'search text is literal, not a pattern');
    assert.ok((await broker.vhosts()).some((v) => v.name === '/'));
  });
});
