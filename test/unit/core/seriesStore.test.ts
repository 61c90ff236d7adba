import * as assert from 'node:assert/strict';
import { OTHER_PART, SeriesStore } from '../../../src/core/seriesStore';

const store = (overrides: Partial<ConstructorParameters<typeof SeriesStore>[0]> = {}): SeriesStore =>
  new SeriesStore({ capacity: 3600, windowMs: 3_600_000, maxParts: 8, maxFamilies: 100, ...overrides });

describe('SeriesStore: the last hour of figures per chart, bounded', () => {
  it('keeps a family’s parts aligned on the times they were read, a late part null before it was seen', () => {
    const series = store();
    series.record('k/lag', 1000, [['orders/0', 5]]);
    series.record('k/lag', 2000, [['orders/0', 7], ['orders/1', 3]]);
    assert.deepEqual(series.read('k/lag'), { parts: ['orders/0', 'orders/1'], times: [1000, 2000], values: [[5, 7], [null, 3]] });
  });

  it('records a failed read as one gap, however many fail in a row, and resumes after it', () => {
    const series = store();
    series.record('q/depth', 1000, [['ready', 4]]);
    series.gap(['q/depth'], 2000);
    series.gap(['q/depth'], 3000);
    series.record('q/depth', 4000, [['ready', 6]]);
    assert.deepEqual(series.read('q/depth'), { parts: ['ready'], times: [1000, 2000, 4000], values: [[4, null, 6]] });
  });

  it('holds at most `capacity` points (a ring) and reads back only the window before the newest', () => {
    const ring = store({ capacity: 5 });
    for (let at = 1; at <= 12; at += 1) ring.record('f', at * 1000, [['v', at]]);
    assert.deepEqual(ring.read('f')?.values, [[8, 9, 10, 11, 12]]);
    const window = store({ windowMs: 2500 });
    for (let at = 1; at <= 6; at += 1) window.record('f', at * 1000, [['v', at]]);
    assert.deepEqual(window.read('f')?.times, [4000, 5000, 6000]);
  });

  it('folds parts past the limit into "other": 10,000 event types give 7 series and the rest summed', () => {
    const series = store();
    const row: [string, number][] = Array.from({ length: 10_000 }, (_, i) => [`Type${i}`, 1]);
    series.record('k/types', 1000, row);
    const read = series.read('k/types');
    assert.equal(read?.parts.length, 8);
    assert.equal(read?.parts.at(-1), OTHER_PART);
    assert.deepEqual(read?.values.at(-1), [10_000 - 7]);
    // A type first seen later is folded too; a known one keeps its own series.
    series.record('k/types', 2000, [['Type3', 2], ['Type9999', 4], ['Late', 1]]);
    assert.deepEqual(series.read('k/types')?.values.map((v) => v[1]), [null, null, null, 2, null, null, null, 5]);
  });

  it('folds a time lag by its largest value, not its sum', () => {
    const series = store({ maxParts: 2 });
    series.record('g/lagMs', 1000, [['a/0', 100], ['a/1', 900], ['a/2', 400]], 'max');
    assert.deepEqual(series.read('g/lagMs')?.values, [[100], [900]]);
  });

  it('refuses families past the limit and counts them; drop frees them', () => {
    const series = store({ maxFamilies: 2 });
    series.record('c1/a', 1, [['v', 1]]);
    series.record('c1/b', 1, [['v', 1]]);
    series.record('c2/a', 1, [['v', 1]]);
    assert.equal(series.has('c2/a'), false);
    assert.equal(series.refused, 1);
    series.drop('c1/');
    series.record('c2/a', 2, [['v', 1]]);
    assert.equal(series.familyCount, 1);
  });

  it('ignores a reading not newer than the last, and skips values that are not numbers', () => {
    const series = store();
    series.record('f', 2000, [['v', 1]]);
    series.record('f', 1000, [['v', 2]]);
    series.record('f', 3000, [['v', Number.NaN], ['w', Number.POSITIVE_INFINITY]]);
    assert.deepEqual(series.read('f'), { parts: ['v'], times: [2000, 3000], values: [[1, null]] });
  });
});

describe('SeriesStore.latest', () => {
  it('gives the newest row, nulls in a gap', () => {
    const series = new SeriesStore({ capacity: 3, windowMs: 60_000, maxParts: 4, maxFamilies: 4 });
    assert.equal(series.latest('f'), undefined);
    for (let at = 1; at <= 5; at += 1) series.record('f', at, [['a', at], ['b', -at]]);
    assert.deepEqual(series.latest('f'), { at: 5, parts: ['a', 'b'], values: [5, -5] });
    series.gap(['f'], 6);
    assert.deepEqual(series.latest('f'), { at: 6, parts: ['a', 'b'], values: [null, null] });
  });
});
