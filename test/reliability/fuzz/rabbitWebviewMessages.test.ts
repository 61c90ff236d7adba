/**
 * The RabbitMQ webviews' messages (topology: ready, refresh, reveal; peek: ready, refresh, open, runThroughBus,
 * planRedrive, redrive)
 * are untrusted like the timeline's: every type is fuzzed through the parser the panels use, arbitrary
 * values, near misses (one field wrong, missing or extra) and valid messages.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { MAX_BUS_MESSAGES, MAX_REDRIVE_POSITIONS, parsePeekMessage, type PeekRedriveDestination, type PeekToHost } from '../../../src/protocol/peek';
import { parseTopologyMessage, type TopologyToHost } from '../../../src/protocol/topology';
import type { ParsedMessage } from '../../../src/protocol/common';
import { FUZZ_CASES, fuzz } from '../support/fuzz';

const anIndex = fc.oneof(fc.nat({ max: 100 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

const validTopology: fc.Arbitrary<TopologyToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'refresh' as const }),
  fc.record({ type: fc.constant('reveal' as const), nodeId: fc.tuple(fc.constantFrom('exchange:', 'queue:'), fc.string({ maxLength: 100 })).map(([kind, name]) => `${kind}${name}`) }),
);

const aDestination: fc.Arbitrary<PeekRedriveDestination> = fc.oneof(
  fc.constant({ to: 'origin-queue' as const }),
  fc.constant({ to: 'origin-exchange' as const }),
  fc.record({ to: fc.constant('exchange' as const), exchange: fc.string({ minLength: 1, maxLength: 255 }) }),
);

const validPeek: fc.Arbitrary<PeekToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'refresh' as const }),
  fc.record({ type: fc.constant('open' as const), position: anIndex }),
  fc.record({ type: fc.constant('runThroughBus' as const), positions: fc.array(anIndex, { minLength: 1, maxLength: 50 }) }),
  fc.record({ type: fc.constantFrom('planRedrive' as const, 'redrive' as const), positions: fc.oneof(fc.constant('all' as const), fc.array(anIndex, { minLength: 1, maxLength: 50 })), destination: aDestination }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'reveal ', '', 1, null, true, ['ready'], { type: 'ready' }, 'select'],
  nodeId: ['binding:x', '', 'exchange', 1, null, ['queue:a'], `queue:${'x'.repeat(600)}`, {}],
  position: [-1, 1.5, '0', Number.NaN, Number.POSITIVE_INFINITY, null, 2 ** 53, []],
  positions: ['some', [], [-1], [1.5], ['1'], null, Array.from({ length: MAX_REDRIVE_POSITIONS + 1 }, () => 0), {}, 'ALL'],
  destination: [null, 'origin-queue', {}, { to: 'queue' }, { to: 'exchange' }, { to: 'exchange', exchange: '' }, { to: 'exchange', exchange: 'x'.repeat(256) }, { to: 'origin-queue', exchange: 'x' }, []],
};

interface NearMiss {
  message: Record<string, unknown>;
  field: string;
}

function nearMiss<T extends object>(valid: fc.Arbitrary<T>): fc.Arbitrary<NearMiss> {
  return fc
    .tuple(valid, fc.nat(), fc.nat(), fc.constantFrom('wrong', 'missing', 'extra'), fc.string({ minLength: 1, maxLength: 12 }), fc.anything({ maxDepth: 1 }))
    .filter(([message, , , kind]) => kind !== 'missing' || Object.keys(message).length > 1)
    .map(([valid, pick, which, kind, extraKey, extraValue]) => {
      const message: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
      const keys = Object.keys(message).filter((key) => kind !== 'missing' || key !== 'type');
      const field = keys[pick % keys.length];
      if (kind === 'wrong') {
        const wrong = WRONG[field];
        message[field] = wrong[which % wrong.length];
        return { message, field };
      }
      if (kind === 'missing') {
        delete message[field];
        return { message, field };
      }
      const key = Object.keys(WRONG).includes(extraKey) || extraKey === '__proto__' ? `x${extraKey}` : extraKey;
      Object.defineProperty(message, key, { value: extraValue, enumerable: true, writable: true, configurable: true });
      return { message, field: key };
    });
}

const anything = fc.anything({ maxDepth: 3, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withNullPrototype: true, withSet: true, withSparseArray: true, withTypedArray: true });

/** What a panel relies on after parsing: the fields of its type, of the right kind, and nothing else. */
function checkAccepted(message: TopologyToHost | PeekToHost): void {
  assert.doesNotThrow(() => structuredClone(message));
  switch (message.type) {
    case 'reveal':
      assert.match(message.nodeId, /^(exchange|queue):/);
      assert.ok(message.nodeId.length <= 600);
      return;
    case 'open':
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
    default:
      assert.deepEqual(Object.keys(message), ['type']);
  }
}

const apps: [string, (raw: unknown) => ParsedMessage<TopologyToHost | PeekToHost>, fc.Arbitrary<TopologyToHost | PeekToHost>, string[]][] = [
  ['topology', parseTopologyMessage, validTopology, ['ready', 'refresh', 'reveal']],
  ['peek', parsePeekMessage, validPeek, ['ready', 'refresh', 'open', 'runThroughBus', 'planRedrive', 'redrive']],
];

describe('fuzz: RabbitMQ webview → extension messages', function () {
  this.timeout(180_000);

  for (const [app, parse, valid, types] of apps) {
    it(`${app}: arbitrary values are rejected with what was wrong, or accepted whole`, () => {
      let rejected = 0;
      const tagged = fc.oneof(anything, anything.map((value) => ({ type: types[types.length - 1], [app === 'peek' ? 'positions' : 'nodeId']: value })));
      fuzz(`${app}WebviewMessage.arbitrary`, fc.oneof(anything, tagged), (raw) => {
        const parsed = parse(raw);
        if (!parsed.ok) {
          rejected += 1;
          assert.match(parsed.error, /^Rejected webview message( at "[^"]+")?: /);
          return;
        }
        checkAccepted(parsed.message);
      });
      assert.ok(rejected > FUZZ_CASES / 2, `only ${rejected} rejected`);
    });

    it(`${app}: near-valid messages are rejected, naming the field that is wrong`, () => {
      fuzz(`${app}WebviewMessage.nearValid`, nearMiss(valid), ({ message, field }) => {
        const parsed = parse(message);
        assert.ok(!parsed.ok, `accepted ${JSON.stringify(message)}`);
        assert.ok(parsed.error.includes(`at "${field}`), `"${parsed.error}" does not name "${field}"`);
      });
    });

    it(`${app}: valid messages of every type are accepted`, () => {
      const seen = new Set<string>();
      fuzz(`${app}WebviewMessage.valid`, valid, (message) => {
        seen.add(message.type);
        const parsed = parse(message);
        assert.ok(parsed.ok, `rejected a valid message: ${parsed.ok ? '' : parsed.error}`);
        checkAccepted(parsed.message);
      });
      assert.deepEqual([...seen].sort(), [...types].sort());
    });
  }
});
