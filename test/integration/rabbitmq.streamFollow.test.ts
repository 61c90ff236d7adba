// Keep Following a RabbitMQ stream queue on the rig's RabbitMQ, in a vhost of its own: the plan offers the
// stream for following (it is read without effect) and not the classic queue beside it; after the trace, an
// event published to the stream under the correlation arrives in the flow, one of another correlation and one
// sent to the classic queue do not; once following stops, the management API lists no consumer and no
// channel of it on the server.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { planSearch } from '../../src/connectors/reads/searchRun';
import { FlowSession } from '../../src/panels/flow/flowSession';
import type { FlowViewModel } from '../../src/protocol/flow';
import { until, useStreamVhost } from './support/streamVhost';

describe('Keep Following a RabbitMQ stream queue', function () {
  this.timeout(120_000);
  const rig = useStreamVhost('Keep Following a stream', 'follow');
  const { stream, classic } = rig;

  async function send(queue: string, id: string, type: string, correlationId: string): Promise<void> {
    const channel = await rig.connection().createConfirmChannel();
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

    const sources = await planSearch([{ id: 'rabbit', label: 'rabbit', broker: rig.broker() }]);
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
    await until('the tail to consume the stream', async () => (await rig.onServer()).consumers.includes(stream));
    assert.deepEqual((await rig.onServer()).consumers, [stream], 'only the stream is consumed');
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
      const left = await rig.onServer();
      return left.consumers.length === 0 && left.channels === 0;
    }).catch(() => undefined);
    assert.deepEqual(await rig.onServer(), { consumers: [], channels: 0 }, 'the tail left a consumer or a channel on the server');
    const channel = await rig.connection().createChannel();
    const audit = await channel.checkQueue(classic);
    await channel.close();
    assert.equal(audit.messageCount, 2, 'the classic queue lost messages');
  });
});
