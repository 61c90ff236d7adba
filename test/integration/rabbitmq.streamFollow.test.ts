// Keep Following a RabbitMQ stream queue on the rig's RabbitMQ, in a vhost of its own: the plan offers the
// stream for following (it is read without effect) and not the classic queue beside it; after the trace, an
// event published to the stream under the correlation arrives in the flow, one of another correlation and one
// sent to the classic queue do not; once following stops, the management API lists no consumer and no
// channel of it on the server.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type * as amqp from 'amqplib';
import { planSearch } from '../../src/connectors/reads/searchRun';
import type { RabbitBroker } from '../../src/connectors/rabbitmq/rabbitBroker';
import { FlowSession } from '../../src/panels/flow/flowSession';
import type { FlowViewModel } from '../../src/protocol/flow';
import { host, rabbitmq } from '../services/ports';
import { deleteTestVhost, management, openTestVhost } from '../support/rabbitVhost';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the management API lists in the vhost: consumers by queue, and channels. */
async function onServer(vhost: string): Promise<{ consumers: string[]; channels: number }> {
  const read = async <T>(path: string): Promise<T> => {
    const response = await management('GET', path);
    assert.ok(response.ok, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const consumers = await read<{ queue: { name: string } }[]>(`/consumers/${encodeURIComponent(vhost)}`);
  const channels = await read<unknown[]>(`/vhosts/${encodeURIComponent(vhost)}/channels`);
  return { consumers: consumers.map((c) => c.queue.name), channels: channels.length };
}

describe('Keep Following a RabbitMQ stream queue', function () {
  this.timeout(120_000);
  const vhost = uniqueName('follow');
  const stream = 'orders.stream';
  const classic = 'orders.audit';
  const fixture = new RabbitFixture();
  let raw: amqp.ChannelModel | undefined;
  let broker: RabbitBroker;

  before(async function () {
    raw = await openTestVhost(this, 'Keep Following a stream', vhost);
    await fixture.start();
    broker = fixture.broker({ amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}` });
    const channel = await raw.createChannel();
    await channel.assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    await channel.assertQueue(classic, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await channel.close();
  });

  after(async () => {
    await fixture.dispose();
    await raw?.close().catch(() => undefined);
    await deleteTestVhost(vhost);
  });

  async function send(queue: string, id: string, type: string, correlationId: string): Promise<void> {
    assert.ok(raw);
    const channel = await raw.createConfirmChannel();
    try {
      channel.sendToQueue(queue, Buffer.from('{}'), { messageId: id, type, correlationId, timestamp: Math.floor(Date.now() / 1000), contentType: 'application/json' });
      await channel.waitForConfirms();
    } finally {
      await channel.close();
    }
  }

  it('follows the stream, not the classic queue, adds the correlation as it arrives, and leaves no consumer behind', async () => {
    const correlationId = `order-${randomUUID()}`;
    await send(stream, 'placed', 'OrderPlaced', correlationId);
    await send(classic, 'audited', 'OrderAudited', correlationId);

    const sources = await planSearch([{ id: 'rabbit', label: 'rabbit', broker }]);
    assert.deepEqual(sources.map((s) => [s.plan.source, s.plan.effect, s.follow !== undefined]).sort(), [
      [classic, 'marks-redelivered', false],
      [stream, 'none', true],
    ]);
    let view: FlowViewModel | undefined;
    const session = new FlowSession({ start: { correlationId, at: Date.now() }, sources, leftOut: [], describeError: String, changed: (changed) => (view = changed) });
    await session.run();
    assert.deepEqual(session.trace.nodes.map((n) => n.eventId).sort(), ['audited', 'placed']);
    assert.equal(view?.canFollow, true);

    assert.equal(session.follow(), true);
    assert.equal(view?.following, true);
    // The tail starts at the stream's end: wait until its consumer is on the server before publishing.
    await until('the tail to consume the stream', async () => (await onServer(vhost)).consumers.includes(stream));
    assert.deepEqual((await onServer(vhost)).consumers, [stream], 'only the stream is consumed');
    await send(stream, 'other', 'OrderPlaced', `order-${randomUUID()}`);
    await send(classic, 'audited-again', 'OrderAudited', correlationId);
    await send(stream, 'shipped', 'OrderShipped', correlationId);
    await until('the shipped event to arrive', () => session.trace.nodes.some((n) => n.eventId === 'shipped'));
    const shipped = session.trace.nodes.find((n) => n.eventId === 'shipped');
    assert.equal(shipped?.system, 'rabbitmq');
    assert.match(shipped?.place ?? '', /orders\.stream/);

    await session.stopFollowing();
    assert.equal(view?.following, false);
    assert.deepEqual(session.trace.nodes.map((n) => n.eventId).sort(), ['audited', 'placed', 'shipped'], 'another correlation or the classic queue joined');
    // The management API learns of a cancelled consumer and a closed channel by events: wait for them, then say what is left.
    await until('the tail to leave the server', async () => {
      const left = await onServer(vhost);
      return left.consumers.length === 0 && left.channels === 0;
    }).catch(() => undefined);
    assert.deepEqual(await onServer(vhost), { consumers: [], channels: 0 }, 'the tail left a consumer or a channel on the server');
    assert.ok(raw);
    const channel = await raw.createChannel();
    const audit = await channel.checkQueue(classic);
    await channel.close();
    assert.equal(audit.messageCount, 2, 'the classic queue lost messages');
  });
});
