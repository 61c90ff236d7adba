/**
 * A RabbitMQ node of the test's own restarted under the flow monitor and a dead-letter alert: while it is
 * down the depth chart shows a gap and the alert holds (no clear); once it is back the chart resumes at the
 * same depth (durable queue, persistent messages) and the alert is the same episode, not a new one. A purge
 * after the restart then clears it, once.
 */
import * as assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import type { AlertRule } from '../../../src/connectors/reads/alertRules';
import { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import { RabbitProcess } from '../../integration/support/rabbitProcess';
import { watchedMonitor } from '../../integration/support/watchedMonitor';
import { waitUntil } from '../../support/waits';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const DLQ = 'orders.dlq';

describe('Flow monitor: its own RabbitMQ restarted under a dead-letter alert', function () {
  this.timeout(300_000);
  let node: RabbitProcess;
  let broker: RabbitBroker;

  const publish = async (bodies: string[]): Promise<void> => {
    const connection = await amqp.connect(node.amqpUrl);
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(DLQ, { durable: true });
      for (const body of bodies) channel.sendToQueue(DLQ, Buffer.from(body), { persistent: true });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
  };

  before(async function () {
    await requireRabbitRig(this, 'monitor.brokerRestart');
    node = await RabbitProcess.create();
    await node.start();
    broker = new RabbitBroker({ amqpUrl: node.amqpUrl, managementUrl: node.managementUrl, username: 'guest', password: 'guest', timeoutMs: 3000, connectionName: 'efx-monitor-restart' });
  });

  after(async () => {
    await broker?.close();
    await node?.dispose();
  });

  it('charts the time it was down as a gap, then resumes; the alert holds through it and is raised once', async () => {
    await publish([]);
    const rule: AlertRule = { id: 'dlq', connectionId: 'rig', when: 'deadLettersGrow', source: { name: DLQ, scope: '/' }, growth: 1 };
    const w = watchedMonitor(broker, [rule], [{ connectionId: 'rig', kind: 'source', name: DLQ, scope: '/' }]);
    const held = async (): Promise<number | undefined> => (await w.sample()).value.figures?.sources.find((s) => s.name === DLQ)?.messages;
    try {
      await waitUntil('the empty dead-letter queue in the figures', held, (n) => n === 0, 60_000);
      await publish(['{"n":1}', '{"n":2}', '{"n":3}']);
      await waitUntil('the alert raised at +3', async () => (await w.sample(), w.watch.active()[0]?.figure), (n) => n === 3, 60_000);

      const stopped = Date.now();
      await node.stop('SIGKILL');
      await waitUntil('a failed read while the broker is down', async () => (await w.sample()).value.error, (error) => error !== undefined, 30_000);
      await w.sample();
      assert.deepEqual(w.cleared(), [], 'a broker down clears nothing');
      assert.equal(w.watch.active().length, 1, 'the alert holds while the broker is down');

      await node.start();
      await waitUntil('the depth read again after the restart', held, (n) => n === 3, 120_000);
      figure('monitor.brokerRestart.backAfterMs', Date.now() - stopped);
      for (let i = 0; i < 2; i += 1) await w.sample();
      assert.deepEqual(w.raised(), ['dlq'], 'the restart raised no second alert');
      assert.deepEqual(w.cleared(), []);

      const depth = w.chart('depth');
      const ready = depth.values[depth.parts.indexOf('ready')];
      const gap = ready.indexOf(null);
      assert.ok(gap > 0 && ready.slice(0, gap).includes(3), `the chart showed 3 before the gap (${JSON.stringify(ready)})`);
      assert.equal(ready.filter((v) => v === null).length, 1, `one gap for the whole outage (${JSON.stringify(ready)})`);
      assert.equal(ready.at(-1), 3, `the chart resumes after the gap (${JSON.stringify(ready)})`);

      assert.equal(await broker.purge(DLQ), 3);
      await waitUntil('the alert to clear after the purge', async () => (await w.sample(), w.cleared()), (cleared) => cleared.length > 0, 60_000);
      assert.deepEqual(w.raised(), ['dlq']);
      assert.deepEqual(w.cleared(), ['dlq']);
    } finally {
      w.dispose();
    }
  });
});
