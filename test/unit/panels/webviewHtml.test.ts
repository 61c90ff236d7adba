import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { buildWebviewHtml, jsonInHtml } from '../../../src/panels/webviewHtml';

describe('the first view written into the page', () => {
  it('reads back as the same value, whatever strings it holds, with no character that could end the block', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), fc.constantFrom('</script>', '<!--', '<script>', '\u2028\u2029', '&lt;'), (strings, hostile) => {
        const value = { strings, hostile, nested: { text: `${hostile}${strings.join('')}` } };
        const text = jsonInHtml(value);
        assert.deepEqual(JSON.parse(text), value);
        assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('is a JSON data block beside the one nonce script, and absent when there is none', () => {
    const options = { app: 'timeline' as const, cspSource: 'https://webview', bundleUri: (file: string) => `https://webview/${file}`, nonce: 'abc', title: 'T' };
    const firstView = {
      init: { type: 'init' as const, aggregateId: '</script>', aggregateType: 'Order', storeLabel: 'Local', reducer: 'order', total: 0, eventTypes: [], snapshotVersions: [], warnings: [] },
      rowsOffset: 0,
      rows: [],
    };
    const html = buildWebviewHtml({ ...options, firstView });
    const block = /<script type="application\/json" id="first-view">([^<]*)<\/script>/.exec(html);
    assert.ok(block, html);
    assert.deepEqual(JSON.parse(block[1]), firstView);
    assert.equal(html.match(/<script/g)?.length, 2);
    assert.equal(buildWebviewHtml(options).includes('first-view'), false);
  });
});
