import { strict as assert } from 'node:assert';
import { planRanges, type PartitionWatermarks } from '../../../src/connectors/kafka/browsePlan';

const marks: PartitionWatermarks[] = [
  { partition: 0, low: 0n, high: 1_000_000n },
  { partition: 1, low: 100n, high: 300n },
  { partition: 2, low: 5n, high: 5n },
];
const starts = (ranges: ReturnType<typeof planRanges>) => ranges.map((r) => [r.partition, r.start, r.end]);

describe('planRanges', () => {
  it('latest N seeks to N before the end of each partition, never before its start', () => {
    assert.deepEqual(starts(planRanges(marks, { from: 'latest', count: 500 })), [
      [0, 999_500n, 1_000_000n],
      [1, 100n, 300n],
      [2, 5n, 5n],
    ]);
  });
  it('beginning starts at what each partition still keeps', () => {
    assert.deepEqual(starts(planRanges(marks, { from: 'beginning' })).map((r) => r[1]), [0n, 100n, 5n]);
  });
  it('an offset is moved inside each partition', () => {
    assert.deepEqual(starts(planRanges(marks, { from: 'offset', offset: '200' })).map((r) => r[1]), [200n, 200n, 5n]);
  });
  it('a timestamp starts at the broker-given offset, and where no record is that recent at the end (not the beginning)', () => {
    const found = new Map([
      [0, 500_000n],
      [1, -1n],
    ]);
    assert.deepEqual(starts(planRanges(marks, { from: 'timestamp', timestamp: 1 }, found)).map((r) => r[1]), [500_000n, 300n, 5n]);
  });
  it('cursors read only the partitions they name', () => {
    assert.deepEqual(starts(planRanges(marks, { from: 'cursors', cursors: [{ partition: 1, next: '250' }] })), [[1, 250n, 300n]]);
  });
  it('refuses offsets that are not whole numbers', () => {
    assert.throws(() => planRanges(marks, { from: 'offset', offset: '-1' }), /whole number/);
    assert.throws(() => planRanges(marks, { from: 'offset', offset: '1e3' }), /whole number/);
  });
});
