/**
 * The statistics view's page messages (ready, showType, openExample, export) are untrusted like every
 * webview's: fuzzed through the parser the panel uses — arbitrary values, near misses (one field wrong,
 * missing or extra) and valid messages.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { EXAMPLE_KINDS, parseStatisticsMessage, STATISTICS_FORMATS, type StatisticsToHost } from '../../../src/protocol/statistics';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const index = fc.nat({ max: Number.MAX_SAFE_INTEGER });

const valid: fc.Arbitrary<StatisticsToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('showType' as const), typeIndex: index }),
  fc.record({ type: fc.constant('openExample' as const), typeIndex: index, variantIndex: index, which: fc.constantFrom(...EXAMPLE_KINDS) }),
  fc.record({ type: fc.constant('export' as const), format: fc.constantFrom(...STATISTICS_FORMATS) }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Export', 'open', '', 1, null, ['ready'], { type: 'ready' }, 'showtype'],
  typeIndex: [-1, 1.5, '1', null, Number.MAX_SAFE_INTEGER + 2, {}],
  variantIndex: [-1, 0.5, '0', null, []],
  which: ['first', '', 1, null, 'Example'],
  format: ['xlsx', 'CSV', '', 1, null, ['csv']],
};

function checkAccepted(message: StatisticsToHost): void {
  assert.doesNotThrow(() => structuredClone(message));
  if (message.type === 'showType' || message.type === 'openExample') assert.ok(Number.isSafeInteger(message.typeIndex) && message.typeIndex >= 0);
  if (message.type === 'openExample') assert.ok(Number.isSafeInteger(message.variantIndex) && message.variantIndex >= 0 && EXAMPLE_KINDS.includes(message.which));
  if (message.type === 'export') assert.ok(STATISTICS_FORMATS.includes(message.format));
}

describe('fuzz: statistics view webview → extension messages', function () {
  this.timeout(180_000);

  it('arbitrary values are rejected with what was wrong, or accepted whole', () => {
    fuzzArbitraryMessages({
      name: 'statisticsWebviewMessage.arbitrary',
      parse: parseStatisticsMessage,
      shapes: [fc.oneof(anyValue, anyValue.map((value) => ({ type: 'showType', typeIndex: value })), anyValue.map((value) => ({ type: 'openExample', typeIndex: 0, variantIndex: value, which: 'example' })))],
      rejection: /^Rejected webview message( at "[^"]+")?: /,
      accept: checkAccepted,
    });
  });

  it('near-valid messages are rejected, naming the field that is wrong', () => {
    fuzzNearValidMessages('statisticsWebviewMessage.nearValid', parseStatisticsMessage, nearMiss(valid, WRONG));
  });

  it('valid messages of every type are accepted', () => {
    const counts = fuzzValidMessages('statisticsWebviewMessage.valid', parseStatisticsMessage, valid, checkAccepted);
    assert.deepEqual([...counts.keys()].sort(), ['export', 'openExample', 'ready', 'showType']);
  });
});
