/**
 * A connection's figures read by its sampler from the real servers: Kafka group lag in messages and in time
 * after producing without consuming, and messages in per second from successive samples; RabbitMQ ready and
 * unacked depths; the Local store's event count after appends by another writer, and a MongoDB store's,
 * whose monitor chart says in one line why its events are not counted by type.
 */
import * as assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { LocalEventStore } from '../../src/connectors/local';
import { NO_TARGETS, type Figures } from '../../src/connectors/reads/figures';
import { chartReadings, monitorRequest } from '../../src/connectors/reads/monitorTargets';
import { MONGO_EVENT_TYPES_WHY_NOT } from '../../src/connectors/mongo/mongoEventStore';
import type { FiguresSample } from '../../src/connectors/reads/samplerRegistry';
import { waitUntil } from '../support/waits';
import * as ports from '../services/ports';
import { makeTempStore } from '../unit/local/helpers';
import { drivenSampler } from './support/drivenSampler';
import { KafkaFixture, uniqueName as kafkaName } from './support/kafkaFixture';
import { MongoFixture } from './support/mongoFixture';
import { RabbitFixture, uniqueName as rabbitName } from './support/rabbitFixture';

function figuresOf(sample: FiguresSample): Figures {
  if (sample.value.figures === undefined) throw sample.value.error instanceof Error ? sample.value.error : new Error(String(sample.value.error));
  return sample.value.figures;
}

