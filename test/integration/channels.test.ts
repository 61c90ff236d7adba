// Channels read from the real servers: Kafka topics and a consumer group reading one; a RabbitMQ vhost with
// an exchange → queue binding, a queue with a dead-letter exchange and a stream queue; a Local store's
// aggregate types, and a MongoDB store's (on FerretDB). Each listing carries the connection it is of and says when it stopped at its limit.
import * as assert from 'node:assert/strict';
import type * as amqp from 'amqplib';
import { makeTempStore, type TempStore } from '../unit/local/helpers';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import { waitUntil } from '../support/waits';
import type { ChannelMap } from '../../src/connectors/reads/channels';
import { KafkaFixture, uniqueName } from './support/kafkaFixture';
import { MongoFixture } from './support/mongoFixture';
import { RabbitFixture } from './support/rabbitFixture';

const byName = (map: ChannelMap, name: string) => map.channels.find((c) => c.name === name);

describe('Channels from the real servers', function () {
  this.timeout(120_000);

  describe('Kafka', () => {
    const fixture = new KafkaFixture();
    const groupId = uniqueName('efx-it-channels-group');
    let topic = '';
    let unread = '';

    before(async () => {
      await fixture.start();
      topic = await fixture.topic('efx-it-channels', 3);
      unread = await fixture.topic('efx-it-channels-unread', 1);
      const producer = fixture.kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [0, 1, 2].map((partition) => ({ partition, value: `m${partition}` })) });
      await producer.disconnect();
      // A group that has read partition 0 of the topic and committed: no member needed for it to be listed.
      await fixture.admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    });
    after(async () => {
      await fixture.admin.deleteGroups([groupId]).catch((error: unknown) => console.log(`group ${groupId} not deleted: ${String(error)}`));
      await fixture.dispose();
    });

    it('lists topics with partitions and messages, and the group as a reader of the topic it committed in', async () => {
      const map = await fixture.broker().channels({ connectionId: 'kafka-rig' });
      assert.deepEqual(byName(map, topic), { connectionId: 'kafka-rig', connectionKind: 'kafka', id: `topic:${topic}`, kind: 'topic', name: topic, role: 'holds', detail: 'delete', figures: { messages: 3, partitions: 3 } });
      assert.equal(byName(map, unread)?.figures.partitions, 1);
      assert.equal(map.channels.some((c) => c.name.startsWith('__')), false, 'internal topics are listed');
      const reader = map.readers.find((r) => r.name === groupId);
      assert.deepEqual(reader && { id: reader.id, kind: reader.kind, state: reader.state, members: reader.members }, { id: `group:${groupId}`, kind: 'consumer group', state: 'Empty', members: 0 });
      assert.deepEqual(map.links.filter((l) => l.from === `group:${groupId}`), [{ kind: 'reads', from: `group:${groupId}`, to: `topic:${topic}` }]);
    });

    it('stops at its limit and says what it left out', async () => {
      const map = await fixture.broker().channels({ connectionId: 'kafka-rig', limit: 1 });
      assert.equal(map.channels.length, 1);
      assert.equal(map.readers.length <= 1, true);
      assert.ok(map.capped, 'a listing of one topic of several says nothing of the rest');
      assert.match(map.capped.note, /^\d+ of \d+ topics/);
    });
  });

  describe('RabbitMQ', () => {
    const rig = new RabbitFixture();
    const vhost = uniqueName('efx-it-channels');
    let raw: amqp.ChannelModel | undefined;

    before(async function () {
      raw = await openTestVhost(this, 'RabbitMQ channels', vhost);
      await rig.start();
      const channel = await raw.createConfirmChannel();
      await channel.assertExchange('orders', 'topic', { durable: true });
      await channel.assertExchange('orders.dlx', 'fanout', { durable: true });
      await channel.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'orders.dlx', 'x-dead-letter-routing-key': 'dead' } });
      await channel.assertQueue('orders.dlq', { durable: true });
      await channel.assertQueue('orders.events', { durable: true, arguments: { 'x-queue-type': 'stream' } });
      await channel.bindQueue('orders.created', 'orders', 'order.created');
      await channel.bindQueue('orders.dlq', 'orders.dlx', '');
      await channel.bindQueue('orders.events', 'orders', 'order.#');
      channel.publish('orders', 'order.created', Buffer.from('{}'));
      await channel.waitForConfirms();
      await channel.close();
    });
    after(async () => {
      await raw?.close().catch(() => undefined);
      await rig.dispose();
      await deleteTestVhost(vhost);
    });

    it('lists exchanges, queues and the stream, their bindings and the dead-letter link, with figures', async () => {
      const map = await rig.broker().channels({ connectionId: 'rabbit-rig' }, vhost);
      const orders = byName(map, 'orders');
      assert.deepEqual(orders && [orders.id, orders.kind, orders.role, orders.detail], ['exchange:orders', 'exchange', 'routes', 'topic']);
      assert.deepEqual([byName(map, 'orders.events')?.kind, byName(map, 'orders.events')?.detail], ['stream', 'stream']);
      assert.equal(byName(map, 'orders.dlq')?.holdsDeadLetters, true);
      for (const channel of map.channels) assert.deepEqual([channel.connectionId, channel.connectionKind, channel.scope], ['rabbit-rig', 'rabbitmq', vhost]);
      assert.deepEqual(
        [...map.links].sort((a, b) => (`${a.from} ${a.to}` < `${b.from} ${b.to}` ? -1 : 1)),
        [
          { kind: 'route', from: 'exchange:orders', to: 'queue:orders.created', routingKey: 'order.created' },
          { kind: 'route', from: 'exchange:orders', to: 'queue:orders.events', routingKey: 'order.#' },
          { kind: 'route', from: 'exchange:orders.dlx', to: 'queue:orders.dlq', routingKey: '' },
          { kind: 'dead-letter', from: 'queue:orders.created', to: 'exchange:orders.dlx', routingKey: 'dead' },
        ],
      );
      assert.equal(map.capped, undefined);
    });

    it("carries a queue's ready and unacked as the management API counts them", async () => {
      // The management API samples queue counts every few seconds: wait for it to count the message.
      const read = async () => byName(await rig.broker().channels({ connectionId: 'rabbit-rig' }, vhost), 'orders.created')?.figures;
      const figures = await waitUntil('the management API to count the message in orders.created', read, (f) => f?.ready === 1, 30_000);
      assert.deepEqual(figures, { messages: 1, ready: 1, unacked: 0, consumers: 0 });
    });

    it('stops at its limit and says what it left out', async () => {
      const map = await rig.broker().channels({ connectionId: 'rabbit-rig', limit: 1 }, vhost);
      assert.deepEqual([map.channels.filter((c) => c.role === 'routes').length, map.channels.filter((c) => c.role === 'holds').length], [1, 1]);
      // A new vhost has the default exchange and six amq.* ones besides the two declared here.
      assert.equal(map.capped?.note, `8 of 9 exchanges and 2 of 3 queues in vhost ${vhost} not listed`);
    });
  });

  describe('Local store', () => {
    let temp: TempStore | undefined;
    before(async () => {
      temp = await makeTempStore();
      await temp.store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
      await temp.store.append('Order-2', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
      await temp.store.append('Customer-1', 'Customer', [{ type: 'CustomerRegistered', data: {} }], 0);
    });
    after(() => temp?.cleanup());

    it('lists its aggregate types as channels with their aggregate counts', async () => {
      const map = await temp?.store.channels({ connectionId: 'local' });
      assert.deepEqual(
        map?.channels.map((c) => [c.id, c.connectionId, c.connectionKind, c.kind, c.role, c.figures.aggregates]).sort(),
        [
          ['aggregate-type:Customer', 'local', 'local', 'aggregate type', 'holds', 1],
          ['aggregate-type:Order', 'local', 'local', 'aggregate type', 'holds', 2],
        ],
      );
      assert.deepEqual(map?.links, []);
    });
  });

  describe('MongoDB store', () => {
    const fixture = new MongoFixture('efx_channels');
    before(async () => {
      await fixture.start();
      const store = fixture.open();
      await store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
      await store.append('Invoice-1', 'Invoice', [{ type: 'InvoiceIssued', data: {} }], 0);
    });
    after(() => fixture.dispose());

    it('lists its aggregate types as channels with their aggregate counts, up to the limit', async () => {
      const store = fixture.open();
      const map = await store.channels({ connectionId: 'mongo-rig' });
      assert.deepEqual(
        map.channels.map((c) => [c.id, c.connectionId, c.connectionKind, c.figures.aggregates]).sort(),
        [
          ['aggregate-type:Invoice', 'mongo-rig', 'mongo', 1],
          ['aggregate-type:Order', 'mongo-rig', 'mongo', 1],
        ],
      );
      const cut = await store.channels({ connectionId: 'mongo-rig', limit: 1 });
      assert.equal(cut.channels.length, 1);
      assert.equal(cut.capped?.note, '1 of 2 aggregate types not listed');
    });
  });
});
