// Peeking leaves a queue as it was: same count, same order (asserted by reading everything afterwards);
// classic, quorum (with and without a delivery limit) and stream queues; bodies that are not JSON.
import * as assert from 'node:assert/strict';
import { RabbitError } from '../../src/connectors/rabbitmq/errors';
import { readNewestWithoutEffect } from '../../src/connectors/rabbitmq/newestMessage';
import type { PeekOutcome } from '../../src/connectors/rabbitmq/rabbitBroker';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

function queueOutcome(outcome: PeekOutcome): Extract<PeekOutcome, { kind: 'queue' }> {
  assert.equal(outcome.kind, 'queue');
  return outcome;
}

describe('RabbitMQ peek without loss', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  const bodies = Array.from({ length: 50 }, (_, i) => JSON.stringify({ n: i }));

  before(() => rig.start());
  after(() => rig.dispose());

  const kinds = {
    classic: { 'x-queue-type': 'classic' },
    quorum: { 'x-queue-type': 'quorum' },
    'quorum with a delivery limit': { 'x-queue-type': 'quorum', 'x-delivery-limit': 10 },
  };
  for (const [type, args] of Object.entries(kinds)) {
    it(`${type}: the first 20 of 50, in order; the queue keeps all 50 in their order`, async () => {
      const queue = await rig.queue(uniqueName('peek'), args);
      await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}`, type: 'Numbered', headers: { 'aggregate-id': 'Counter-1', 'event-version': String(i + 1) } }));
      const broker = rig.broker();
      const first = queueOutcome(await broker.peek(queue, { limit: 20 }));
      assert.deepEqual(first.messages.map((m) => m.properties.messageId), bodies.slice(0, 20).map((_, i) => `m-${i}`));
      assert.deepEqual(first.messages.map((m) => m.event.data), bodies.slice(0, 20).map((b) => JSON.parse(b) as unknown));
      assert.equal(first.readyBefore, 50);
      assert.equal(first.readyAfter, 50);
      assert.equal(first.reachedEnd, false);
      assert.equal(first.messages[0].redelivered, false);
      assert.equal(first.messages[3].event.aggregateId, 'Counter-1');
      assert.equal(first.messages[3].event.version, 4);
      assert.match(first.redeliveredNote, /redelivered/);
      const second = queueOutcome(await broker.peek(queue, { limit: 100 }));
      assert.equal(second.messages.length, 50);
      assert.equal(second.reachedEnd, true);
      if (type === 'classic') {
        assert.deepEqual(second.messages.slice(0, 20).map((m) => m.redelivered), Array(20).fill(true), 'a classic queue flags peeked messages redelivered');
        assert.equal(second.messages[20].redelivered, false);
      } else if (type === 'quorum') {
        // Returned messages go to the tail here, so the peek took and returned all 50: each was delivered once.
        assert.deepEqual(second.messages.map((m) => m.deliveryCount), Array(50).fill(1));
      } else {
        assert.deepEqual(second.messages.slice(0, 21).map((m) => m.deliveryCount ?? 0), [...Array<number>(20).fill(1), 0]);
      }
      assert.deepEqual(second.messages.map((m) => m.properties.messageId), bodies.map((_, i) => `m-${i}`), 'the second peek sees the original order');
      assert.deepEqual(second.problems, []);
      const all = await rig.drain(queue);
      assert.deepEqual(all.map((m) => m.body), bodies);
    });
  }

  it('a quorum queue with delivery limit 2: shows x-delivery-count, refuses the peek that would dead-letter, nothing is dead-lettered', async () => {
    const dlq = await rig.queue(uniqueName('peek-limit-dlq'));
    const queue = await rig.queue(uniqueName('peek-limit'), { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    await rig.fill(queue, bodies.slice(0, 5), (i) => ({ messageId: `q-${i}` }));
    const broker = rig.broker();
    const first = queueOutcome(await broker.peek(queue, { limit: 10 }));
    assert.deepEqual(first.messages.map((m) => m.deliveryCount ?? 0), [0, 0, 0, 0, 0]);
    assert.deepEqual(first.leftAtLimit, []);
    const second = queueOutcome(await broker.peek(queue, { limit: 10 }));
    assert.deepEqual(second.messages.map((m) => m.deliveryCount), [1, 1, 1, 1, 1]);
    assert.deepEqual(second.leftAtLimit, [0, 1, 2, 3, 4], 'after this peek every message is at its limit');
    await assert.rejects(
      () => broker.peek(queue, { limit: 10 }),
      (error: unknown) => error instanceof RabbitError && /delivery limit of 2/.test(error.message) && /q-0/.test(error.message),
    );
    assert.equal(await rig.ready(queue), 5);
    assert.equal(await rig.ready(dlq), 0, 'no message was dead-lettered by a peek');
    assert.deepEqual((await rig.drain(queue)).map((m) => m.body), bodies.slice(0, 5));
  });

  it('a stream: first N, last N, from an offset and from a time, consuming nothing', async () => {
    const queue = await rig.queue(uniqueName('peek-stream'), { 'x-queue-type': 'stream' });
    const before = Date.now();
    await rig.fill(queue, bodies.slice(0, 30), (i) => ({ messageId: `s-${i}`, timestamp: Math.floor(before / 1000) }));
    const broker = rig.broker();
    const read = async (start: Parameters<typeof broker.peek>[1]['start'], limit: number): Promise<string[]> => {
      const outcome = await broker.peek(queue, { limit, start });
      assert.equal(outcome.kind, 'stream');
      return outcome.messages.map((m) => m.properties.messageId ?? '?');
    };
    assert.deepEqual(await read({ from: 'first' }, 10), Array.from({ length: 10 }, (_, i) => `s-${i}`));
    assert.deepEqual(await read({ from: 'last', count: 5 }, 5), Array.from({ length: 5 }, (_, i) => `s-${25 + i}`));
    assert.deepEqual(await read({ from: 'offset', offset: 12 }, 3), ['s-12', 's-13', 's-14']);
    assert.equal((await read({ from: 'timestamp', timestamp: before - 60_000 }, 100)).length, 30);
    const all = await broker.peek(queue, { limit: 100, start: { from: 'first' } });
    assert.equal(all.messages.length, 30, 'reading consumed nothing');
    assert.equal(all.messages[29].streamOffset, '29');
    assert.equal(all.reachedEnd, true);
  });

  it('the newest message is read from a stream, and a classic queue is not read at all', async () => {
    const stream = await rig.queue(uniqueName('newest-stream'), { 'x-queue-type': 'stream' });
    const classic = await rig.queue(uniqueName('newest-classic'));
    const broker = rig.broker();
    assert.deepEqual(await readNewestWithoutEffect(broker, stream, '/'), { unread: `${stream} holds no message` });
    await rig.fill(stream, bodies.slice(0, 5), (i) => ({ messageId: `n-${i}` }));
    await rig.fill(classic, bodies.slice(0, 2), (i) => ({ messageId: `c-${i}` }));
    const newest = await readNewestWithoutEffect(broker, stream, '/');
    assert.ok('message' in newest, JSON.stringify(newest));
    assert.equal(newest.message.properties.messageId, 'n-4');
    const refused = await readNewestWithoutEffect(broker, classic, '/');
    assert.ok('unread' in refused && refused.unread.includes('not without effect'), JSON.stringify(refused));
    const after = await broker.peek(classic, { limit: 10 });
    assert.deepEqual(after.messages.map((m) => [m.properties.messageId, m.redelivered]), [['c-0', false], ['c-1', false]], 'the classic queue was left untouched');
  });

  it('bodies that are not JSON come back as text or hex, with the bytes kept', async () => {
    const queue = await rig.queue(uniqueName('peek-bodies'));
    const binary = Buffer.from([0, 1, 2, 255, 254, 0, 7]);
    await rig.fill(queue, ['plain text, not JSON', binary, '{"ok":true}']);
    const outcome = queueOutcome(await rig.broker().peek(queue, { limit: 3 }));
    const [text, bytes, json] = outcome.messages;
    assert.equal(text.event.payload?.kind, 'text');
    assert.equal(text.event.data, 'plain text, not JSON');
    assert.equal(bytes.event.payload?.kind, 'binary');
    assert.equal(Buffer.from(bytes.event.payload?.base64 ?? '', 'base64').compare(binary), 0);
    assert.match(bytes.event.payload?.preview ?? '', /00 01 02 ff fe 00 07/);
    assert.deepEqual(json.event.data, { ok: true });
    assert.equal(outcome.problems.length, 2);
    assert.equal(await rig.ready(queue), 3);
  });

  it('browse: pages of events with the queue position in source', async () => {
    const queue = await rig.queue(uniqueName('browse'));
    await rig.fill(queue, bodies.slice(0, 12));
    const broker = rig.broker();
    const page1 = await broker.browse({ source: queue, start: { from: 'beginning' }, limit: 5 });
    assert.deepEqual(page1.events.map((e) => e.data), bodies.slice(0, 5).map((b) => JSON.parse(b) as unknown));
    assert.equal(page1.reachedEnd, false);
    const page2 = await broker.browse({ source: queue, start: { from: 'cursors', cursors: page1.cursors }, limit: 5 });
    assert.deepEqual(page2.events.map((e) => (e.source.system === 'rabbitmq' ? e.source.position : -1)), [5, 6, 7, 8, 9]);
    assert.equal(await rig.ready(queue), 12);
  });
});
