import { strict as assert } from 'node:assert';
import { changedPaths } from '../../../src/core/diff';
import type { JsonValue } from '../../../src/core/json';

describe('changedPaths', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('reports nothing for equal states', () => {
    assert.deepEqual(changedPaths({ a: 1, items: [{ sku: 'A' }] }, { a: 1, items: [{ sku: 'A' }] }), []);
  });

  it('reports changed, created and removed fields as dotted paths', () => {
    const before = { status: 'created', total: 10, items: [{ sku: 'A', quantity: 1 }], note: 'x' };
    const after = { status: 'paid', total: 10, items: [{ sku: 'A', quantity: 2 }], paidAt: 'T' };
    assert.deepEqual(changedPaths(before, after).sort(), ['items.0.quantity', 'note', 'paidAt', 'status']);
  });

  it('reports an added array element and its array', () => {
    const before = { items: [{ sku: 'A' }, { sku: 'B' }] };
    const after = { items: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] };
    assert.deepEqual(changedPaths(before, after).sort(), ['items', 'items.2']);
  });

  it('reports a removed array element and its array', () => {
    assert.deepEqual(changedPaths({ items: [1, 2] }, { items: [1] }).sort(), ['items', 'items.1']);
  });

  it('reports a field whose kind changed at that field', () => {
    assert.deepEqual(changedPaths({ a: { b: 1 } }, { a: [1] }), ['a']);
    assert.deepEqual(changedPaths({ a: null }, { a: { b: 1 } }), ['a']);
  });

  it('reports the root as "" when whole values differ', () => {
    assert.deepEqual(changedPaths(1, 2), ['']);
    assert.deepEqual(changedPaths({}, []), ['']);
    assert.deepEqual(changedPaths(null, { a: 1 }), ['']);
    assert.deepEqual(changedPaths('same', 'same'), []);
  });

  it('does not fail on states too deep to compare', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    assert.deepEqual(changedPaths(deep, { d: 2 }).length > 0, true);
  });
});
