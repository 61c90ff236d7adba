/** A body larger than a peek keeps whole: first bytes in the peek, the whole one fetched again, refused once the queue changed. */
import * as assert from 'node:assert/strict';
import { RabbitError } from '../../src/connectors/rabbitmq/errors';
import { FIRST_BYTES_KEPT } from '../../src/connectors/rabbitmq/messages';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const LARGE = 300 * 1024;

function large(fill: string): Buffer {
  return Buffer.from(JSON.stringify({ fill: fill.repeat(LARGE) }));
}

describe('RabbitMQ: a large body peeked as its first bytes and fetched whole', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  before(() => rig.start());
  after(() => rig.dispose());

  it('keeps the first bytes, fetches the whole body byte for byte, and refuses when another message stands there', async () => {
    const queue = await rig.queue(uniqueName('body-fetch'), { 'x-queue-type': 'classic' });
    const bodies = [Buffer.from('{"small":true}'), large('a'), large('b')];
    await rig.fill(queue, bodies);
    const broker = rig.broker();
    const outcome = await broker.peek(queue, { limit: 3 });
    const [small, first, second] = outcome.messages;
    assert.equal(small.wholeSize, undefined);
    assert.deepEqual(small.event.data, { small: true });
    assert.equal(first.wholeSize, bodies[1].length);
    assert.equal(first.body.byteLength, FIRST_BYTES_KEPT);
    assert.equal(first.event.payload?.truncated, true);
    assert.ok(Buffer.from(await broker.fetchBody(queue, second)).equals(bodies[2]));
    assert.equal(await rig.ready(queue), 3);

    // The queue changes under the peek: position 1 now holds another message of the same size.
    await broker.purge(queue);
    await rig.fill(queue, [bodies[0], large('c')]);
    const error = await broker.fetchBody(queue, first).then(
      () => assert.fail('another message stands at position 1'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RabbitError && error.kind === 'not-found', String(error));
    assert.match(error.message, /no longer the one peeked/);
    assert.equal(await rig.ready(queue), 2);
  });
});
