import * as assert from 'node:assert/strict';
import { AppendedTopicTypes, type TopicTypeRead } from '../../../src/connectors/kafka/appendedTopicTypes';
import type { PartitionWatermarks } from '../../../src/connectors/kafka/browsePlan';

/** Topics as lists of record types per partition (offset = index), read as the fetch read reads them: in range order, within the budget. */
function topics() {
  const logs = new Map<string, string[][]>();
  const reads: { topic: string; ranges: string[]; budget: number }[] = [];
  let failing = false;
  const read: TopicTypeRead = (topic, ranges, budget, count) => {
    reads.push({ topic, ranges: ranges.map((r) => `${r.partition}:${r.start}-${r.end}`), budget: budget.records });
    if (failing) return Promise.reject(new Error('the broker went away'));
    const next = new Map<number, bigint>();
    let records = 0;
    for (const range of ranges) {
      let at = range.start;
      // 100 bytes a record; the read stops after the record that passes the bytes, as the fetch read does.
      for (; at < range.end && records < budget.records && records * 100 < budget.bytes; at += 1n, records += 1) count(logs.get(topic)![range.partition][Number(at)]);
      next.set(range.partition, at);
    }
    return Promise.resolve({ next, records, bytes: records * 100 });
  };
  const append = (topic: string, partition: number, ...types: string[]): void => {
    const log = logs.get(topic) ?? [];
    while (log.length <= partition) log.push([]);
    log[partition].push(...types);
    logs.set(topic, log);
  };
  const marks = (...names: string[]): Map<string, PartitionWatermarks[]> =>
    new Map(names.map((name) => [name, (logs.get(name) ?? []).map((log, partition) => ({ partition, low: 0n, high: BigInt(log.length) }))]));
  return { read, append, marks, reads, logs, fail: (yes: boolean) => (failing = yes) };
}

const many = (count: number, type: string): string[] => Array.from({ length: count }, () => type);

