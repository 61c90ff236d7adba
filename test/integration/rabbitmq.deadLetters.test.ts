// Rejected and expired messages land in the dead-letter queue with x-death; the dry run says where each
// would go; the redrive moves them with confirms and a counter; a delay queue delivers after its TTL.
import * as assert from 'node:assert/strict';
import { REDRIVE_COUNT_HEADER } from '../../src/connectors/rabbitmq/deadLetters';
import { listedForRedrive } from '../../src/connectors/rabbitmq/redrivePlan';
import { summariseRedrive } from '../../src/connectors/rabbitmq/redriveSummary';
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

  it('the queue changed between the dry run and the redrive (two added, one removed): only the listed survivors move', async () => {
    const changedDlx = rig.track('exchange', uniqueName('changed-dlx'));
    await rig.channel((ch) => ch.assertExchange(changedDlx, 'fanout', { durable: true }));
    const changedDlq = await rig.queue(uniqueName('changed-dlq'));
    await rig.channel((ch) => ch.bindQueue(changedDlq, changedDlx, ''));
    const source = await rig.queue(uniqueName('changed-work'), { 'x-dead-letter-exchange': changedDlx });
    const target = await rig.queue(uniqueName('changed-target'));
    // Two with a message id, one without (known by its x-death and body), all dead-lettered by a reject.
    await rig.fill(source, ['m0', 'm1', 'anon-a'], (i) => (i < 2 ? { messageId: `m-${i}` } : {}));
    await rejectAll(source);
    assert.equal(await rig.waitForReady(changedDlq, 3), 3);
    const broker = rig.broker();
    const plan = await broker.planRedrive(changedDlq, { destination: { to: 'exchange', exchange: '', routingKey: target }, limit: 100 });
    assert.equal(plan.toSend, 3);
    const listed = listedForRedrive(plan);
    // Between the dry run and the redrive: m-1 (position 1) is consumed, and two arrive: a second copy of
    // m-0 and one without an id whose body differs from the listed one.
    await rig.channel(async (ch) => {
      const first = await ch.get(changedDlq, { noAck: false });
      const second = await ch.get(changedDlq, { noAck: false });
      assert.ok(first && second);
      assert.equal(second.properties.messageId, 'm-1');
      ch.ack(second);
      ch.nack(first, false, true);
      await ch.checkQueue(changedDlq);
    });
    await rig.fill(changedDlq, ['m0-copy', 'anon-z'], (i) => (i === 0 ? { messageId: 'm-0' } : {}));
    const report = await broker.redrive({ queue: changedDlq, destination: { to: 'exchange', exchange: '', routingKey: target }, listed });
    const moved = (await rig.drain(target)).map((m) => m.body);
    const left = (await rig.drain(changedDlq)).map((m) => m.body);
    console.log(`      rabbitmq.redriveChanged: listed ${listed.length} / moved ${report.moved} / left ${left.length} / not found ${report.notFound.length}`);
    assert.deepEqual(moved, ['m0', 'anon-a'], 'only the listed messages still there moved, in their order');
    assert.deepEqual(left, ['m0-copy', 'anon-z'], 'what arrived after the dry run stays, in order');
    assert.deepEqual([report.listed, report.moved, report.kept, report.skipped.length, report.notFound], [3, 2, 2, 0, ['id:m-1']]);
    assert.equal(summariseRedrive(report).text, `Redrove 2 of 3 to ${target}; 0 stayed; 1 not found; 2 not listed, left alone.`);
    assert.match(summariseRedrive(report).details.join(' '), /no longer in the queue.*m-1/);
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