describe('Figures read by a connection\'s sampler, from the real servers', function () {
  this.timeout(180_000);

  describe('Kafka', () => {
    const fixture = new KafkaFixture();
    const groupId = kafkaName('efx-it-figures');
    before(() => fixture.start());
    after(async () => {
      await fixture.admin.deleteGroups([groupId]).catch(() => undefined);
      await fixture.dispose();
    });

    it('reads a group\'s lag in messages and in time after producing without consuming, and the topic\'s messages in per second', async () => {
      const topic = await fixture.topic('efx-it-figures', 3);
      // The group committed the start of every partition and then consumed nothing.
      await fixture.admin.setOffsets({ groupId, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })) });
      const producer = fixture.kafka.producer();
      await producer.connect();
      const minuteAgo = Date.now() - 60_000;
      try {
        await producer.send({ topic, messages: Array.from({ length: 9 }, (_, i) => ({ partition: i % 3, value: `m${i}`, timestamp: String(minuteAgo) })) });
        const sampler = drivenSampler(fixture.broker(), () => ({ ...NO_TARGETS, sources: [{ name: topic }, { name: kafkaName('efx-it-no-such-topic') }], groups: [groupId], lagOf: [groupId], inventory: [''], allGroups: true }));
        try {
          const first = figuresOf(await sampler.sample());
          const source = first.sources.find((s) => s.name === topic);
          assert.ok(source, 'the topic has no figures');
          assert.equal(first.sources.length, 1, 'a topic that does not exist is left out');
          assert.equal(source.messages, 9);
          assert.deepEqual(source.partitions?.map((p) => [p.partition, p.earliest, p.latest]), [[0, 0n, 3n], [1, 0n, 3n], [2, 0n, 3n]]);
          const group = first.groups.find((g) => g.group === groupId);
          assert.ok(group?.lag, 'the group has no lag');
          assert.equal(group.lag.total, 9n);
          assert.equal(group.lag.committedPartitions, 3);
          assert.ok(first.inventory?.[0]?.names?.includes(topic), 'the topic is not among the cluster\'s topics');
          assert.ok(first.allGroups?.includes(groupId), 'the group is not among the cluster\'s groups');
          for (const row of group.lag.partitions) {
            assert.equal(row.lag, 3n);
            assert.ok(row.lagMs !== undefined && row.lagMs >= 60_000, `partition ${row.partition}: lag in time ${row.lagMs} ms, not the age of its oldest unread message`);
          }

          await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 3, value: `n${i}` })) });
          const second = figuresOf(await sampler.sample());
          assert.equal(second.groups.find((g) => g.group === groupId)?.lag?.total, 15n);
          const rate = second.sources.find((s) => s.name === topic)?.publishRate;
          assert.ok(rate !== undefined && rate > 0, `no messages-in rate from the two samples' counts (${rate})`);
        } finally {
          sampler.dispose();
        }
      } finally {
        await producer.disconnect();
      }
    });
  });

  describe('RabbitMQ', () => {
    const rig = new RabbitFixture();
    let consumer: amqp.ChannelModel | undefined;
    before(() => rig.start());
    after(async () => {
      await consumer?.close().catch(() => undefined);
      await rig.dispose();
    });

    it('reads a queue\'s ready and unacked depths from the management API', async () => {
      const queue = await rig.queue(rabbitName('figures'));
      await rig.fill(queue, ['a', 'b', 'c', 'd', 'e']);
      // A consumer takes two and holds them unacknowledged.
      consumer = await amqp.connect(ports.rabbitmq.url);
      const channel = await consumer.createChannel();
      await channel.prefetch(2);
      let held = 0;
      await channel.consume(queue, () => void (held += 1), { noAck: false });
      await waitUntil('the consumer to hold two messages', () => Promise.resolve(held), (n) => n === 2);
      const sampler = drivenSampler(rig.broker(), () => ({ ...NO_TARGETS, sources: [{ name: queue, scope: '/' }, { name: rabbitName('no-such-queue'), scope: '/' }], inventory: ['/'] }));
      try {
        // The management API counts on its own statistics interval: the figures settle within seconds.
        const figures = await waitUntil(
          'the sample to show 3 ready and 2 unacked, held by one consumer',
          async () => figuresOf(await sampler.sample()).sources.map((s) => ({ name: s.name, ready: s.ready, unacked: s.unacked, consumers: s.consumers })),
          (sources) => sources[0]?.ready === 3 && sources[0]?.unacked === 2 && sources[0]?.consumers === 1,
        );
        assert.deepEqual(figures, [{ name: queue, ready: 3, unacked: 2, consumers: 1 }], 'a queue that does not exist is left out');
        const counted = figuresOf(await sampler.sample()).inventory?.[0];
        assert.ok(counted && counted.scope === '/' && counted.count >= 1, `the vhost's queues are not counted (${JSON.stringify(counted)})`);
      } finally {
        sampler.dispose();
      }
    });

    it('reads queues asked for by name in one list, their names taken literally, not as patterns', async () => {
      const base = rabbitName('figures-named');
      const dotted = await rig.queue(`${base}.a(1)`);
      const lookalike = await rig.queue(`${base}xa(1)`);
      const longer = await rig.queue(`${base}.a(1)-more`);
      await rig.fill(dotted, ['a', 'b']);
      await rig.fill(lookalike, ['a']);
      await rig.fill(longer, ['a', 'b', 'c']);
      const sampler = drivenSampler(rig.broker(), () => ({ ...NO_TARGETS, sources: [{ name: dotted, scope: '/' }, { name: `${base}.a(1)-gone`, scope: '/' }] }));
      try {
        const figures = await waitUntil(
          'the sample to show the two messages of the one queue asked for',
          async () => figuresOf(await sampler.sample()).sources.map((s) => ({ name: s.name, ready: s.ready })),
          (sources) => sources[0]?.ready === 2,
        );
        assert.deepEqual(figures, [{ name: dotted, ready: 2 }], 'only the queue named, neither its look-alike nor a longer name');
      } finally {
        sampler.dispose();
      }
    });
  });

  describe('Local store', () => {
    it('counts the events of the file, appended by another writer too', async () => {
      const temp = await makeTempStore();
      try {
        await temp.store.append('Order-1', 'Order', [{ type: 'Created', data: {} }, { type: 'Paid', data: {} }], 0);
        const sampler = drivenSampler(temp.store, () => ({ ...NO_TARGETS, events: true }));
        try {
          assert.equal(figuresOf(await sampler.sample()).events, 2);
          const other = new LocalEventStore({ eventsFile: temp.eventsFile });
          await other.append('Order-2', 'Order', [{ type: 'Created', data: {} }, { type: 'Created', data: {} }, { type: 'Paid', data: {} }], 0);
          await other.close();
          const after = figuresOf(await sampler.sample());
          assert.equal(after.events, 5);
          assert.ok(after.eventRate !== undefined && after.eventRate > 0, 'no events-per-second rate from the two counts');
        } finally {
          sampler.dispose();
        }
      } finally {
        await temp.cleanup();
      }
    });
  });

  describe('MongoDB store', () => {
    const fixture = new MongoFixture('efx_figures');
    before(() => fixture.start());
    after(() => fixture.dispose());

    it('counts the events collection as the server keeps it', async () => {
      const store = fixture.open({ timeoutMs: 30_000 });
      await store.append('Order-1', 'Order', [{ type: 'Created', data: {} }, { type: 'Paid', data: {} }, { type: 'Shipped', data: {} }], 0);
      const sampler = drivenSampler(store, () => ({ ...NO_TARGETS, events: true }));
      try {
        assert.equal(figuresOf(await sampler.sample()).events, 3);
      } finally {
        sampler.dispose();
      }
    });

    it("gives the monitor its events' rate, not by type, and says why under the chart", async () => {
      const store = fixture.open({ timeoutMs: 30_000 });
      await store.append('Order-2', 'Order', [{ type: 'Created', data: {} }], 0);
      const target = { connectionId: 'mongo', kind: 'store' as const };
      const sampler = drivenSampler(store, () => monitorRequest([target]));
      try {
        await sampler.sample();
        await store.append('Order-2', 'Order', [{ type: 'Paid', data: {} }], 1);
        const figures = figuresOf(await sampler.sample());
        assert.equal(figures.eventTypes, undefined, 'no types: counting them would read the whole collection');
        assert.equal(figures.eventTypesWhyNot, MONGO_EVENT_TYPES_WHY_NOT);
        const [events] = chartReadings(target, figures);
        assert.equal(events?.chart, 'events');
        assert.deepEqual(events.values.map(([part]) => part), ['events']);
        assert.ok(events.values[0][1] > 0, `the rate ${events.values[0][1]} did not see the append`);
        assert.equal(events.note, MONGO_EVENT_TYPES_WHY_NOT);
      } finally {
        sampler.dispose();
      }
    });
  });
});