describe('AppendedTopicTypes: a topic\'s records per type since counting began', () => {
  it('begins at the end offsets, then counts each appended record once, on every partition', async () => {
    const t = topics();
    t.append('orders', 0, 'Old', 'Old');
    t.append('orders', 1, 'Old');
    const counts = new AppendedTopicTypes(t.read);
    assert.deepEqual(await counts.read(t.marks('orders')), new Map([['orders', []]]), 'what the topic held before is not counted');
    assert.equal(t.reads.length, 0, 'nothing appended: nothing read');
    t.append('orders', 0, 'OrderPlaced', 'OrderPaid');
    t.append('orders', 1, 'OrderPlaced');
    assert.deepEqual(await counts.read(t.marks('orders')), new Map([['orders', [['OrderPlaced', 2], ['OrderPaid', 1]]]]));
    assert.deepEqual(t.reads.at(-1)?.ranges, ['0:2-4', '1:1-2'], 'each partition from where counting stood');
    assert.deepEqual(await counts.read(t.marks('orders')), new Map([['orders', [['OrderPlaced', 2], ['OrderPaid', 1]]]]), 'counted once');
    assert.equal(t.reads.length, 1);
  });

  it('reads at most the budget per reading across topics, counts a burst over the next readings, and lets the topics take turns going first', async () => {
    const t = topics();
    t.append('a', 0);
    t.append('b', 0);
    const counts = new AppendedTopicTypes(t.read, { records: 10, bytes: 1_000_000 });
    await counts.read(t.marks('a', 'b'));
    t.append('a', 0, ...many(25, 'A'));
    t.append('b', 0, ...many(4, 'B'));
    const first = await counts.read(t.marks('a', 'b'));
    assert.deepEqual(first.get('b'), [['B', 4]], 'b went first this time');
    assert.deepEqual(first.get('a'), [['A', 6]], 'the budget b left');
    const second = await counts.read(t.marks('a', 'b'));
    assert.deepEqual(second.get('a'), [['A', 16]], 'a went first');
    assert.deepEqual((await counts.read(t.marks('a', 'b'))).get('a'), [['A', 25]], 'the burst is counted in full over the readings');
    assert.ok(t.reads.every((r) => r.budget <= 10));
  });

  it('leaves no read to the next topic once the bytes are spent', async () => {
    const t = topics();
    t.append('a', 0);
    t.append('b', 0);
    const counts = new AppendedTopicTypes(t.read, { records: 1000, bytes: 250 });
    await counts.read(t.marks('b', 'a'));
    t.append('a', 0, ...many(10, 'A'));
    t.append('b', 0, ...many(10, 'B'));
    const found = await counts.read(t.marks('b', 'a'));
    assert.deepEqual(found.get('a'), [['A', 3]], 'a went first this time and took the bytes');
    assert.deepEqual(found.get('b'), []);
    assert.deepEqual(t.reads.map((r) => r.topic), ['a'], 'b was not read');
  });

  it('begins again when offsets move backwards or a partition goes (a topic made again), and a rate then has nothing to go down from', async () => {
    const t = topics();
    t.append('orders', 0, 'X', 'X', 'X');
    t.append('orders', 1, 'X');
    const counts = new AppendedTopicTypes(t.read);
    await counts.read(t.marks('orders'));
    t.append('orders', 0, 'A');
    assert.deepEqual((await counts.read(t.marks('orders'))).get('orders'), [['A', 1]]);
    t.logs.set('orders', [['B'], ['B']]);
    assert.deepEqual((await counts.read(t.marks('orders'))).get('orders'), [], 'offsets went back: counting began again at the new end');
    t.append('orders', 0, 'C');
    assert.deepEqual((await counts.read(t.marks('orders'))).get('orders'), [['C', 1]]);
    t.logs.set('orders', [['B', 'C', 'D', 'E']]);
    assert.deepEqual((await counts.read(t.marks('orders'))).get('orders'), [], 'partition 1 went: counting began again');
  });

  it('counts a partition added since counting began from its start, and passes records removed before they were read', async () => {
    const t = topics();
    t.append('orders', 0, 'X');
    const counts = new AppendedTopicTypes(t.read);
    await counts.read(t.marks('orders'));
    t.append('orders', 1, 'New', 'New');
    assert.deepEqual((await counts.read(t.marks('orders'))).get('orders'), [['New', 2]]);
    t.append('orders', 0, 'Gone', 'Gone', 'Kept');
    const marks = t.marks('orders');
    marks.get('orders')![0] = { partition: 0, low: 3n, high: 4n };
    assert.deepEqual((await counts.read(marks)).get('orders'), [['New', 2], ['Kept', 1]]);
    assert.deepEqual(t.reads.at(-1)?.ranges, ['0:3-4']);
  });

  it('forgets a topic no longer asked for, and begins afresh when it is asked for again', async () => {
    const t = topics();
    t.append('a', 0);
    const counts = new AppendedTopicTypes(t.read);
    await counts.read(t.marks('a'));
    t.append('a', 0, 'A');
    await counts.read(t.marks('a'));
    assert.deepEqual(counts.counting, ['a']);
    await counts.read(new Map());
    assert.deepEqual(counts.counting, []);
    t.append('a', 0, 'A', 'A');
    assert.deepEqual((await counts.read(t.marks('a'))).get('a'), [], 'what came while nobody asked is not counted');
  });

  it('leaves out a topic whose read failed, and counts it afresh from the next reading', async () => {
    const t = topics();
    t.append('a', 0);
    const counts = new AppendedTopicTypes(t.read);
    await counts.read(t.marks('a'));
    t.append('a', 0, 'A');
    t.fail(true);
    assert.equal((await counts.read(t.marks('a'))).has('a'), false);
    t.fail(false);
    assert.deepEqual((await counts.read(t.marks('a'))).get('a'), []);
    t.append('a', 0, 'B');
    assert.deepEqual((await counts.read(t.marks('a'))).get('a'), [['B', 1]]);
  });

  it('keeps at most 50 types, the rest as "other"', async () => {
    const t = topics();
    t.append('ids', 0);
    const counts = new AppendedTopicTypes(t.read);
    await counts.read(t.marks('ids'));
    t.append('ids', 0, ...Array.from({ length: 80 }, (_, i) => `Type${i}`));
    const found = (await counts.read(t.marks('ids'))).get('ids')!;
    assert.equal(found.length, 50);
    assert.deepEqual(found.at(-1), ['other', 31]);
  });
});
