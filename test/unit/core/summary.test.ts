import { strict as assert } from 'node:assert';
import { summarizeData } from '../../../src/core/summary';

describe('summarizeData', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('lists the first scalar fields as key=value and skips nested values', () => {
    const summary = summarizeData({ orderId: 'Order-1001', items: [1, 2], customer: { id: 1 }, quantity: 2, paid: false, note: null });
    assert.equal(summary, 'orderId=Order-1001 quantity=2 paid=false note=null');
  });

  it('quotes strings that contain spaces or are empty, and stays on one line', () => {
    assert.equal(summarizeData({ name: 'USB-C Cable', empty: '', text: 'a\nb' }), 'name="USB-C Cable" empty="" text="a\\nb"');
    assert.equal(summarizeData({ 'odd\nkey': 1 }), 'odd key=1');
  });

  it('cuts to maxLength with an ellipsis', () => {
    const summary = summarizeData({ a: 'x'.repeat(50), b: 'y'.repeat(50) }, 30);
    assert.equal(summary.length, 30);
    assert.ok(summary.endsWith('…'));
    assert.ok(summary.startsWith('a=xxxx'));
    assert.equal(summarizeData({ a: 1 }, 30), 'a=1');
  });

  it('summarizes values that are not objects', () => {
    assert.equal(summarizeData('plain text'), 'plain text');
    assert.equal(summarizeData(42), '42');
    assert.equal(summarizeData(null), 'null');
    assert.equal(summarizeData([1, 2, 3]), '[3 items]');
    assert.equal(summarizeData({ nested: { only: true } }), '');
  });

  it('reads only as much of a huge object as it needs', () => {
    const huge: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) huge[`field${i}`] = i;
    const summary = summarizeData(huge, 40);
    assert.equal(summary, 'field0=0 field1=1 field2=2 field3=3 fie…');
  });
});
