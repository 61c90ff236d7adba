/**
 * The Kafka message browser's webview is untrusted like every page: each message type is fuzzed through
 * the path its panel takes, `parseBrowserMessage`, then the store's answers (rows, the row or rows a
 * message names) and the browse start and filter a `browse` message becomes, on one store that lives across all
 * cases like an open panel.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
// The Kafka kind describes its sources' positions (what a selection names).
import '../../../src/connectors/kafka/kafkaSource';
import type { FlowEvent } from '../../../src/core/envelope';
import { filterOf, startOf } from '../../../src/panels/messageBrowser/browseSession';
import { BrowseStore } from '../../../src/panels/messageBrowser/browseStore';
import { rangePositions, rowNamed, rowsReply, selectedPositions } from '../../../src/panels/messageBrowser/browserMessages';
import { MAX_ROWS_PER_REQUEST } from '../../../src/protocol/common';
import { MAX_BUS_MESSAGES, MAX_RANGE_ROWS, MAX_REPUBLISH_SELECTED, parseBrowserMessage, SELECTION_RECORDING_TARGETS, SORT_COLUMNS, type BrowserToExtension } from '../../../src/protocol/messageBrowser';
import { figure } from '../support/figures';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const ROWS = 1_000;
const anIndex = fc.oneof(fc.nat({ max: ROWS + 5 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const shortText = fc.string({ maxLength: 30 });

const parameters = fc.record(
  {
    mode: fc.constantFrom('latest' as const, 'offset' as const, 'timestamp' as const, 'beginning' as const, 'tail' as const),
    count: fc.integer({ min: 1, max: 100_000 }),
    offset: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
    timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    partition: fc.nat({ max: 1_000_000 }),
    filter: fc.record({ key: shortText, headerKey: shortText, headerValue: shortText, text: shortText, jsonPath: shortText }, { requiredKeys: [] }),
  },
  { requiredKeys: ['mode', 'filter'] },
);

const aPosition = fc.record({ partition: fc.nat({ max: 5 }), offset: fc.oneof(fc.nat({ max: ROWS + 5 }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n })).map(String) });

const aSelection = fc.oneof(
  fc.record({ positions: fc.array(aPosition, { minLength: 1, maxLength: 20 }) }),
  fc.record({ all: fc.constant(true as const), except: fc.array(aPosition, { maxLength: 20 }) }),
);

const validMessage: fc.Arbitrary<BrowserToExtension> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'stop' as const }),
  fc.record({ type: fc.constant('sort' as const), column: fc.constantFrom(...SORT_COLUMNS), descending: fc.boolean() }),
  fc.record({ type: fc.constant('requestRows' as const), requestId: anIndex, offset: anIndex, count: fc.integer({ min: 1, max: MAX_ROWS_PER_REQUEST }) }),
  fc.record({ type: fc.constant('browse' as const), parameters }),
  fc.record({ type: fc.constantFrom('open' as const, 'reproduce' as const, 'timeline' as const, 'trace' as const), index: anIndex }),
  fc.record({ type: fc.constant('compare' as const), left: anIndex, right: anIndex }),
  fc.record({ type: fc.constant('export' as const), format: fc.constantFrom('ndjson' as const, 'csv' as const) }),
  fc.record({ type: fc.constant('runThroughBus' as const), indices: fc.array(anIndex, { minLength: 1, maxLength: 20 }) }),
  fc.record({ type: fc.constant('selectRange' as const), requestId: anIndex, from: anIndex, to: anIndex }),
  fc.record({ type: fc.constant('republish' as const), selection: aSelection }),
  fc.record({ type: fc.constant('recordSelection' as const), selection: aSelection, to: fc.constantFrom(...SELECTION_RECORDING_TARGETS) }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'open ', '', 1, null, true, ['stop'], { type: 'ready' }],
  requestId: [-1, 1.5, '1', Number.NaN, Number.POSITIVE_INFINITY, null, 2 ** 53, []],
  offset: [-1, 0.5, '0', Number.NaN, null, 2 ** 60, [0]],
  count: [0, MAX_ROWS_PER_REQUEST + 1, 1.5, '10', null, -5, Number.NaN],
  index: [-1, 2.5, '3', Number.NaN, Number.POSITIVE_INFINITY, null, {}, -0.5],
  left: [-1, 2.5, '3', null, Number.NaN],
  right: [-1, 2.5, '3', null, Number.NaN],
  format: ['json', '', 'CSV', null, 0],
  column: ['Timestamp', '', 'time', null, 0, ['key']],
  descending: ['true', 1, 0, null, {}],
  from: [-1, 2.5, '3', null, Number.NaN],
  to: [-1, 2.5, '3', null, Number.NaN],
  selection: [null, 'all', {}, { positions: [] }, { all: false, except: [] }, { positions: [{ partition: 0, offset: '01' }] }, { positions: [{ partition: -1, offset: '0' }] }, { positions: Array.from({ length: MAX_REPUBLISH_SELECTED + 1 }, () => ({ partition: 0, offset: '0' })) }],
  indices: [[], [-1], [1.5], ['1'], null, 'all', 3, Array.from({ length: MAX_BUS_MESSAGES + 1 }, () => 0), {}],
  parameters: [null, 'latest', [], { mode: 'latest' }, { mode: 'sideways', filter: {} }, { mode: 'offset', offset: '-1', filter: {} }, { mode: 'latest', count: 0, filter: {} }, { mode: 'tail', filter: { key: 'x'.repeat(2001) } }],
};

function filledStore(): BrowseStore {
  const store = new BrowseStore(ROWS);
  const events: FlowEvent[] = Array.from({ length: ROWS }, (_, i) => ({
    id: `e${i}`,
    type: 'OrderCreated',
    timestamp: new Date(1_700_000_000_000 + i).toISOString(),
    data: { orderId: `Order-${i}`, total: i },
    metadata: { headers: [{ key: 'event-type', value: 'OrderCreated' }] },
    source: { system: 'kafka', topic: 'fuzz', partition: i % 3, offset: String(i), key: `Order-${i}` },
  }));
  store.add(events);
  return store;
}

/** What the panel does with a parsed message, short of the editor: the rows, the row named, the browse it would start. */
function answer(store: BrowseStore, message: BrowserToExtension): void {
  const named = (index: number) => {
    try {
      const row = rowNamed(store, index);
      // `===`, not Object.is: a message naming row -0 names row 0.
      assert.ok(row.index === index, `row ${index} answered with row ${row.index}`);
    } catch (error) {
      if (!(error instanceof RangeError && /^Row \d+ is not kept/.test(error.message))) throw error;
    }
  };
  switch (message.type) {
    case 'requestRows': {
      const reply = rowsReply(store, message);
      assert.doesNotThrow(() => structuredClone(reply));
      assert.equal(reply.requestId, message.requestId);
      assert.equal(reply.rows.length, Math.max(0, Math.min(message.count, store.size - message.offset)));
      return;
    }
    case 'browse':
      startOf(message.parameters);
      filterOf(message.parameters);
      return;
    case 'open':
    case 'reproduce':
    case 'timeline':
    case 'trace':
      named(message.index);
      return;
    case 'compare':
      named(message.left);
      named(message.right);
      return;
    case 'runThroughBus':
      assert.ok(message.indices.length >= 1 && message.indices.length <= MAX_BUS_MESSAGES);
      for (const index of message.indices) named(index);
      return;
    case 'selectRange': {
      const reply = rangePositions(store, message);
      assert.equal(reply.requestId, message.requestId);
      const first = Math.min(message.from, message.to);
      assert.equal(reply.positions.length, Math.max(0, Math.min(MAX_RANGE_ROWS, Math.max(message.from, message.to) - first + 1, store.size - first)));
      return;
    }
    case 'republish':
    case 'recordSelection': {
      const positions = selectedPositions(store, message.selection);
      assert.equal(new Set(positions.map((p) => `${p.partition}:${p.offset}`)).size, positions.length, 'each position once');
      if ('positions' in message.selection) assert.ok(positions.length >= 1 && positions.length <= message.selection.positions.length);
      else assert.ok(positions.length >= store.size - message.selection.except.length);
      return;
    }
    default:
      return;
  }
}

