// Rejected and expired messages land in the dead-letter queue with x-death; the dry run says where each
// would go; the redrive moves them with confirms and a counter; a delay queue delivers after its TTL.
import * as assert from 'node:assert/strict';
import { REDRIVE_COUNT_HEADER } from '../../src/connectors/rabbitmq/deadLetters';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

describe('RabbitMQ dead letters, redrive and delays', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  let dlx: string;
  let dlq: string;
  let work: string;

  before(async () => {
    await rig.start();
    dlx = rig.track('exchange', uniqueName('dlx'));
    await rig.channel((ch) => ch.assertExchange(dlx, 'fanout', { durable: true }));
    dlq = await rig.queue(uniqueName('dlq'));
    await rig.channel((ch) => ch.bindQueue(dlq, dlx, ''));
    work = await rig.queue(uniqueName('work'), { 'x-dead-letter-exchange': dlx });
  });
  after(() => rig.dispose());

  async function rejectAll(queue: string): Promise<void> {
    await rig.channel(async (ch) => {
      for (;;) {
        const message = await ch.get(queue, { noAck: false });
        if (message === false) return;
        ch.reject(message, false);
      }
    });
  }

  it('rejected and expired messages land in the DLQ with x-death: reason, queue, exchange, keys, count, time', async () => {
    await rig.fill(work, ['{"n":1}', '{"n":2}'], (i) => ({ messageId: `r-${i}` }));
    await rejectAll(work);
    await rig.fill(work, ['{"n":3}'], () => ({ messageId: 'e-0', expiration: '1' }));
    assert.equal(await rig.waitForReady(dlq, 3), 3);
    const outcome = await rig.broker().peek(dlq, { limit: 10 });
    const deaths = outcome.messages.map((m) => m.deaths[0]);
    assert.deepEqual(deaths.map((d) => [d.reason, d.queue, d.exchange, d.routingKeys, d.count]), [
      ['rejected', work, '', [work], 1],
      ['rejected', work, '', [work], 1],
      ['expired', work, '', [work], 1],
    ]);
    assert.ok(deaths.every((d) => d.time !== undefined && Math.abs(Date.parse(d.time) - Date.now()) < 120_000));
    assert.equal(deaths[2].originalExpiration, '1');
  });

  it('dry run, redrive to where they came from with a counter, then a looping message is caught', async () => {
    const broker = rig.broker();
    const plan = await broker.planRedrive(dlq, { destination: { to: 'origin-queue' }, limit: 100 });
    assert.equal(plan.toSend, 3);
    assert.deepEqual(plan.byTarget, { [`(default exchange) → ${work}`]: 3 });
    assert.equal(await rig.ready(dlq), 3, 'the dry run moved nothing');
    const report = await broker.redrive({ queue: dlq, destination: { to: 'origin-queue' }, maxRedrives: 1 });
    assert.deepEqual([report.moved, report.skipped.length, report.possiblyDuplicated, report.interrupted], [3, 0, 0, undefined]);
    assert.equal(await rig.ready(dlq), 0);
    assert.equal(await rig.waitForReady(work, 3), 3);
    // They die again: with a limit of one redrive, the second redrive leaves them where they are.
    await rejectAll(work);
    assert.equal(await rig.waitForReady(dlq, 3), 3);
    const again = await broker.redrive({ queue: dlq, destination: { to: 'origin-queue' }, maxRedrives: 1 });
    assert.equal(again.moved, 0);
    assert.equal(again.skipped.length, 3);
    assert.match(again.skipped[0].reason, /redriven 1 times/);
    const left = await rig.drain(dlq);
    assert.deepEqual(left.map((m) => m.headers[REDRIVE_COUNT_HEADER]), [1, 1, 1]);
    assert.deepEqual(left.map((m) => m.body), ['{"n":1}', '{"n":2}', '{"n":3}'], 'skipped messages keep their order');
  });

  it('redrive selected messages to a chosen exchange; the rest stay in order; purge empties a queue', async () => {
    const target = await rig.queue(uniqueName('target'));
    await rig.fill(dlq, ['a', 'b', 'c', 'd'], (i) => ({ messageId: `s-${i}` }));
    const broker = rig.broker();
    const report = await broker.redrive({ queue: dlq, destination: { to: 'exchange', exchange: '', routingKey: target }, selection: { messageIds: ['s-1', 's-3'] } });
    assert.equal(report.moved, 2);
    assert.equal(report.kept, 2);
    assert.deepEqual((await rig.drain(target)).map((m) => m.body), ['b', 'd']);
    assert.equal(await rig.ready(dlq), 2);
    assert.equal(await broker.purge(dlq), 2);
    assert.equal(await rig.ready(dlq), 0);
  });

  it('a delay queue delivers after its TTL (within a tolerance)', async () => {
    const prefix = `${uniqueName('delay')}.`;
    const broker = rig.broker();
    const names = await broker.declareSampleTopology(prefix);
    for (const queue of [...Object.keys(names.queues), names.deadLetterQueue, names.delayQueue]) rig.track('queue', queue);
    for (const exchange of [names.exchange, names.deadLetterExchange, names.delayExchange]) rig.track('exchange', exchange);
    const started = Date.now();
    await broker.publish({ name: names.delayExchange }, [{ key: 'order.created', body: '{"late":true}', properties: { persistent: true } }]);
    assert.equal(await rig.ready(`${prefix}orders.created`), 0);
    assert.equal(await rig.waitForReady(`${prefix}orders.created`, 1, 15_000), 1);
    const elapsed = Date.now() - started;
    console.log(`      rabbitmq.delay.arrivedAfterMs: ${elapsed}`);
    assert.ok(elapsed >= 4900 && elapsed < 8000, `arrived after ${elapsed} ms, the TTL is 5000 ms`);
  });
});
