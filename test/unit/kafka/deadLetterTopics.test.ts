import * as assert from 'node:assert/strict';
import type { EventHeader } from '../../../src/core/envelope';
import { describeOrigin, readDltOrigin, republishCount, REPUBLISH_COUNT_HEADER } from '../../../src/connectors/kafka/deadLetters/dltHeaders';
import { describePlan, listedToSend, planRepublish, positionKey, withRaisedCount, type DeadLetter, type OriginLayout, type RepublishRule } from '../../../src/connectors/kafka/deadLetters/republishPlan';
import { summariseRepublish, type RepublishReport } from '../../../src/connectors/kafka/deadLetters/republish';
import { decodeHeaders } from '../../../src/connectors/kafka/records';
import { messageDocumentText } from '../../../src/connectors/kafka/messageText';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { looksLikeDeadLetterTopic } from '../../../src/connectors/kafka/deadLetters/deadLetterTopic';

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
function int64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
}

/** Headers as the consumer hands them to the reader: raw bytes through `decodeHeaders`, as a fetch would. */
function springHeaders(topic: string, partition: number, offset: bigint, extra: Record<string, Buffer> = {}): EventHeader[] {
  return decodeHeaders({
    'kafka_dlt-original-topic': Buffer.from(topic),
    'kafka_dlt-original-partition': int32(partition),
    'kafka_dlt-original-offset': int64(offset),
    'kafka_dlt-original-timestamp': int64(1767603600000n),
    'kafka_dlt-exception-fqcn': Buffer.from('java.lang.IllegalStateException'),
    'kafka_dlt-exception-message': Buffer.from('amount < 0'),
    ...extra,
  });
}

const rule: RepublishRule = { selection: 'all', partitionChoice: 'original', maxRepublishes: 3 };
const orders: OriginLayout = { partitions: 4, partitionOfKey: (key) => (key === null ? 3 : key.length % 4) };
const layoutOf = (topic: string) => (topic === 'orders' ? orders : undefined);

