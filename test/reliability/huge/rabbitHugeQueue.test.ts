/**
 * A classic queue of 1,000 messages of 10 MB each (10 GB), peeked whole: the peek holds a bounded amount of
 * memory (bodies kept as their first bytes, a byte bound on the peek), keeps count and order, loses
 * nothing, and one body is fetched whole on demand. Published once; the queue is deleted afterwards.
 * `EFX_HUGE_QUEUE_MESSAGES` changes the count (CI time: publishing and peeking 10 GB takes minutes).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_PEEK_BYTES } from '../../../src/connectors/rabbitmq/peek';
import { RabbitFixture, uniqueName } from '../../integration/support/rabbitFixture';
import { requireRabbitRig } from '../rabbitmq/rig';
import { figure } from '../support/figures';

const COUNT = Number(process.env.EFX_HUGE_QUEUE_MESSAGES ?? 1000);
const BODY_BYTES = 10 * 1024 * 1024;
/** The host's heap and Buffers may grow by this much while it peeks 10 GB (amqplib's frames in flight, garbage not yet collected, the kept first bytes). */
const PEAK_GROWTH_BOUND_MB = 512;

/** Message `i`'s body: a 10 MB JSON document that starts with its sequence number. */
function body(template: Buffer, i: number): Buffer {
  const copy = Buffer.from(template);
  copy.write(String(i).padStart(6, '0'), 8, 'latin1');
  return copy;
}

function bodyTemplate(): Buffer {
  const head = '{"seq":"000000","pad":"';
  const tail = '"}';
  return Buffer.from(head + 'x'.repeat(BODY_BYTES - head.length - tail.length) + tail, 'latin1');
}

/** What the host's JavaScript holds: its heap and the memory outside it (Buffers). */
function held(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/**
 * The host's peak growth while `action` runs, sampled every 20 ms: of what its JavaScript holds (heap and
 * Buffers; asserted) and of its resident size (printed: the allocator keeps freed pages, so it lags).
 */
async function peakGrowth<T>(action: () => Promise<T>): Promise<{ value: T; heldMb: number; rssMb: number }> {
  const before = { held: held(), rss: process.memoryUsage.rss() };
  const peak = { ...before };
  const sample = (): void => {
    peak.held = Math.max(peak.held, held());
    peak.rss = Math.max(peak.rss, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await action();
    sample();
    return { value, heldMb: (peak.held - before.held) / 1024 / 1024, rssMb: (peak.rss - before.rss) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe(`huge: a RabbitMQ queue of ${COUNT.toLocaleString('en-US')} × 10 MB messages`, function () {
  this.timeout(30 * 60_000);
  const rig = new RabbitFixture();
  const template = bodyTemplate();
  let queue = '';

  before(async function () {
    await requireRabbitRig(this, 'huge.rabbitmq');
    await rig.start();
    // Lazy: the broker pages the 10 GB to disk at once instead of holding it (the rig is shared).
    queue = await rig.queue(uniqueName('huge-queue'), { 'x-queue-type': 'classic', 'x-queue-mode': 'lazy' }, false);
    const started = performance.now();
    await rig.channel(async (channel) => {
      for (let i = 0; i < COUNT; i++) {
        if (!channel.sendToQueue(queue, body(template, i), { messageId: `m-${i}` })) await new Promise((resolve) => channel.once('drain', resolve));
        if (i % 20 === 19) await channel.waitForConfirms();
      }
      await channel.waitForConfirms();
    });
    figure('huge.rabbitmq.publishSeconds', Math.round((performance.now() - started) / 100) / 10);
  });
  after(() => rig.dispose());

  it('peeks every message in order within a bounded memory, loses none, and fetches one body whole', async () => {
    const broker = rig.broker();
    const started = performance.now();
    const { value: outcome, heldMb, rssMb } = await peakGrowth(() => broker.peek(queue, { limit: COUNT }));
    const peekSeconds = (performance.now() - started) / 1000;
    assert.equal(outcome.kind, 'queue');
    if (outcome.kind !== 'queue') return;
    figure('huge.rabbitmq.peekSeconds', Math.round(peekSeconds * 10) / 10);
    figure('huge.rabbitmq.peekPeakHeapAndBuffersGrowthMb', Math.round(heldMb));
    figure('huge.rabbitmq.peekPeakRssGrowthMb', Math.round(rssMb));
    figure('huge.rabbitmq.peekHeldMb', Math.round(outcome.heldBytes / 1024 / 1024));
    assert.equal(outcome.messages.length, COUNT);
    assert.deepEqual(
      outcome.messages.map((m) => m.properties.messageId),
      Array.from({ length: COUNT }, (_, i) => `m-${i}`),
      'count and order kept',
    );
    for (const message of outcome.messages) {
      assert.equal(message.wholeSize, BODY_BYTES);
      assert.equal(message.event.payload?.truncated, true);
      assert.equal(message.event.payload?.base64, undefined, 'no 10 MB base64 copy');
    }
    assert.ok(outcome.heldBytes <= DEFAULT_MAX_PEEK_BYTES, `the peek holds ${outcome.heldBytes} bytes`);
    assert.ok(heldMb < PEAK_GROWTH_BOUND_MB, `the host's heap and Buffers grew by ${Math.round(heldMb)} MB while peeking`);
    assert.equal(outcome.readyAfter, COUNT, 'nothing lost');

    const fetchStarted = performance.now();
    const whole = await broker.fetchBody(queue, outcome.messages[2]);
    figure('huge.rabbitmq.fetchOneBodyMs', Math.round(performance.now() - fetchStarted));
    assert.ok(Buffer.from(whole).equals(body(template, 2)), 'the fetched body is the whole message, byte for byte');
    assert.equal(await rig.ready(queue), COUNT, 'nothing lost after the fetch either');
  });
});