describe('fuzz: message browser webview → extension messages', function () {
  this.timeout(180_000);
  const store = filledStore();

  it('arbitrary values: each is rejected with what was wrong, or answered', () => {
    fuzzArbitraryMessages({
      name: 'browserMessage.arbitrary',
      parse: parseBrowserMessage,
      shapes: [anyValue.map((value) => ({ type: 'open', index: value })), anyValue.map((value) => ({ type: 'browse', parameters: value })), anyValue.map((value) => ({ type: 'runThroughBus', indices: value }))],
      rejection: /^Rejected webview message( at "[^"]+")?: Invalid (type|key|value|length|integer|format): .*[Rr]eceived /,
      accept: (message) => answer(store, message),
    });
  });

  it('near-valid messages: rejected, and the error names the field that is wrong', () => {
    fuzzNearValidMessages('browserMessage.nearValid', parseBrowserMessage, nearMiss(validMessage, WRONG));
  });

  it('valid messages of every type: answered by a long-lived store, or refused with the reason', () => {
    const counts = fuzzValidMessages('browserMessage.valid', parseBrowserMessage, validMessage, (message) => answer(store, message));
    figure('browserMessage.types', counts.size);
    assert.equal(counts.size, 15, `message types seen: ${[...counts.keys()].join(', ')}`);
  });
});
