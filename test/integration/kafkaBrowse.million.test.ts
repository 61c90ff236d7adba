// Every browse mode on one partition holding 1,000,000 messages (filled once per run, see kafkaFixture).
import { strict as assert } from 'node:assert';
import type { BrowsePage } from '../../src/connectors/broker';
import type { KafkaBroker } from '../../src/connectors/kafka';
import { KafkaFixture, MILLION, MILLION_BASE_TIME, MILLION_TIME_STEP_MS, deleteMillionIfOwned, millionTopic } from './support/kafkaFixture';

const offsets = (page: BrowsePage): number[] => page.events.map((e) => (e.source.system === 'kafka' ? Number(e.source.offset) : -1));
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('Kafka browse on a 1,000,000-message partition', function () {
  this.timeout(300_000);
  const fixture = new KafkaFixture();
  let topic: string;
  let broker: KafkaBroker;

  before(async () => {
    await fixture.start();
    topic = await millionTopic();
    broker = fixture.broker();
  });
  after(async () => {
    await fixture.dispose();
    await deleteMillionIfOwned();
  });

  it('holds exactly 1,000,000 messages in one partition', async () => {
    const [p] = await broker.partitions(topic);
    assert.equal(p.earliest, 0n);
    assert.equal(p.latest, BigInt(MILLION));
  });

  it('latest 500 are the last 500 offsets, in order, and the page says it reached the end', async () => {
    const page = await broker.browse({ source: topic, start: { from: 'latest', count: 500 }, limit: 500 });
    assert.deepEqual(offsets(page), range(MILLION - 500, 500));
    assert.equal(page.reachedEnd, true);
    assert.deepEqual(page.cursors, [{ partition: 0, next: String(MILLION) }]);
    const last = page.events[499];
    assert.deepEqual(last.data, JSON.parse(JSON.stringify({ seq: MILLION - 1, kind: 'odd', orderId: 'Order-999', total: (MILLION - 1) % 500 })));
  });

  it('shows the record timestamp, not the time it was read', async () => {
    const page = await broker.browse({ source: topic, start: { from: 'offset', offset: '123456' }, limit: 1 });
    assert.equal(page.events[0].timestamp, new Date(MILLION_BASE_TIME + 123456 * MILLION_TIME_STEP_MS).toISOString());
  });

  it('from an offset reads from that offset on, and cursors continue with no offset skipped or repeated', async () => {
    const first = await broker.browse({ source: topic, start: { from: 'offset', offset: '400000' }, limit: 300 });
    assert.deepEqual(offsets(first), range(400_000, 300));
    assert.equal(first.reachedEnd, false);
    const second = await broker.browse({ source: topic, start: { from: 'cursors', cursors: first.cursors }, limit: 300 });
    assert.deepEqual(offsets(second), range(400_300, 300));
  });

  it('from a timestamp in the middle starts at the broker-given offset (never at the beginning)', async () => {
    const at = MILLION_BASE_TIME + 500_000 * MILLION_TIME_STEP_MS + 5; // between offsets 500000 and 500001
    const page = await broker.browse({ source: topic, start: { from: 'timestamp', timestamp: at }, limit: 500 });
    assert.deepEqual(offsets(page), range(500_001, 500));
    assert.ok(Date.parse(page.events[0].timestamp) >= at);
  });

  it('a timestamp after the last record gives an empty page at the end, not the whole topic', async () => {
    const page = await broker.browse({ source: topic, start: { from: 'timestamp', timestamp: MILLION_BASE_TIME + MILLION * MILLION_TIME_STEP_MS + 60_000 }, limit: 500 });
    assert.equal(page.events.length, 0);
    assert.equal(page.reachedEnd, true);
  });

  it('from the beginning reads offsets 0.. and holds only the page, never the topic', async () => {
    const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 1000 });
    assert.deepEqual(offsets(page), range(0, 1000));
    assert.equal(page.reachedEnd, false);
    assert.deepEqual(page.cursors, [{ partition: 0, next: '1000' }]);
  });

  it('a filter that matches nothing stops at the scan bound with a cursor, instead of loading the topic', async () => {
    const page = await broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 100 }, { filter: { key: 'no-such-key' }, maxScan: 50_000 });
    assert.equal(page.events.length, 0);
    assert.equal(page.reachedEnd, false);
    assert.deepEqual(page.cursors, [{ partition: 0, next: '50000' }]);
  });

  it('filters by key, text and JSONPath', async () => {
    const byKey = await broker.browseWith({ source: topic, start: { from: 'offset', offset: '10000' }, limit: 3 }, { filter: { key: 'k-7' } });
    assert.deepEqual(offsets(byKey), [10_007, 11_007, 12_007]);
    const byText = await broker.browseWith({ source: topic, start: { from: 'offset', offset: '10000' }, limit: 2 }, { filter: { text: '"SEQ":20001,' } });
    assert.deepEqual(offsets(byText), [20_001]);
    const byPath = await broker.browseWith(
      { source: topic, start: { from: 'offset', offset: '10000' }, limit: 3 },
      { filter: { jsonPath: '$[?(@.total == 499 && @.kind == "odd")]' } },
    );
    assert.deepEqual(offsets(byPath), [10_499, 10_999, 11_499]);
  });

  it('makes no consumer group', () => {
    assert.deepEqual(broker.browseGroupsMade(), []);
  });
});
