import * as assert from 'node:assert/strict';
import { TypeCounts, typeRates } from '../../../src/core/typeCounts';
import { withRates } from '../../../src/connectors/reads/figures';

describe('TypeCounts: events per type, bounded', () => {
  it('keeps a count per type up to the limit and adds every later type to "other"', () => {
    const counts = new TypeCounts(3);
    for (const type of ['A', 'B', 'A', 'C', 'D', 'B', 'other']) counts.add(type);
    assert.deepEqual(counts.entries(), [['A', 2], ['B', 2], ['other', 3]]);
  });

  it('gives per-type rates between two readings, a new type counted from 0, none when counting began again', () => {
    assert.deepEqual(typeRates([['A', 10], ['B', 4]], [['A', 4]], 2), [['A', 3], ['B', 2]]);
    assert.equal(typeRates([['A', 1]], [['A', 5]], 2), undefined);
    assert.equal(typeRates([['A', 5]], [['A', 1]], 0), undefined);
  });

  it('puts per-type rates on the figures where the previous sample counted types too', () => {
    const previous = { at: 1000, figures: { sources: [], groups: [], events: 10, eventTypes: [['A', 4]] as [string, number][] } };
    const current = { at: 3000, figures: { sources: [], groups: [], events: 16, eventTypes: [['A', 8], ['B', 2]] as [string, number][] } };
    const rated = withRates(current, previous);
    assert.equal(rated.eventRate, 3);
    assert.deepEqual(rated.eventTypeRates, [['A', 2], ['B', 1]]);
    assert.equal(withRates(current, { at: 1000, figures: { sources: [], groups: [], events: 10 } }).eventTypeRates, undefined);
  });
});
