/**
 * Peek 1,000 messages on classic, quorum (with and without a delivery limit) and stream queues, then read
 * every message back: none lost, none added, order unchanged. On a quorum queue at its delivery limit,
 * repeated peeks dead-letter nothing: the peek that would is refused.
 */
import * as assert from 'node:assert/strict';
import { RabbitError } from '../../../src/connectors/rabbitmq/errors';
import { RabbitFixture, uniqueName } from '../../integration/support/rabbitFixture';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const PEEK = 1000;

describe('RabbitMQ peek of 1,000: nothing lost, order kept', function () {
  this.timeout(120_000);
  const rig = new RabbitFixture();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.peek');
    await rig.start();
  });
  after(() => rig.dispose());

  const kinds: [string, Record<string, unknown>, number][] = [
    ['classic', { 'x-queue-type': 'classic' }, 2 * PEEK],
    ['quorum', { 'x-queue-type': 'quorum' }, PEEK],
    ['quorumLimit', { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 }, 2 * PEEK],
    ['stream', { 'x-queue-type': 'stream' }, 2 * PEEK],
  ];
  for (const [name, args, size] of kinds) {
    it(`${name}: ${PEEK} of ${size}`, async () => {
      const queue = await rig.queue(uniqueName(`rel-peek-${name}`), args);
      const bodies = Array.from({ length: size }, (_, i) => `{"seq":${i}}`);
      await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}` }));
      const broker = rig.broker();
      const started = performance.now();
      const outcome = await broker.peek(queue, { limit: PEEK });
      const ms = performance.now() - started;
      const seen = outcome.messages.map((m) => m.properties.messageId);
      const inOrder = seen.every((id, i) => id === `m-${i}`);
      let after: string[];
      if (name === 'stream') after = (await broker.peek(queue, { limit: size + 10 })).messages.map((m) => m.event.data as unknown as string).map((d) => JSON.stringify(d));
      else after = (await rig.drain(queue)).map((m) => m.body);
      const lost = bodies.filter((b, i) => after[i] !== b).length + Math.max(0, bodies.length - after.length);
      figure(`rabbitmq.peek.${name}.peeked`, seen.length);
      figure(`rabbitmq.peek.${name}.peekMs`, Math.round(ms));
      figure(`rabbitmq.peek.${name}.lost`, lost);
      figure(`rabbitmq.peek.${name}.afterCount`, after.length);
      figure(`rabbitmq.peek.${name}.orderKept`, String(inOrder && lost === 0));
      assert.equal(seen.length, PEEK);
      assert.ok(inOrder, 'the peek shows the queue in order');
      assert.equal(after.length, size, 'same count afterwards');
      assert.equal(lost, 0, 'every message in its place afterwards');
    });
  }

  it('quorumAtLimit: repeated peeks of a quorum queue with delivery limit 3 dead-letter nothing', async () => {
    const dlq = await rig.queue(uniqueName('rel-limit-dlq'));
    const queue = await rig.queue(uniqueName('rel-limit'), { 'x-queue-type': 'quorum', 'x-delivery-limit': 3, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    await rig.fill(queue, Array.from({ length: PEEK }, (_, i) => `{"seq":${i}}`), (i) => ({ messageId: `m-${i}` }));
    const broker = rig.broker();
    let peeks = 0;
    let refused = 0;
    let refusal = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        const outcome = await broker.peek(queue, { limit: PEEK });
        peeks += 1;
        assert.equal(outcome.kind === 'queue' ? outcome.deadLettered.length : -1, 0);
      } catch (error) {
        assert.ok(error instanceof RabbitError, String(error));
        refused += 1;
        refusal = error.message;
      }
    }
    const deadLettered = await rig.ready(dlq);
    const left = await rig.ready(queue);
    figure('rabbitmq.quorumAtLimit.peeksDone', peeks);
    figure('rabbitmq.quorumAtLimit.peeksRefused', refused);
    figure('rabbitmq.quorumAtLimit.deadLetteredByPeek', deadLettered);
    figure('rabbitmq.quorumAtLimit.messagesLeft', left);
    assert.equal(peeks, 3, 'three peeks fit under a delivery limit of 3');
    assert.equal(refused, 3);
    assert.match(refusal, /at the queue's delivery limit of 3/);
    assert.equal(deadLettered, 0);
    assert.equal(left, PEEK);
  });
});
