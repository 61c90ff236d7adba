import * as assert from 'node:assert/strict';
import { LagTimeTable } from '../../../src/connectors/reads/lagTimeTable';

describe('LagTimeTable: the lag in time from end offsets seen over time', () => {
  it('interpolates when the message at the committed offset was written, and gives its age', () => {
    const table = new LagTimeTable();
    table.observe('orders', 0, 100n, 0);
    table.observe('orders', 0, 200n, 10_000);
    table.observe('orders', 0, 300n, 20_000);
    assert.equal(table.ageOf('orders', 0, 150n, 30_000), 24_900, 'offset 150 was written when the end passed 151, 5.1 s after the start');
    assert.equal(table.ageOf('orders', 0, 300n, 30_000), 0, 'nothing unread');
    assert.equal(table.ageOf('orders', 0, 40n, 30_000), 30_000, 'older than the table: at least its span');
    assert.equal(table.ageOf('orders', 1, 40n, 30_000), undefined, 'a partition never seen');
  });

  it('keeps points at least 5 s apart, bounded, and forgets a partition whose offsets went back', () => {
    const table = new LagTimeTable();
    for (let s = 0; s <= 2000; s += 1) table.observe('t', 0, BigInt(s * 10), s * 1000);
    // Ten minutes of points at most: an offset written 20 minutes ago is older than the table.
    const oldest = table.ageOf('t', 0, 0n, 2_000_000);
    assert.ok(oldest !== undefined && oldest >= 300_000 && oldest <= 610_000, `oldest ${oldest}`);
    const recent = table.ageOf('t', 0, 19_950n, 2_000_000);
    assert.ok(recent !== undefined && Math.abs(recent - 4_900) <= 100, `recent ${recent}`);
    table.observe('t', 0, 5n, 2_001_000);
    assert.equal(table.ageOf('t', 0, 0n, 2_001_000), 0, 'made again: the table starts over');
  });

  it('fills the age of each lagging partition a reading left out', () => {
    const table = new LagTimeTable();
    const reading = (latest: bigint, committed: bigint) => ({ sources: [], groups: [{ group: 'g', state: 'Stable', members: 1, lag: { total: latest - committed, committedPartitions: 1, partitions: [{ source: 't', partition: 0, committed, latest, lag: latest - committed }] } }] });
    table.fill(reading(10n, 10n), 0);
    table.fill(reading(20n, 10n), 6000);
    const filled = table.fill(reading(20n, 10n), 16_000);
    assert.equal(filled.groups[0].lag?.partitions[0].lagMs, 16_000 - 600);
  });
});
