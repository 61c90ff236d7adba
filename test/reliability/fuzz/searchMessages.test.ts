/**
 * The search view's page messages (ready, requestRows, search, cancel, plan, open, trace) are untrusted
 * like every webview's: fuzzed through the parser the panel uses — arbitrary values, near misses (one
 * field wrong, missing or extra) and valid messages.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { MAX_SEARCH_SOURCES, parseSearchMessage, type SearchToHost } from '../../../src/protocol/search';
import { MAX_SEARCH_TEXT, SEARCH_KINDS } from '../../../src/protocol/searchTerms';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const index = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const time = fc.nat({ max: 8_640_000_000_000_000 });

const valid: fc.Arbitrary<SearchToHost> = fc.oneof(
  fc.constantFrom({ type: 'ready' as const }, { type: 'cancel' as const }, { type: 'plan' as const }),
  fc.record({ type: fc.constant('requestRows' as const), requestId: index, offset: index, count: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ type: fc.constantFrom('open' as const, 'trace' as const), key: index }),
  fc.record(
    { type: fc.constant('search' as const), kind: fc.constantFrom(...SEARCH_KINDS), text: fc.string({ maxLength: 200 }), from: time, to: time, sources: fc.array(index, { maxLength: 20 }) },
    { requiredKeys: ['type', 'kind', 'text', 'sources'] },
  ),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Search', 'open ', '', 1, null, ['ready'], { type: 'ready' }, 'requestrows'],
  requestId: [-1, 1.5, '1', null, Number.MAX_SAFE_INTEGER + 2],
  offset: [-1, 0.5, '0', null],
  count: [0, 501, 1.5, '1', null],
  key: [-1, 2.5, '3', null, {}],
  kind: ['sql', '', 1, null, 'Header'],
  text: [1, null, ['a'], 'x'.repeat(MAX_SEARCH_TEXT * 2 + 1)],
  from: [-1, 1.5, '1', null, 8_640_000_000_000_001],
  to: [-1, 1.5, '1', null],
  sources: [[-1], [0.5], ['0'], null, 0, Array.from({ length: MAX_SEARCH_SOURCES + 1 }, () => 0)],
};

function checkAccepted(message: SearchToHost): void {
  assert.doesNotThrow(() => structuredClone(message));
  if (message.type === 'search') {
    assert.ok(SEARCH_KINDS.includes(message.kind) && message.text.length <= MAX_SEARCH_TEXT * 2 && message.sources.length <= MAX_SEARCH_SOURCES);
    assert.ok(message.sources.every((s) => Number.isSafeInteger(s) && s >= 0));
  }
  if (message.type === 'open' || message.type === 'trace') assert.ok(Number.isSafeInteger(message.key) && message.key >= 0);
}

describe('fuzz: search view webview → extension messages', function () {
  this.timeout(180_000);

  it('arbitrary values are rejected with what was wrong, or accepted whole', () => {
    fuzzArbitraryMessages({
      name: 'searchWebviewMessage.arbitrary',
      parse: parseSearchMessage,
      shapes: [fc.oneof(anyValue, anyValue.map((value) => ({ type: 'open', key: value })), anyValue.map((value) => ({ type: 'search', kind: 'text', text: 'a', sources: value })))],
      rejection: /^Rejected webview message( at "[^"]+")?: /,
      accept: checkAccepted,
    });
  });

  it('near-valid messages are rejected, naming the field that is wrong', () => {
    fuzzNearValidMessages('searchWebviewMessage.nearValid', parseSearchMessage, nearMiss(valid, WRONG, ['from', 'to']));
  });

  it('valid messages of every type are accepted', () => {
    const counts = fuzzValidMessages('searchWebviewMessage.valid', parseSearchMessage, valid, checkAccepted);
    assert.deepEqual([...counts.keys()].sort(), ['cancel', 'open', 'plan', 'ready', 'requestRows', 'search', 'trace']);
  });
});
