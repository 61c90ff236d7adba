/**
 * The flow monitor and its alerts on the real servers, driven through the sampler registry (no UI): a
 * RabbitMQ dead-letter queue that grows as a consumer rejects messages raises exactly one alert, holds it
 * while more arrive, and clears it when purged; a Kafka group's lag rises while its consumer is stopped
 * and falls when it resumes, raising one lag alert and one "lost its last member" alert, both cleared.
 */
import * as assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import type { AlertRule } from '../../src/connectors/reads/alertRules';
import * as ports from '../services/ports';
import { waitUntil } from '../support/waits';
import { KafkaFixture, uniqueName as kafkaName } from './support/kafkaFixture';
import { RabbitFixture, uniqueName as rabbitName } from './support/rabbitFixture';
import { watchedMonitor } from './support/watchedMonitor';

describe('Flow monitor and alerts on the real servers', function () {
  this.timeout(240_000);

  describe('RabbitMQ', () => {
    const rig = new RabbitFixture();
    let consumer: amqp.ChannelModel | undefined;
    before(() => rig.start());
    after(async () => {
      await consumer?.close().catch(() => undefined);
      await rig.dispose();
    });

    it('a dead-letter queue that grows raises exactly one alert, held while it grows, cleared when the queue is purged', async () => {
      const dlq = await rig.queue(rabbitName('monitor-dlq'));
      const work = await rig.queue(rabbitName('monitor-work'), { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
      const broker = rig.broker();
      const rule: AlertRule = { id: 'dlq', connectionId: 'rig', when: 'deadLettersGrow', source: { name: dlq, scope: '/' }, growth: 1 };
      const w = watchedMonitor(broker, [rule], [{ connectionId: 'rig', kind: 'source', name: dlq, scope: '/' }]);
      try {
        // The management API lists a new queue within its statistics interval: the empty queue is the baseline.
        await waitUntil('the dead-letter queue in the figures', async () => (await w.sample()).value.figures?.sources.find((s) => s.name === dlq)?.messages, (n) => n === 0);
        // A consumer rejects what it gets: the broker dead-letters each message into the queue watched.
        consumer = await amqp.connect(ports.rabbitmq.url);
        const channel = await consumer.createChannel();
        await channel.consume(work, (message) => (message ? channel.nack(message, false, false) : undefined), { noAck: false });
        await rig.fill(work, ['a', 'b', 'c']);
        await waitUntil('one alert raised', async () => (await w.sample(), w.raised()), (raised) => raised.length > 0);
        await waitUntil('the alert to count all 3 dead letters', async () => (await w.sample(), w.watch.active()[0]?.figure), (n) => n === 3);
        await rig.fill(work, ['d', 'e']);
        await waitUntil('the alert to count 5', async () => (await w.sample(), w.watch.active()[0]?.figure), (n) => n === 5);
        assert.deepEqual(w.raised(), ['dlq'], 'more dead letters are the same episode');
        assert.match(w.watch.active()[0].text, new RegExp(`Dead letters grow in ${dlq.replace(/\./g, '\\.')} \\(/\\): \\+5 \\(5 held\\)`));

        assert.equal(await broker.purge(dlq), 5);
        await waitUntil('the alert to clear', async () => (await w.sample(), w.cleared()), (cleared) => cleared.length > 0);
        for (let i = 0; i < 3; i += 1) await w.sample();
        assert.deepEqual(w.raised(), ['dlq'], 'exactly one alert in all');
        assert.deepEqual(w.cleared(), ['dlq']);
        const depth = w.chart('depth');
        const held = depth.values[depth.parts.indexOf('ready')];
        assert.ok(held.includes(5), `the depth chart shows the 5 dead letters (${JSON.stringify(held)})`);
        assert.equal(held.at(-1), 0, 'and the purge');
      } finally {
        w.dispose();
      }
    });
  });

  describe('Kafka', () => {
    const fixture = new KafkaFixture();
    const groupId = kafkaName('efx-it-monitor');
    const consumers: { disconnect(): Promise<void> }[] = [];
    before(() => fixture.start());
    after(async () => {
      for (const c of consumers) await c.disconnect().catch(() => undefined);
      await fixture.admin.deleteGroups([groupId]).catch(() => undefined);
      await fixture.dispose();
    });

    /** A member of the group that reads the topic from its start and commits after each batch; `seen` counts what it read. */
    async function startConsumer(topic: string, seen: { count: number }) {
      const consumer = fixture.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: () => {
          seen.count += 1;
          return Promise.resolve();
        },
      });
      return consumer;
    }

    it('lag rises while the group is stopped and falls when it resumes; one lag alert and one lost-member alert, both cleared', async () => {
      const topic = await fixture.topic('efx-it-monitor', 2);
      const producer = fixture.kafka.producer();
      await producer.connect();
      const send = (n: number, tag: string) => producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ partition: i % 2, value: `${tag}${i}` })) });
      const rules: AlertRule[] = [
        { id: 'lag', connectionId: 'rig', when: 'lagAbove', group: groupId, messages: 20 },
        { id: 'members', connectionId: 'rig', when: 'groupEmpty', group: groupId },
      ];
      const w = watchedMonitor(fixture.broker(), rules, [{ connectionId: 'rig', kind: 'group', name: groupId }]);
      const lagNow = (): number => {
        const lag = w.chart('lag');
        return lag.values.reduce((sum, series) => sum + (series.at(-1) ?? 0), 0);
      };
      try {
        await send(10, 'a');
        const first = { count: 0 };
        const running = await startConsumer(topic, first);
        await waitUntil('the group to read and commit all 10', async () => (await w.sample()).value.figures?.groups[0], (g) => g?.members === 1 && g.lag?.total === 0n && g.lag.committedPartitions === 2, 60_000);
        assert.equal(lagNow(), 0);

        await running.disconnect();
        await send(30, 'b');
        await waitUntil('the lag to rise to 30', async () => (await w.sample(), lagNow()), (lag) => lag === 30, 60_000);
        await waitUntil('both alerts raised', async () => (await w.sample(), w.raised()), (raised) => raised.length === 2, 60_000);
        assert.deepEqual([...w.raised()].sort(), ['lag', 'members']);
        assert.equal(w.chart('members').values[0].at(-1), 0);
        const lagTime = w.chart('lagTime');
        assert.ok(lagTime.values.some((series) => (series.at(-1) ?? 0) > 0), 'the lag in time rises too');

        const second = { count: 0 };
        await startConsumer(topic, second);
        await waitUntil('the lag to fall to 0', async () => (await w.sample(), lagNow()), (lag) => lag === 0, 90_000);
        await waitUntil('both alerts cleared', async () => (await w.sample(), w.cleared()), (cleared) => cleared.length === 2, 60_000);
        assert.deepEqual([...w.cleared()].sort(), ['lag', 'members']);
        assert.equal(w.raised().length, 2, 'one alert per episode');
        assert.equal(second.count, 30, 'the resumed member read what the stopped one left');
        const totals = w.chart('lag').times.map((_, i) => w.chart('lag').values.reduce((sum, series) => sum + (series[i] ?? 0), 0));
        assert.ok(totals.indexOf(30) > totals.indexOf(0) && totals.lastIndexOf(0) > totals.indexOf(30), `the lag chart rose, then fell: ${JSON.stringify(totals)}`);
      } finally {
        w.dispose();
        await producer.disconnect();
      }
    });
  });
});
