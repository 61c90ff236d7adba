/**
 * Everything the webview posts is untrusted (a compromised or buggy page can send anything). Every message
 * type is fuzzed through the path the panel uses: `parseWebviewMessage`, then `answerTimelineRequest` on a
 * real TimelineSession that lives across all cases, like a panel that stays open.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { genericReducer } from '../../../src/core/reducers';
import { answerTimelineRequest, isSessionRequest } from '../../../src/panels/timeline/timelineMessages';
import { MAX_COMPARED_CHANGES, TimelineSession } from '../../../src/panels/timeline/timelineSession';
import { MAX_BREAKPOINT_LENGTH, MAX_ROWS_PER_REQUEST } from '../../../src/protocol/common';
import { parseWebviewMessage, TIMELINE_TOOLS, type ExtensionToWebview, type WebviewToExtension } from '../../../src/protocol/timeline';
import { generatedStream } from '../../unit/panels/timelineEvents';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const STREAM_LENGTH = 1_000;
const EVENT_TYPES = ['CounterOpened', 'CounterIncremented', 'LabelChanged'];

const anIndex = fc.oneof(fc.nat({ max: STREAM_LENGTH + 5 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

const validMessage: fc.Arbitrary<WebviewToExtension> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('requestRows' as const), requestId: anIndex, offset: anIndex, count: fc.integer({ min: 1, max: MAX_ROWS_PER_REQUEST }) }),
  fc.record({ type: fc.constant('select' as const), index: anIndex }),
  fc.record({ type: fc.constant('step' as const), to: fc.constantFrom('first' as const, 'previous' as const, 'next' as const, 'last' as const) }),
  fc.record({ type: fc.constant('setFilter' as const), types: fc.array(fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.string({ maxLength: 20 })), { maxLength: 4 }) }),
  fc.record({ type: fc.constant('export' as const), what: fc.constantFrom('stream' as const, 'state' as const) }),
  fc.record({ type: fc.constant('compare' as const), a: anIndex, b: anIndex }),
  fc.record({ type: fc.constant('setBreakpoint' as const), expression: fc.oneof(fc.constantFrom('state.total < 0', 'event.type === "X"', ''), fc.string({ maxLength: 40 })) }),
  fc.constant({ type: 'playStep' as const }),
  fc.constant({ type: 'copyLink' as const }),
  fc.constant({ type: 'traceFlow' as const }),
  fc.record({ type: fc.constant('goToCode' as const), eventType: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.string({ minLength: 1, maxLength: 20 })) }),
  fc.record({ type: fc.constant('tool' as const), tool: fc.constantFrom(...TIMELINE_TOOLS), from: anIndex, to: anIndex }),
  fc.record(
    { type: fc.constant('openLocation' as const), file: fc.oneof(fc.constant('/w/.eventflow/reducers/order.js'), fc.string({ minLength: 1, maxLength: 40 })), line: fc.integer({ min: 1, max: 10_000 }), column: fc.integer({ min: 1, max: 500 }) },
    { requiredKeys: ['type', 'file', 'line'] },
  ),
);

/** Values that are wrong for each field, whatever else the message holds. */
const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'select ', '', 1, null, true, ['ready'], { type: 'ready' }],
  requestId: [-1, 1.5, '1', Number.NaN, Number.POSITIVE_INFINITY, null, true, 2 ** 53, [], {}],
  offset: [-1, 0.5, '0', Number.NaN, Number.NEGATIVE_INFINITY, null, false, 2 ** 60, [0]],
  index: [-1, 2.5, '3', Number.NaN, Number.POSITIVE_INFINITY, null, {}, 2 ** 53 + 2, -0.5],
  count: [0, MAX_ROWS_PER_REQUEST + 1, 1.5, '10', null, -5, Number.NaN, 1e9],
  to: ['middle', '', 'First', 1, null, ['next']],
  types: ['CounterOpened', [1], [null], ['x'.repeat(501)], Array.from({ length: 1001 }, () => 'a'), null, {}, [['a']]],
  what: ['all', '', 'Stream', null, 0],
  a: [-1, 2.5, '3', Number.NaN, null, {}, 2 ** 53 + 2],
  b: [-1, 0.5, '0', Number.POSITIVE_INFINITY, null, [], true],
  expression: [1, null, 'x'.repeat(MAX_BREAKPOINT_LENGTH + 1), [], {}, false],
  eventType: ['', 1, null, 'x'.repeat(501), ['OrderPaid'], {}],
  tool: ['none', '', 'WhatIf', 1, null, ['whatIf']],
  from: [-1, 1.5, '1', Number.NaN, null, 2 ** 60],
  file: ['', 1, null, 'x'.repeat(4097), ['a.js'], {}],
  line: [0, -1, 1.5, '2', null, Number.NaN, 1e8],
  column: [0, -3, 2.5, '1', null, Number.POSITIVE_INFINITY],
  // A field whose name another message uses differently: keyed by the message type too.
  'tool.to': [-2, 0.25, '9', Number.NEGATIVE_INFINITY, undefined, {}],
};

