import * as assert from 'node:assert/strict';
import { copyState } from '../../../src/sandbox/reducerSpec';

describe('sandbox: the private copies checkpoints keep', () => {
  it('copies plain data all the way down: changing the copy leaves the original as it was', () => {
    const state = { status: 'paid', items: [{ sku: 'A', qty: 1 }, ['nested', { deep: [1, 2] }]], total: 9.5, none: null, missing: undefined };
    const copy = copyState(state) as typeof state;
    assert.deepStrictEqual(copy, state);
    (copy.items[0] as { qty: number }).qty = 99;
    ((copy.items[1] as unknown[])[1] as { deep: number[] }).deep.push(3);
    assert.equal((state.items[0] as { qty: number }).qty, 1);
    assert.deepEqual(((state.items[1] as unknown[])[1] as { deep: number[] }).deep, [1, 2]);
  });

  it('keeps what is not plain data as structuredClone does: dates, maps, sets, cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const state = { at: new Date('2026-12-03T10:00:00Z'), seen: new Map([['a', 1]]), tags: new Set(['x']), cyclic };
    const copy = copyState(state) as typeof state;
    assert.ok(copy.at instanceof Date && copy.at.getTime() === state.at.getTime());
    assert.ok(copy.seen instanceof Map && copy.seen.get('a') === 1 && copy.seen !== state.seen);
    assert.ok(copy.tags instanceof Set && copy.tags.has('x'));
    assert.equal(copy.cyclic.self, copy.cyclic);
    assert.notEqual(copy.cyclic, cyclic);
  });

  it('an own "__proto__" key stays a key: no prototype is set, nothing is polluted', () => {
    const state = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const copy = copyState(state) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal((copy as { polluted?: boolean }).polluted, undefined);
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  it('functions in plain data stay (a reducer resumed from a checkpoint still finds them); a Map holding one goes as JSON', () => {
    const describe = (): string => 'total 3';
    const state = { total: 3, describe, nested: { describe } };
    const copy = copyState(state) as typeof state;
    assert.equal(copy.describe, describe);
    assert.equal(copy.nested.describe(), 'total 3');
    assert.notEqual(copy.nested, state.nested);
    assert.deepStrictEqual(copyState({ total: 3, byKey: new Map([['a', describe]]) }), { total: 3, byKey: {} });
  });
});
