import { strict as assert } from 'node:assert';
import { truncateForDisplay } from '../../../src/core/codec';
import type { JsonValue } from '../../../src/core/json';

function nested(depth: number): JsonValue {
  let value: JsonValue = 'bottom';
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

function depthOf(value: JsonValue): number {
  let depth = 0;
  let current = value;
  while (typeof current === 'object' && current !== null && !Array.isArray(current) && 'child' in current) {
    current = current.child;
    depth += 1;
  }
  return depth;
}

describe('truncateForDisplay', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('returns small values unchanged and says so', () => {
    const value = { orderId: 'Order-1001', items: [{ sku: 'A', quantity: 2 }], paid: true, note: null };
    const result = truncateForDisplay(value);
    assert.deepEqual(result, { value, truncated: false });
  });

  it('does not share structure with the input', () => {
    const value = { items: [{ sku: 'A' }] };
    const result = truncateForDisplay(value);
    assert.notEqual(result.value, value);
    (value.items[0]).sku = 'changed';
    assert.deepEqual(result.value, { items: [{ sku: 'A' }] });
  });

  it('survives 10,000 levels of nesting and cuts at the depth limit', () => {
    const result = truncateForDisplay(nested(10_000));
    assert.equal(result.truncated, true);
    assert.equal(depthOf(result.value), 64);
    let innermost = result.value;
    for (let i = 0; i < 64; i++) innermost = (innermost as { child: JsonValue }).child;
    assert.equal(innermost, '… (depth limit)');
  });

  it('survives 10,000 levels of arrays with a high depth limit', () => {
    let value: JsonValue = [];
    for (let i = 0; i < 10_000; i++) value = [value];
    const result = truncateForDisplay(value, { maxDepth: 20_000, maxNodes: 20_000 });
    assert.equal(result.truncated, false);
    let depth = 0;
    for (let current = result.value; Array.isArray(current) && current.length > 0; current = current[0]) depth += 1;
    assert.equal(depth, 10_000);
  });

  it('keeps scalars at the last allowed depth', () => {
    const result = truncateForDisplay({ a: { b: 1, c: { d: 2 } } }, { maxDepth: 2 });
    assert.deepEqual(result.value, { a: { b: 1, c: '… (depth limit)' } });
    assert.equal(result.truncated, true);
  });

  it('ends long arrays with a count of what was left out', () => {
    const result = truncateForDisplay(Array.from({ length: 10_000 }, (_, i) => i), { maxNodes: 101 });
    assert.equal(result.truncated, true);
    const array = result.value as JsonValue[];
    assert.equal(array.length, 101);
    assert.equal(array[99], 99);
    assert.equal(array[100], '… 9900 more items');
  });

  it('marks objects whose keys were left out', () => {
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const result = truncateForDisplay({ wide, after: 1 }, { maxNodes: 12 });
    assert.deepEqual(Object.keys((result.value as { wide: object }).wide).length, 11);
    assert.equal((result.value as { wide: Record<string, JsonValue> }).wide['…'], '… 40 more keys');
    assert.equal((result.value as Record<string, JsonValue>)['…'], '… 1 more key');
  });

  it('cuts long strings and says how much is missing', () => {
    const result = truncateForDisplay({ blob: 'x'.repeat(25) }, { maxStringLength: 10 });
    assert.deepEqual(result.value, { blob: 'xxxxxxxxxx… (15 more characters)' });
    assert.equal(result.truncated, true);
    assert.deepEqual(truncateForDisplay('short', { maxStringLength: 10 }), { value: 'short', truncated: false });
  });

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonValue;
    const result = truncateForDisplay(value);
    assert.equal(Object.getPrototypeOf(result.value), Object.prototype);
    assert.equal(JSON.stringify(result.value), '{"__proto__":{"polluted":true},"a":1}');
  });

  it('stays within the node budget on a big random-shaped value', () => {
    const big = { rows: Array.from({ length: 3000 }, (_, i) => ({ id: i, tags: ['a', 'b'], nested: { x: i } })) };
    const result = truncateForDisplay(big);
    assert.equal(result.truncated, true);
    let count = 0;
    const stack: JsonValue[] = [result.value];
    while (stack.length > 0) {
      const current = stack.pop() as JsonValue;
      count += 1;
      if (typeof current === 'object' && current !== null) stack.push(...Object.values(current));
    }
    // Only the containers still open when the budget ran out gain a marker on top of it.
    assert.ok(count <= 5000 + 64, `${count} values`);
    assert.ok(count >= 5000, `${count} values`);
  });
});