describe('Kafka dead-letter topics', () => {
  it('reads Spring origin headers with big-endian binary numbers, whatever bytes they hold', () => {
    // Partition 0 is four NUL bytes: valid UTF-8, so the header list keeps it as text, and it still reads as 0.
    const zero = readDltOrigin(springHeaders('orders', 0, 0n));
    assert.equal(zero?.partition, 0);
    assert.equal(zero?.offset, '0');
    const origin = readDltOrigin(springHeaders('orders', 2, 0x1_0000_0001n));
    assert.deepEqual(origin, {
      style: 'spring',
      topic: 'orders',
      partition: 2,
      offset: '4294967297',
      timestamp: '1767603600000',
      exceptionClass: 'java.lang.IllegalStateException',
      exceptionMessage: 'amount < 0',
    });
    assert.equal(describeOrigin(origin), 'from orders [2] @ 4294967297 · IllegalStateException: amount < 0');
    // 0x00000100 is 256, not 1 (a little-endian reading would say 65536).
    assert.equal(readDltOrigin(decodeHeaders({ 'kafka_dlt-original-topic': 'o', 'kafka_dlt-original-partition': int32(256) }))?.partition, 256);
  });

  it('reads Kafka Connect origin headers as text and a header named in settings', () => {
    const connect = readDltOrigin([
      { key: '__connect.errors.topic', value: 'payments' },
      { key: '__connect.errors.partition', value: '1' },
      { key: '__connect.errors.offset', value: '77' },
      { key: '__connect.errors.exception.message', value: 'Converting byte[] to Kafka Connect data failed' },
    ]);
    assert.deepEqual(connect, { style: 'connect', topic: 'payments', partition: 1, offset: '77', exceptionMessage: 'Converting byte[] to Kafka Connect data failed' });
    assert.deepEqual(readDltOrigin([{ key: 'x-from', value: 'shipments' }], 'x-from'), { style: 'custom', topic: 'shipments' });
    assert.equal(readDltOrigin([{ key: 'x-from', value: 'shipments' }]), undefined);
    assert.equal(readDltOrigin([{ key: '__connect.errors.topic', value: '' }]), undefined);
    // Damaged numbers are left out, never guessed.
    assert.deepEqual(readDltOrigin([{ key: '__connect.errors.topic', value: 't' }, { key: '__connect.errors.partition', value: 'x' }]), { style: 'connect', topic: 't' });
    assert.deepEqual(readDltOrigin(decodeHeaders({ 'kafka_dlt-original-topic': 't', 'kafka_dlt-original-partition': Buffer.from([1, 2, 3]) })), { style: 'spring', topic: 't' });
  });

  it('counts re-publishes and raises the counter in place, keeping every other header in order', () => {
    assert.equal(republishCount([]), 0);
    assert.equal(republishCount([{ key: REPUBLISH_COUNT_HEADER, value: '2' }]), 2);
    assert.equal(republishCount([{ key: REPUBLISH_COUNT_HEADER, value: 'lots' }]), 0);
    const headers: EventHeader[] = [{ key: 'a', value: '1' }, { key: REPUBLISH_COUNT_HEADER, value: '1' }, { key: 'b', value: 'AAE=', encoding: 'base64' }];
    assert.deepEqual(withRaisedCount(headers, 1), [{ key: 'a', value: '1' }, { key: REPUBLISH_COUNT_HEADER, value: '2' }, { key: 'b', value: 'AAE=', encoding: 'base64' }]);
    assert.deepEqual(withRaisedCount([{ key: 'a', value: '1' }], 0), [{ key: 'a', value: '1' }, { key: REPUBLISH_COUNT_HEADER, value: '1' }]);
  });

  it('the dry run lists each dead letter by partition and offset with its target, and holds back loops and unknown origins', () => {
    const letters: DeadLetter[] = [
      { partition: 1, offset: '10', key: Buffer.from('k1'), headers: springHeaders('orders', 2, 5n) },
      { partition: 0, offset: '7', key: Buffer.from('key'), headers: springHeaders('orders', 9, 6n) },
      { partition: 0, offset: '3', key: null, headers: [{ key: '__connect.errors.topic', value: 'orders' }] },
      { partition: 0, offset: '4', key: Buffer.from('k'), headers: [...springHeaders('orders', 1, 1n), { key: REPUBLISH_COUNT_HEADER, value: '3' }] },
      { partition: 0, offset: '5', key: Buffer.from('k'), headers: [] },
      { partition: 0, offset: '6', key: Buffer.from('k'), headers: springHeaders('gone', 0, 1n) },
    ];
    const plan = planRepublish('orders.DLT', letters, rule, layoutOf);
    assert.deepEqual(plan.items.map(positionKey), ['0:3', '0:4', '0:5', '0:6', '0:7', '1:10']);
    assert.deepEqual(plan.items.map((i) => i.target), [
      { topic: 'orders', partition: 3, chosenBy: 'no key: partitioner' },
      undefined,
      undefined,
      undefined,
      // Partition 9 does not exist in orders (4 partitions): by key instead.
      { topic: 'orders', partition: 3, chosenBy: 'key' },
      { topic: 'orders', partition: 2, chosenBy: 'original partition' },
    ]);
    assert.match(plan.items[1].hold ?? '', /re-published 3 times .*limit 3/);
    assert.match(plan.items[2].hold ?? '', /no origin-topic header/);
    assert.match(plan.items[3].hold ?? '', /gone does not exist/);
    assert.equal(plan.toSend, 3);
    assert.equal(plan.held, 3);
    assert.deepEqual(plan.byTarget, { 'orders [3]': 2, 'orders [2]': 1 });
    const byKey = planRepublish('orders.DLT', letters, { ...rule, partitionChoice: 'by-key' }, layoutOf);
    assert.deepEqual(byKey.items.find((i) => i.offset === '10')?.target, { topic: 'orders', partition: 2, chosenBy: 'key' });
    assert.match(describePlan(plan).join('\n'), /\[0\] @ 4 held back: re-published 3 times/);
    // A selection lists only what was picked; a continued run skips what was sent.
    const picked = planRepublish('orders.DLT', letters, { ...rule, selection: { positions: [{ partition: 1, offset: '10' }, { partition: 0, offset: '4' }] } }, layoutOf);
    assert.deepEqual(picked.items.map(positionKey), ['0:4', '1:10']);
    assert.deepEqual(listedToSend(plan, ['0:3']).map(positionKey), ['0:7', '1:10']);
  });

  it('names the tree samples: Spring, Connect and common dead-letter spellings, not words that merely contain them', () => {
    for (const name of ['orders.DLT', 'orders-dlt', 'connect-dlq', 'payments.dead-letters', 'orders_errors', 'DLQ']) assert.equal(looksLikeDeadLetterTopic(name), true, name);
    for (const name of ['orders', 'adltx', 'terrorsome', 'deadline']) assert.equal(looksLikeDeadLetterTopic(name), false, name);
  });

  it("a dead letter's document shows its origin and error decoded beside the raw headers", () => {
    const event = recordToEvent('orders.DLT', 0, { offset: '4', timestamp: '1767603600000', key: Buffer.from('k'), value: Buffer.from('{"a":1}'), headers: { 'kafka_dlt-original-topic': Buffer.from('orders'), 'kafka_dlt-original-partition': int32(2), 'kafka_dlt-original-offset': int64(99n) } });
    const document = JSON.parse(messageDocumentText(event).text) as { deadLetter?: unknown; value: unknown; headers: unknown[] };
    assert.deepEqual(document.deadLetter, { style: 'spring', topic: 'orders', partition: 2, offset: '99' });
    assert.deepEqual(document.value, { a: 1 });
    assert.equal(document.headers.length, 3);
    const plain = JSON.parse(messageDocumentText(recordToEvent('orders', 0, { offset: '1', timestamp: '0', key: null, value: Buffer.from('{}') })).text) as object;
    assert.equal('deadLetter' in plain, false);
  });

  it('summarises sent, held back, failed and duplicates', () => {
    const report: RepublishReport = {
      dlt: 'orders.DLT',
      listed: 4,
      sent: ['0:1', '0:2', '0:3'],
      sentNow: 2,
      heldBack: [{ position: { partition: 0, offset: '9' }, reason: 'limit' }],
      notFound: [{ partition: 0, offset: '4' }],
      unconfirmed: [],
      possiblyDuplicated: 1,
      byTarget: { 'orders [0]': 2 },
    };
    const summary = summariseRepublish(report);
    assert.equal(summary.text, 'Re-published 2 of 4 from orders.DLT; 1 held back; 1 failed; 1 possibly duplicated; 1 sent by an earlier run, skipped.');
    assert.ok(summary.details.includes('1 held back: limit'));
  });
});
