/**
 * Big inputs: a 10 MB message (the topic's max.message.bytes raised) is browsed and previewed cut to the
 * preview limit, quickly; a browse of the 1,000,000-message partition holds only its page, however far
 * it scans.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_PREVIEW_BYTES } from '../../../src/core/codec';
import { KafkaFixture, MILLION, deleteMillionIfOwned, millionTopic } from '../../integration/support/kafkaFixture';
import { figure } from '../support/figures';

const TEN_MB = 10 * 1024 * 1024;
const PREVIEW_BOUND_MS = 15_000;

describe('Kafka with big inputs', function () {
  this.timeout(600_000);
  const fixture = new KafkaFixture();

  before(() => fixture.start());
  after(async () => {
    await fixture.dispose();
    await deleteMillionIfOwned();
  });

  it('a 10 MB JSON message is browsed and previewed truncated, its bytes kept', async () => {
    const topic = await fixture.topic('efx-rel-huge', 1, { 'max.message.bytes': String(TEN_MB + 1024 * 1024) });
    // A real JSON document just over 10 MB: each item is at least 60 bytes with its quotes and comma.
    const items = Array.from({ length: Math.ceil(TEN_MB / 60) }, (_, i) => `item-${i}-${'x'.repeat(50)}`);
    const value = JSON.stringify({ orderId: 'Order-huge', items });
    const broker = fixture.broker();
    await broker.publish({ name: topic }, [{ key: 'Order-huge', body: value }]);
    const started = performance.now();
    const page = await broker.browse({ source: topic, start: { from: 'latest', count: 1 }, limit: 1 });
    const ms = performance.now() - started;
    const [event] = page.events;
    figure('kafka.huge.messageBytes', Buffer.byteLength(value));
    figure('kafka.huge.previewBytes', Buffer.byteLength(event.payload?.preview ?? ''));
    figure('kafka.huge.browseAndPreviewMs', Math.round(ms));
    assert.ok(Buffer.byteLength(value) >= TEN_MB);
    assert.equal(event.payload?.kind, 'json');
    assert.equal(event.payload?.truncated, true);
    assert.ok(Buffer.byteLength(event.payload?.preview ?? '') <= DEFAULT_MAX_PREVIEW_BYTES);
    assert.equal(event.payload?.size, Buffer.byteLength(value));
    assert.equal(Buffer.from(event.payload?.base64 ?? '', 'base64').toString('utf8'), value);
    assert.ok(ms < PREVIEW_BOUND_MS, `took ${ms.toFixed(0)} ms`);
  });

  it('a browse of the 1,000,000-message partition holds only its page, however much it scans', async () => {
    const topic = await millionTopic();
    const broker = fixture.broker();
    let scannedMax = 0;
    const page = await broker.browseWith(
      { source: topic, start: { from: 'beginning' }, limit: 200 },
      { filter: { text: '"kind":"odd"' }, maxScan: 200_000, onProgress: ({ scanned, kept }) => {
        scannedMax = Math.max(scannedMax, scanned);
        assert.ok(kept <= 200, `the page held ${kept} messages`);
      } },
    );
    const all = await broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 500 }, { filter: { key: 'no-such-key' }, maxScan: 200_000 });
    figure('kafka.bounded.pageLimit', 200);
    figure('kafka.bounded.pageEvents', page.events.length);
    figure('kafka.bounded.scannedWithoutMatchesThenStopped', Number(all.cursors[0].next));
    figure('kafka.bounded.partitionMessages', MILLION);
    assert.equal(page.events.length, 200);
    assert.ok(scannedMax <= 1000, `scanned ${scannedMax} for 200 odd messages`);
    assert.equal(all.events.length, 0);
    assert.equal(all.cursors[0].next, '200000');
    assert.equal(all.reachedEnd, false);
    assert.deepEqual(await fixture.browseGroupsLeft(), []);
  });
});
