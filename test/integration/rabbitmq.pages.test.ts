/**
 * A classic queue paged 10 pages of 100: every page comes from one peek held by the broker, so the queue
 * is delivered once (the management API's deliver count says so), and keeps its count and order.
 */
import * as assert from 'node:assert/strict';
import type { BrowsePage } from '../../src/connectors/broker';
import * as ports from '../services/ports';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const COUNT = 1000;
const PAGE = 100;

/** The queue's total deliveries (consume and get) as the management API counts them, once its statistics settle. */
async function deliveries(queue: string): Promise<number> {
  const auth = `Basic ${Buffer.from(`${ports.rabbitmq.username}:${ports.rabbitmq.password}`).toString('base64')}`;
  const read = async (): Promise<number> => {
    const response = await fetch(`http://${ports.host}:${ports.rabbitmq.managementPort}/api/queues/%2F/${encodeURIComponent(queue)}`, { headers: { authorization: auth }, signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { message_stats?: { deliver_get?: number } };
    return body.message_stats?.deliver_get ?? 0;
  };
  // Statistics are emitted once a second (the rig's collect_statistics_interval), but a busy node emits them
  // late (CI runs with lint alongside have read none for 20 s, and once for a whole minute): wait until a
  // reading holds for 2.5 s, up to 100 s.
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + 100_000;
  for (;;) {
    const now = await read();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (now > 0 && Date.now() - stableSince >= 2500) return now;
    if (Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('RabbitMQ: a queue paged from one held peek', function () {
  this.timeout(180_000);
  const rig = new RabbitFixture();
  before(() => rig.start());
  after(() => rig.dispose());

  it(`pages a classic queue of ${COUNT} in ${COUNT / PAGE} pages of ${PAGE}: peeked once, count and order kept, effects carried`, async () => {
    const queue = await rig.queue(uniqueName('pages'), { 'x-queue-type': 'classic' });
    const bodies = Array.from({ length: COUNT }, (_, i) => `{"seq":${i}}`);
    await rig.fill(queue, bodies, (i) => ({ messageId: `m-${i}` }));
    const broker = rig.broker();
    const pages: BrowsePage[] = [];
    let page = await broker.browse({ source: queue, start: { from: 'beginning' }, limit: PAGE });
    pages.push(page);
    while (page.cursors.length > 0) {
      page = await broker.browse({ source: queue, start: { from: 'cursors', cursors: page.cursors }, limit: PAGE });
      pages.push(page);
    }
    assert.equal(pages.length, COUNT / PAGE);
    assert.ok(pages.every((p) => p.events.length === PAGE));
    assert.deepEqual(
      pages.flatMap((p) => p.events.map((e) => e.id)),
      bodies.map((_, i) => `m-${i}`),
      'every message once, in order',
    );
    assert.equal(pages[pages.length - 1].reachedEnd, true);
    // What the peek did is carried, not thrown away; only the first page cost a peek.
    assert.match(pages[0].effects?.note ?? '', /redelivered/);
    assert.deepEqual(pages[0].effects?.leftAtLimit, []);
    assert.deepEqual(pages[0].effects?.deadLettered, []);
    assert.deepEqual(
      pages.map((p) => p.effects?.peeks),
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    assert.equal(await deliveries(queue), COUNT, 'each message delivered once: one peek, not one per page');
    const after = await rig.drain(queue);
    assert.deepEqual(
      after.map((m) => m.body),
      bodies,
      'the queue keeps its count and order',
    );
  });
});
