import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import * as fc from 'fast-check';
import { jsLiteral, markdownCode, visibleControls } from '../../../src/core/dataText';
import { hostileSamples, hostileText } from '../../support/hostileText';
import { markdownCase } from '../../support/hostileGenerators';
import { assertCodeSpanShows } from '../../support/markdownCheck';

/** A payload that, if it ever ran inside the context, would leave a mark there. */
const PAYLOAD = 'globalThis.ran = (globalThis.ran || 0) + 1;';

describe('data as text: literals for programs, code spans for Markdown', () => {
  it('jsLiteral: a program holding any value as a literal evaluates to that value and runs nothing else', () => {
    const check = (value: unknown): void => {
      const source = `(${jsLiteral(value)})`;
      assert.ok(!/[\u2028\u2029]/.test(source), 'no raw line or paragraph separator');
      const result: unknown = new vm.Script(source).runInThisContext();
      assert.equal((globalThis as { ran?: number }).ran, undefined);
      // A literal is JSON: it means what JSON means (-0 is written, and read back, as 0).
      assert.deepEqual(result, typeof value === 'string' ? value : JSON.parse(JSON.stringify(value)));
    };
    for (const sample of hostileSamples(PAYLOAD)) check(sample);
    fc.assert(fc.property(fc.oneof(hostileText(PAYLOAD), fc.jsonValue()), (value) => check(value)), { numRuns: 300 });
    assert.equal(jsLiteral(undefined), 'undefined');
    // An own "__proto__" key stays a property: an object literal would set the prototype with it instead.
    const own = JSON.parse('{"__proto__": {"polluted": true}, "id": "a"}') as Record<string, unknown>;
    const read = new vm.Script(`(${jsLiteral(own)})`).runInThisContext() as Record<string, unknown>;
    assert.deepEqual(Object.keys(read), ['__proto__', 'id']);
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.equal(read.polluted, undefined);
    assert.equal(jsLiteral('a\u2028b</script>'), '"a\\u2028b\\u003c/script\\u003e"');
  });

  it('markdownCode: any text becomes one code span that shows exactly that text on one line', () => {
    const check = (text: string): void => {
      assertCodeSpanShows(markdownCode(text), visibleControls(text));
      assertCodeSpanShows(markdownCode(text, { inTable: true }), visibleControls(text), { inTable: true });
    };
    for (const sample of hostileSamples(PAYLOAD)) check(sample);
    check('```');
    fc.assert(fc.property(fc.oneof(hostileText(PAYLOAD), fc.string({ unit: 'binary' })), check), { numRuns: 300 });
    assert.equal(markdownCode('[x](https://e.invalid)'), '` [x](https://e.invalid) `');
    assert.equal(markdownCode('a`b'), '`` a`b ``');
    assert.equal(visibleControls('a\nb\u2028c\u202e'), 'a\\nb\\u2028c\\u202e');
  });

  it('the what-if report and the aggregate tooltip keep their shape with hostile ids, types and values', () => {
    for (const sample of hostileSamples(PAYLOAD)) markdownCase(sample);
    fc.assert(fc.property(hostileText(PAYLOAD), markdownCase), { numRuns: 200 });
  });
});
