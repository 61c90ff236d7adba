/**
 * The RabbitMQ webviews' messages (topology: ready, refresh, reveal, openNode; peek: ready, refresh, open, trace, runThroughBus,
 * planRedrive, redrive, recordSelection)
 * are untrusted like the timeline's: every type is fuzzed through the parser the panels use, arbitrary
 * values, near misses (one field wrong, missing or extra) and valid messages.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { MAX_BUS_MESSAGES, MAX_RECORDED_POSITIONS, MAX_REDRIVE_POSITIONS, parsePeekMessage, type PeekRedriveDestination, type PeekToHost } from '../../../src/protocol/rabbitmq/peek';
import { parseTopologyMessage, type TopologyToHost } from '../../../src/protocol/topology';
import { SELECTION_RECORDING_TARGETS, type ParsedMessage } from '../../../src/protocol/common';
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const anIndex = fc.oneof(fc.nat({ max: 100 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

const validTopology: fc.Arbitrary<TopologyToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'refresh' as const }),
  fc.record({ type: fc.constantFrom('reveal' as const, 'openNode' as const), nodeId: fc.tuple(fc.constantFrom('exchange:', 'queue:'), fc.string({ maxLength: 100 })).map(([kind, name]) => `${kind}${name}`) }),
);

const aDestination: fc.Arbitrary<PeekRedriveDestination> = fc.oneof(
  fc.constant({ to: 'origin-queue' as const }),
  fc.constant({ to: 'origin-exchange' as const }),
  fc.record({ to: fc.constant('exchange' as const), exchange: fc.string({ minLength: 1, maxLength: 255 }) }),
);

const validPeek: fc.Arbitrary<PeekToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'refresh' as const }),
  fc.record({ type: fc.constantFrom('open' as const, 'trace' as const), position: anIndex }),
  fc.record({ type: fc.constant('runThroughBus' as const), positions: fc.array(anIndex, { minLength: 1, maxLength: 50 }) }),
  fc.record({ type: fc.constantFrom('planRedrive' as const, 'redrive' as const), positions: fc.oneof(fc.constant('all' as const), fc.array(anIndex, { minLength: 1, maxLength: 50 })), destination: aDestination }),
  fc.record({ type: fc.constant('recordSelection' as const), positions: fc.array(anIndex, { minLength: 1, maxLength: 50 }), to: fc.constantFrom(...SELECTION_RECORDING_TARGETS) }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'reveal ', '', 1, null, true, ['ready'], { type: 'ready' }, 'select'],
  nodeId: ['', 1, null, ['queue:a'], `queue:${'x'.repeat(600)}`, {}],
  position: [-1, 1.5, '0', Number.NaN, Number.POSITIVE_INFINITY, null, 2 ** 53, []],
  positions: ['some', [], [-1], [1.5], ['1'], null, Array.from({ length: MAX_REDRIVE_POSITIONS + 1 }, () => 0), {}, 'ALL'],
  to: ['File', 'disk', '', null, 0, ['file'], { to: 'file' }],
  destination: [null, 'origin-queue', {}, { to: 'queue' }, { to: 'exchange' }, { to: 'exchange', exchange: '' }, { to: 'exchange', exchange: 'x'.repeat(256) }, { to: 'origin-queue', exchange: 'x' }, []],
};

/** What a panel relies on after parsing: the fields of its type, of the right kind, and nothing else. */
function checkAccepted(message: TopologyToHost | PeekToHost): void {
  assert.doesNotThrow(() => structuredClone(message));
  switch (message.type) {
    case 'reveal':
    case 'openNode':
      assert.equal(typeof message.nodeId, 'string');
      assert.ok(message.nodeId.length >= 1 && message.nodeId.length <= 600);
      return;
    case 'open':
    case 'trace':
      assert.ok(Number.isSafeInteger(message.position) && message.position >= 0);
      return;
    case 'runThroughBus':
      assert.ok(message.positions.length >= 1 && message.positions.length <= MAX_BUS_MESSAGES && message.positions.every((p) => Number.isSafeInteger(p) && p >= 0));
      return;
    case 'planRedrive':
    case 'redrive':
      assert.ok(message.destination.to !== 'exchange' || (message.destination.exchange.length >= 1 && message.destination.exchange.length <= 255));
      assert.ok(message.positions === 'all' || (message.positions.length >= 1 && message.positions.length <= MAX_REDRIVE_POSITIONS && message.positions.every((p) => Number.isSafeInteger(p) && p >= 0)));
      return;
    case 'recordSelection':
      assert.ok((SELECTION_RECORDING_TARGETS as readonly string[]).includes(message.to));
      assert.ok(message.positions.length >= 1 && message.positions.length <= MAX_RECORDED_POSITIONS && message.positions.every((p) => Number.isSafeInteger(p) && p >= 0));
      return;
    default:
      assert.deepEqual(Object.keys(message), ['type']);
  }
}

const apps: [string, (raw: unknown) => ParsedMessage<TopologyToHost | PeekToHost>, fc.Arbitrary<TopologyToHost | PeekToHost>, string[]][] = [
  ['topology', parseTopologyMessage, validTopology, ['ready', 'refresh', 'reveal', 'openNode']],
  ['peek', parsePeekMessage, validPeek, ['ready', 'refresh', 'open', 'trace', 'runThroughBus', 'planRedrive', 'redrive', 'recordSelection']],
];

describe('fuzz: RabbitMQ webview → extension messages', function () {
  this.timeout(180_000);

  for (const [app, parse, valid, types] of apps) {
    it(`${app}: arbitrary values are rejected with what was wrong, or accepted whole`, () => {
      fuzzArbitraryMessages({
        name: `${app}WebviewMessage.arbitrary`,
        parse,
        shapes: [fc.oneof(anyValue, anyValue.map((value) => ({ type: types[types.length - 1], [app === 'peek' ? 'positions' : 'nodeId']: value })))],
        rejection: /^Rejected webview message( at "[^"]+")?: /,
        accept: checkAccepted,
      });
    });

    it(`${app}: near-valid messages are rejected, naming the field that is wrong`, () => {
      fuzzNearValidMessages(`${app}WebviewMessage.nearValid`, parse, nearMiss(valid, WRONG));
    });

    it(`${app}: valid messages of every type are accepted`, () => {
      const counts = fuzzValidMessages(`${app}WebviewMessage.valid`, parse, valid, checkAccepted);
      assert.deepEqual([...counts.keys()].sort(), [...types].sort());
    });
  }
});
