/** A 10 MB message body, peeked from a real queue: the preview is cut to its limit, the whole body is fetched on demand, the queue keeps the message. */
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_PREVIEW_BYTES } from '../../../src/core/codec';
import { RabbitFixture, uniqueName } from '../../integration/support/rabbitFixture';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const HUGE = 10 * 1024 * 1024;

describe('RabbitMQ peek of a 10 MB body', function () {
  this.timeout(120_000);
  const rig = new RabbitFixture();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.huge');
    await rig.start();
  });
  after(() => rig.dispose());

  for (const [name, body] of [
    ['json', Buffer.from(JSON.stringify({ items: 'x'.repeat(HUGE - 20) }))],
    ['binary', Buffer.alloc(HUGE, 0xfe)],
  ] as const) {
    it(`${name}: previewed truncated`, async () => {
      const queue = await rig.queue(uniqueName(`huge-${name}`));
      await rig.fill(queue, [body]);
      const started = performance.now();
      const outcome = await rig.broker().peek(queue, { limit: 1 });
      const ms = performance.now() - started;
      const payload = outcome.messages[0].event.payload;
      figure(`rabbitmq.huge.${name}.peekMs`, Math.round(ms));
      figure(`rabbitmq.huge.${name}.previewBytes`, Buffer.byteLength(payload?.preview ?? ''));
      figure(`rabbitmq.huge.${name}.truncated`, String(payload?.truncated));
      assert.equal(payload?.size, body.length);
      assert.equal(payload?.truncated, true);
      assert.ok(Buffer.byteLength(payload.preview) <= DEFAULT_MAX_PREVIEW_BYTES);
      assert.equal(typeof outcome.messages[0].event.data, 'string', 'the event carries the preview, not 10 MB of parsed JSON');
      assert.equal(payload.base64, undefined, 'the peek does not hold 10 MB of base64');
      assert.equal(outcome.messages[0].wholeSize, body.length);
      assert.ok(Buffer.from(await rig.broker().fetchBody(queue, outcome.messages[0])).equals(body), 'the whole body, fetched again');
      assert.equal(await rig.ready(queue), 1);
    });
  }
});
