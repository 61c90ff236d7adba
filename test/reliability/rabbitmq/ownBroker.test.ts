/**
 * A RabbitMQ node of the test's own, stopped and started again: a redrive of 1,000 with the broker stopped
 * half-way, then resumed (totals conserved, 0 lost, duplicates reported); a publish with the broker stopped
 * under it and a peek after (a clear error within the timeout, and both work after the restart). Its user's
 * password is a secret that no text the connector shows may contain.
 */
import * as assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import { RabbitError } from '../../../src/connectors/rabbitmq/errors';
import { recordMessages } from '../../../src/connectors/rabbitmq/recording';
import { RabbitProcess } from '../../integration/support/rabbitProcess';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const TOTAL = 1000;
const TIMEOUT_MS = 3000;
const SLACK_MS = 2500;
const USER = 'efx-user';
const SECRET = 'Pa:ss@w/rd%s3cr3t';
const shownTexts: { where: string; text: string }[] = [];

function shown(where: string, text: string): void {
  shownTexts.push({ where, text });
}

describe('RabbitMQ with a broker of its own, stopped and started again', function () {
  this.timeout(300_000);
  let node: RabbitProcess;
  let broker: RabbitBroker;
  let raw: amqp.ChannelModel | undefined;

  const channel = async <T>(use: (ch: amqp.ConfirmChannel) => Promise<T>): Promise<T> => {
    raw ??= await amqp.connect({ hostname: '127.0.0.1', port: node.port, username: USER, password: SECRET }, { noDelay: true });
    const ch = await raw.createConfirmChannel();
    try {
      return await use(ch);
    } finally {
      await ch.close().catch(() => undefined);
    }
  };
  const rawClosed = async (): Promise<void> => {
    await raw?.close().catch(() => undefined);
    raw = undefined;
  };

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.ownBroker');
    node = await RabbitProcess.create();
    await node.start();
    const admin = new RabbitBroker({ amqpUrl: node.amqpUrl, managementUrl: node.managementUrl, username: 'guest', password: 'guest' });
    await admin.management.request('PUT', `/api/users/${USER}`, { body: { password: SECRET, tags: 'administrator' } });
    await admin.management.request('PUT', `/api/permissions/%2F/${USER}`, { body: { configure: '.*', write: '.*', read: '.*' } });
    await admin.close();
    broker = new RabbitBroker({ amqpUrl: node.amqpUrl, managementUrl: node.managementUrl, username: USER, password: SECRET, timeoutMs: TIMEOUT_MS, connectionName: 'efx-own-broker' });
    shown('label', broker.label);
  });

  after(async () => {
    await broker?.close();
    await rawClosed();
    await node?.dispose();
  });

  it('redrive of 1,000 with the broker stopped half-way, resumed after the restart: 0 lost, duplicates reported', async () => {
    await channel(async (ch) => {
      await ch.assertQueue('dlq', { durable: true });
      await ch.assertQueue('target', { durable: true });
      for (let i = 0; i < TOTAL; i++) ch.sendToQueue('dlq', Buffer.from(`{"seq":${i}}`), { persistent: true, messageId: `d-${i}` });
      await ch.waitForConfirms();
    });
    await rawClosed();
    let stopping: Promise<void> | undefined;
    const first = await broker.redrive({
      queue: 'dlq',
      destination: { to: 'exchange', exchange: '', routingKey: 'target' },
      batchSize: 50,
      onProgress: (moved) => {
        // Stopped in the background: the redrive runs on into the stop, as it would in life.
        if (moved >= 300 && !stopping) stopping = node.stop('SIGTERM');
      },
    });
    await stopping;
    shown('redrive.interrupted', first.interrupted?.message ?? '');
    figure('rabbitmq.redriveStopped.firstRunMoved', first.moved);
    figure('rabbitmq.redriveStopped.firstRunError', first.interrupted?.kind ?? 'none');
    assert.ok(first.interrupted instanceof RabbitError, 'the stop interrupted the redrive');
    await node.start();
    const resumed = await broker.redrive({ queue: 'dlq', destination: { to: 'exchange', exchange: '', routingKey: 'target' }, batchSize: 50 });
    assert.equal(resumed.interrupted, undefined, resumed.interrupted?.message);
    const read = async (queue: string): Promise<string[]> =>
      channel(async (ch) => {
        const ids: string[] = [];
        for (let m = await ch.get(queue, { noAck: true }); m !== false; m = await ch.get(queue, { noAck: true })) ids.push(String(m.properties.messageId));
        return ids;
      });
    const delivered = await read('target');
    const left = await read('dlq');
    const unique = new Set([...delivered, ...left]);
    const lost = TOTAL - unique.size;
    const duplicates = delivered.length + left.length - unique.size;
    const reported = first.possiblyDuplicated + resumed.possiblyDuplicated;
    figure('rabbitmq.redriveStopped.total', delivered.length + left.length);
    figure('rabbitmq.redriveStopped.lost', lost);
    figure('rabbitmq.redriveStopped.duplicates', duplicates);
    figure('rabbitmq.redriveStopped.reportedPossibleDuplicates', reported);
    assert.equal(lost, 0);
    assert.equal(left.length, 0);
    assert.ok(duplicates <= reported, `${duplicates} duplicates, ${reported} reported as possible`);
  });

  it('publishing when the broker stops, then a peek: clear errors within the timeout; both work after the restart', async () => {
    await channel((ch) => ch.assertQueue('work', { durable: true }));
    await rawClosed();
    const messages = Array.from({ length: 100_000 }, (_, i) => ({ key: 'work', body: `{"seq":${i}}`, properties: { persistent: true } }));
    let stoppedAt = 0;
    const publishing = broker.publish({ name: '' }, messages).then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = node.stop('SIGTERM').then(() => undefined);
    stoppedAt = performance.now();
    const publishError = await publishing;
    const publishMs = performance.now() - stoppedAt;
    await stopping;
    shown('publish.error', publishError instanceof Error ? publishError.message : '');
    figure('rabbitmq.brokerStopped.publishErrorMs', Math.round(publishMs));
    figure('rabbitmq.brokerStopped.publishErrorKind', publishError instanceof RabbitError ? publishError.kind : String(publishError));
    assert.ok(publishError instanceof RabbitError, `the publish failed clearly: ${String(publishError)}`);
    assert.ok(publishMs <= TIMEOUT_MS + SLACK_MS + 10_000, `the publish error came ${publishMs} ms after the stop began`);

    const peekStarted = performance.now();
    const peekError = await broker.peek('work', { limit: 10 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const peekMs = performance.now() - peekStarted;
    shown('peek.error', peekError instanceof Error ? peekError.message : '');
    figure('rabbitmq.brokerStopped.peekErrorMs', Math.round(peekMs));
    assert.ok(peekError instanceof RabbitError, String(peekError));
    assert.ok(peekMs <= TIMEOUT_MS + SLACK_MS);
    const halves = await broker.checkHalves();
    shown('halves.amqp', halves.amqp.detail);
    shown('halves.management', halves.management.detail);
    assert.deepEqual([halves.amqp.ok, halves.management.ok], [false, false]);

    await node.start();
    const ready = await broker.publish({ name: '' }, [{ key: 'work', body: '{"after":"restart"}', properties: { persistent: true } }]);
    assert.equal(ready.length, 1);
    const outcome = await broker.peek('work', { limit: 100_000 });
    figure('rabbitmq.brokerStopped.recoveredPeek', outcome.messages.length);
    assert.ok(outcome.messages.length >= 1);
    assert.deepEqual(outcome.messages[outcome.messages.length - 1].event.data, { after: 'restart' });
    shown('recording', recordMessages(outcome.messages.slice(-3), '/'));
    for (const problem of outcome.problems) shown('peek.problem', problem.message);
  });

  it('the password shows in no label, error, status or recording (as typed, URL-encoded, or in Basic auth)', () => {
    const wrong = new RabbitBroker({ amqpUrl: `amqp://${USER}:${encodeURIComponent(SECRET)}@127.0.0.1:1/`, managementUrl: `http://${USER}:${encodeURIComponent(SECRET)}@127.0.0.1:1`, username: USER, password: SECRET });
    shown('wrong.label', wrong.label);
    shown('wrong.managementLabel', wrong.managementLabel);
    const spellings = [SECRET, encodeURIComponent(SECRET), Buffer.from(`${USER}:${SECRET}`).toString('base64')];
    const leaks = shownTexts.filter(({ text }) => spellings.some((spelling) => text.includes(spelling)));
    figure('rabbitmq.secrets.textsScanned', shownTexts.length);
    figure('rabbitmq.secrets.leaks', leaks.length);
    assert.ok(shownTexts.length >= 8);
    assert.deepEqual(leaks, []);
  });
});