function newSession(): TimelineSession {
  return new TimelineSession({ storeLabel: 'fuzz', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(STREAM_LENGTH), reducer: genericReducer });
}

/** What the panel does with a parsed message; `export` needs a save dialog and is answered by the panel. */
function answer(session: TimelineSession, message: WebviewToExtension): ExtensionToWebview[] {
  if (message.type === 'export') return [{ type: 'notice', message: session.exportStream().length > 0 ? 'exported' : 'empty' }];
  // playStep is a step forward plus the sandbox's breakpoint check (the panel's part, tested in the extension host).
  if (message.type === 'playStep') return answerTimelineRequest(session, { type: 'step', to: 'next' });
  if (!isSessionRequest(message)) return [{ type: 'notice', message: `${message.type}: the panel's` }];
  return answerTimelineRequest(session, message);
}

/** The replies must make sense for the request and survive postMessage (structured clone). */
function checkReplies(session: TimelineSession, message: WebviewToExtension, replies: ExtensionToWebview[]): void {
  assert.doesNotThrow(() => structuredClone(replies), 'a reply cannot be posted');
  if (message.type === 'requestRows') {
    const [reply] = replies;
    assert.ok(reply?.type === 'rows');
    assert.equal(reply.requestId, message.requestId);
    assert.ok(reply.rows.length <= Math.min(message.count, MAX_ROWS_PER_REQUEST));
    assert.equal(reply.rows.length, Math.max(0, Math.min(message.count, session.viewLength - message.offset)));
    for (const row of reply.rows) assert.ok(row.index >= 0 && row.index < STREAM_LENGTH);
  }
  if (message.type === 'select') {
    const [reply] = replies;
    assert.ok(reply?.type === 'selected' && reply.detail.index === message.index);
  }
  if ((message.type === 'step' || message.type === 'playStep') && session.viewLength > 0) assert.ok(replies[0]?.type === 'selected');
  if (message.type === 'compare') {
    const [reply] = replies;
    assert.ok(reply?.type === 'comparison' && reply.comparison.a.index === message.a && reply.comparison.b.index === message.b);
    assert.ok(reply.comparison.changes.length <= MAX_COMPARED_CHANGES);
    if (message.a === message.b) assert.deepEqual(reply.comparison.changes, []);
  }
}

/** A request the schema allows but the stream cannot serve must fail with a message saying why. */
function isExplainedRefusal(message: WebviewToExtension, error: unknown): boolean {
  return (message.type === 'select' || message.type === 'compare') && error instanceof RangeError && /There is no event #\d+: the stream has \d+ events/.test(error.message);
}

describe('fuzz: webview → extension messages', function () {
  this.timeout(180_000);

  it('arbitrary values: each is rejected with what was wrong, or answered', () => {
    const session = newSession();
    fuzzArbitraryMessages({
      name: 'webviewMessage.arbitrary',
      parse: parseWebviewMessage,
      shapes: [anyValue.map((value) => ({ type: 'select', index: value }))],
      rejection: /^Rejected webview message( at "[^"]+")?: Invalid (type|key|value|length|integer): .*[Rr]eceived /,
      accept: (message) => {
        try {
          checkReplies(session, message, answer(session, message));
        } catch (error) {
          if (!isExplainedRefusal(message, error)) throw error;
        }
      },
    });
  });

  it('near-valid messages: rejected, and the error names the field that is wrong', () => {
    fuzzNearValidMessages('webviewMessage.nearValid', parseWebviewMessage, nearMiss(validMessage, WRONG, ['column']));
  });

  it('valid messages of every type: answered by a long-lived session, or refused with the reason', () => {
    const session = newSession();
    let refused = 0;
    const counts = fuzzValidMessages('webviewMessage.valid', parseWebviewMessage, validMessage, (message) => {
      try {
        checkReplies(session, message, answer(session, message));
      } catch (error) {
        if (!isExplainedRefusal(message, error)) throw error;
        refused += 1;
      }
    });
    assert.equal(counts.size, 14, `message types seen: ${[...counts.keys()].join(', ')}`);
    assert.ok(refused > 0, 'no out-of-range select was tried');
  });
});
