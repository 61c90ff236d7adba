/**
 * The flow monitor's page messages (ready, addTargets, removeChart, alertWhen) and its saved state are
 * untrusted like every webview's: fuzzed through the parsers the panel and its serializer use — arbitrary
 * values, near misses (one field wrong, missing or extra) and valid messages.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseMonitorMessage, parseMonitorState, type MonitorToHost } from '../../../src/protocol/monitor';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const aChartId = fc.string({ minLength: 1, maxLength: 300 });

const valid: fc.Arbitrary<MonitorToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'addTargets' as const }),
  fc.record({ type: fc.constantFrom('removeChart' as const, 'alertWhen' as const), chartId: aChartId }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'alertwhen', '', 1, null, true, ['ready'], { type: 'ready' }, 'openMonitor'],
  chartId: ['', 1, null, ['a'], 'x'.repeat(2001), {}],
};

function checkAccepted(message: MonitorToHost): void {
  assert.doesNotThrow(() => structuredClone(message));
  if (message.type === 'removeChart' || message.type === 'alertWhen') assert.ok(typeof message.chartId === 'string' && message.chartId.length >= 1 && message.chartId.length <= 2000);
  else assert.deepEqual(Object.keys(message), ['type']);
}

describe('fuzz: flow monitor webview → extension messages', function () {
  this.timeout(180_000);

  it('arbitrary values are rejected with what was wrong, or accepted whole', () => {
    fuzzArbitraryMessages({
      name: 'monitorWebviewMessage.arbitrary',
      parse: parseMonitorMessage,
      shapes: [fc.oneof(anyValue, anyValue.map((value) => ({ type: 'alertWhen', chartId: value })))],
      rejection: /^Rejected webview message( at "[^"]+")?: /,
      accept: checkAccepted,
    });
  });

  it('near-valid messages are rejected, naming the field that is wrong', () => {
    fuzzNearValidMessages('monitorWebviewMessage.nearValid', parseMonitorMessage, nearMiss(valid, WRONG));
  });

  it('valid messages of every type are accepted', () => {
    const counts = fuzzValidMessages('monitorWebviewMessage.valid', parseMonitorMessage, valid, checkAccepted);
    assert.deepEqual([...counts.keys()].sort(), ['addTargets', 'alertWhen', 'ready', 'removeChart']);
  });

  it('a saved state reads back only as targets of the three kinds, bounded; anything else is no state', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const state = parseMonitorState(value);
        if (state === undefined) return;
        assert.ok(state.targets.length <= 500);
        for (const target of state.targets) assert.ok(['source', 'group', 'store'].includes(target.kind) && typeof target.connectionId === 'string');
      }),
    );
    const targets = [{ connectionId: 'k', kind: 'source', name: 'orders' }, { connectionId: 'k', kind: 'group', name: 'billing' }, { connectionId: 'l', kind: 'store' }];
    assert.deepEqual(parseMonitorState({ targets }), { targets });
    assert.equal(parseMonitorState({ targets: [{ connectionId: 'k', kind: 'store', name: 'x' }] }), undefined);
    assert.equal(parseMonitorState({ targets: Array.from({ length: 501 }, () => targets[2]) }), undefined);
  });
});
