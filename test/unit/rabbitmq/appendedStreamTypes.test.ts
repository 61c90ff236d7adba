import * as assert from 'node:assert/strict';
import { AppendedStreamTypes, MAX_MESSAGES_PER_READING, type StreamTypeTail } from '../../../src/connectors/rabbitmq/appendedStreamTypes';

/** Tails that run until stopped or ended by the test, handing over what it feeds them. */
function tails() {
  const running = new Map<string, { feed: (types: string[], bytes?: number) => void; end: (error?: Error) => void; signal: AbortSignal }>();
  let started = 0;
  const tail: StreamTypeTail = (vhost, stream, onMessages, signal) =>
    new Promise<void>((resolve, reject) => {
      started += 1;
      const end = (error?: Error): void => {
        running.delete(`${vhost}/${stream}`);
        if (error) reject(error);
        else resolve();
      };
      running.set(`${vhost}/${stream}`, { feed: (types, bytes = 0) => onMessages(types.map((type) => ({ type, bytes }))), end, signal });
      signal.addEventListener('abort', () => end(), { once: true });
    });
  return { tail, running, started: () => started };
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const orders = { vhost: '/', name: 'orders' };
const audit = { vhost: 'ops', name: 'audit' };

describe('A monitor\'s streams counted per type', () => {
  it('counts from the first reading, stops the tail of a stream no longer asked, and counts afresh one whose tail ended', async () => {
    const t = tails();
    const ended: string[] = [];
    const types = new AppendedStreamTypes(t.tail, { onEnded: (stream, reason) => ended.push(`${stream.name}: ${reason}`) });
    try {
      assert.deepEqual(AppendedStreamTypes.countsOf(types.read([orders, audit]), orders), []);
      t.running.get('//orders')?.feed(['OrderPlaced', 'OrderPlaced', 'OrderPaid']);
      t.running.get('ops/audit')?.feed(['Audited']);
      const second = types.read([orders, audit]);
      assert.deepEqual(AppendedStreamTypes.countsOf(second, orders), [['OrderPlaced', 2], ['OrderPaid', 1]]);
      assert.deepEqual(AppendedStreamTypes.countsOf(second, audit), [['Audited', 1]]);
      assert.equal(t.started(), 2, 'one tail per stream, kept across readings');

      types.read([orders]);
      await settled();
      assert.deepEqual([...t.running.keys()], ['//orders'], 'the stream no longer asked has no tail');

      t.running.get('//orders')?.end(new Error('stream orders cancelled the tail (was it deleted?)'));
      await settled();
      assert.deepEqual(ended, ['orders: stream orders cancelled the tail (was it deleted?)']);
      assert.deepEqual(AppendedStreamTypes.countsOf(types.read([orders]), orders), [], 'counted afresh: a rate reads the drop as "no rate"');
      assert.equal(t.started(), 3);
    } finally {
      types.dispose();
    }
    await settled();
    assert.equal(t.running.size, 0);
  });

  it('stops every tail when no reading comes for a while (the monitor stopped reading)', async () => {
    const t = tails();
    const types = new AppendedStreamTypes(t.tail, { idleStopMs: 20 });
    types.read([orders]);
    assert.equal(t.running.size, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(t.running.size, 0);
    assert.deepEqual(types.counting, []);
    types.dispose();
  });

  it('keeps 50 types and sums the rest as "other"', () => {
    const t = tails();
    const types = new AppendedStreamTypes(t.tail);
    try {
      types.read([orders]);
      t.running.get('//orders')?.feed(Array.from({ length: MAX_MESSAGES_PER_READING }, (_, i) => `Type${i}`));
      const counts = AppendedStreamTypes.countsOf(types.read([orders]), orders) ?? [];
      assert.equal(counts.length, 50);
      assert.deepEqual(counts.at(-1), ['other', MAX_MESSAGES_PER_READING - 49]);
    } finally {
      types.dispose();
    }
  });

  it('counts at most the bound of messages a reading, stops the tail there and opens it again at the next reading, saying the reading was bounded', async () => {
    const t = tails();
    const types = new AppendedStreamTypes(t.tail, { limits: { messages: 3, bytes: 100 } });
    try {
      types.read([orders]);
      const first = t.running.get('//orders');
      first?.feed(['A', 'A', 'B', 'B', 'B']);
      assert.equal(first?.signal.aborted, true, 'the tail is stopped at the bound');
      await settled();
      const bounded = types.read([orders]);
      assert.deepEqual(AppendedStreamTypes.countsOf(bounded, orders), [['A', 2], ['B', 1]], 'only the first 3 counted');
      assert.equal(AppendedStreamTypes.boundedOf(bounded, orders), true);
      assert.equal(t.started(), 2, 'opened again from next at the reading');
      assert.deepEqual(types.counting, [orders]);

      t.running.get('//orders')?.feed(['B']);
      const calm = types.read([orders]);
      assert.deepEqual(AppendedStreamTypes.countsOf(calm, orders), [['A', 2], ['B', 2]], 'the counts go on across the re-opening');
      assert.equal(AppendedStreamTypes.boundedOf(calm, orders), false);

      t.running.get('//orders')?.feed(['C', 'C'], 60);
      await settled();
      const byBytes = types.read([orders]);
      assert.deepEqual(AppendedStreamTypes.countsOf(byBytes, orders), [['A', 2], ['B', 2], ['C', 1]], 'the second 60 bytes pass the 100-byte bound');
      assert.equal(AppendedStreamTypes.boundedOf(byBytes, orders), true);
      assert.equal(t.started(), 3);
    } finally {
      types.dispose();
    }
    await settled();
    assert.equal(t.running.size, 0);
  });
});
