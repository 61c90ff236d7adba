/**
 * The bus-run webview's messages are untrusted like the timeline's: every type is fuzzed through
 * `parseBusRunMessage`, and `openLocation` further through the rule the panel applies (only a file the
 * run names may open), over a real run of the starter bus in the sandbox.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { sampleFlowEvents } from '../../../src/core/samples';
import { busRunView, runLocations } from '../../../src/panels/busRun/busRunView';
import { parseBusRunMessage, type BusRunToExtension } from '../../../src/protocol/busRun';
import type { BusRun } from '../../../src/sandbox/bus/busTypes';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { fuzz, FUZZ_CASES } from '../support/fuzz';

const aPath = fc.oneof(fc.constantFrom('/etc/passwd', '../../bus.js', 'C:\\\\bus.js', 'bus.js'), fc.string({ minLength: 1, maxLength: 60 }));

const validMessage: fc.Arbitrary<BusRunToExtension> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'export' as const }),
  fc.constant({ type: 'rerun' as const }),
  fc.record({ type: fc.constant('openLocation' as const), file: aPath, line: fc.integer({ min: 1, max: 1_000_000 }), column: fc.option(fc.nat({ max: 500 }), { nil: undefined }) }, { requiredKeys: ['type', 'file', 'line'] }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'open', '', 1, null, ['export'], { type: 'rerun' }],
  file: ['', 1, null, 'x'.repeat(4097), ['/etc/passwd'], {}],
  line: [0, -1, 1.5, '3', Number.NaN, null, 2 ** 60],
  column: [-1, 0.5, '2', null, Number.POSITIVE_INFINITY, {}],
};

const anything = fc.anything({ maxDepth: 3, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withNullPrototype: true, withSet: true, withSparseArray: true, withTypedArray: true });

describe('fuzz: bus-run webview → extension messages', function () {
  this.timeout(180_000);
  let run: BusRun;
  let folder: string;
  const sandbox = new ReducerSandbox();

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-bus-fuzz-'));
    const file = path.join(folder, 'bus.js');
    fs.writeFileSync(file, STARTER_BUS_JS);
    run = await sandbox.runBus(file, sampleFlowEvents());
    assert.ok(run.deadLetters.length > 0, 'the starter bus should dead-letter an event');
  });

  after(async () => {
    await sandbox.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('arbitrary values: each is rejected with what was wrong, or is one of the four messages', () => {
    let rejected = 0;
    fuzz('busRunMessage.arbitrary', fc.oneof(anything, anything.map((value) => ({ type: 'openLocation', file: value, line: 1 }))), (raw) => {
      const parsed = parseBusRunMessage(raw);
      if (!parsed.ok) {
        rejected += 1;
        assert.match(parsed.error, /^Rejected webview message( at "[^"]+")?: Invalid (type|key|value|length|integer): .*[Rr]eceived /);
        return;
      }
      assert.ok(['ready', 'export', 'rerun', 'openLocation'].includes(parsed.message.type));
    });
    assert.ok(rejected > FUZZ_CASES / 2, `only ${rejected} rejected`);
  });

  it('near-valid messages: rejected, and the error names the field that is wrong', () => {
    const nearMiss = fc
      .tuple(validMessage, fc.nat(), fc.nat(), fc.constantFrom('wrong', 'missing', 'extra'), fc.string({ minLength: 1, maxLength: 12 }), fc.anything({ maxDepth: 1 }))
      .filter(([message, , , kind]) => kind !== 'missing' || Object.keys(message).some((key) => key !== 'type' && key !== 'column'))
      .map(([valid, pick, which, kind, extraKey, extraValue]) => {
        const message: Record<string, unknown> = { ...valid };
        if (message.column === undefined) delete message.column;
        const keys = Object.keys(message).filter((key) => kind !== 'missing' || (key !== 'type' && key !== 'column'));
        const field = keys[pick % keys.length];
        if (kind === 'wrong') {
          message[field] = WRONG[field][which % WRONG[field].length];
        } else if (kind === 'missing') {
          delete message[field];
        } else {
          const key = Object.keys(WRONG).includes(extraKey) || extraKey === '__proto__' ? `x${extraKey}` : extraKey;
          Object.defineProperty(message, key, { value: extraValue, enumerable: true, writable: true, configurable: true });
          return { message, field: key };
        }
        return { message, field };
      });
    fuzz('busRunMessage.nearValid', nearMiss, ({ message, field }) => {
      const parsed = parseBusRunMessage(message);
      assert.ok(!parsed.ok, `accepted ${JSON.stringify(message)}`);
      assert.ok(parsed.error.includes(`at "${field}`), `"${parsed.error}" does not name "${field}"`);
    });
  });

  it('valid messages of every type: accepted, and openLocation only for a file the run names', () => {
    const allowed = runLocations(run);
    const counts = new Map<string, number>();
    let opened = 0;
    const withRunFiles = fc.oneof(validMessage, fc.record({ type: fc.constant('openLocation' as const), file: fc.constantFrom(...allowed), line: fc.integer({ min: 1, max: 80 }) }));
    fuzz('busRunMessage.valid', withRunFiles, (message) => {
      counts.set(message.type, (counts.get(message.type) ?? 0) + 1);
      const parsed = parseBusRunMessage(message);
      assert.ok(parsed.ok, `rejected a valid message: ${parsed.ok ? '' : parsed.error}`);
      if (parsed.message.type === 'openLocation' && allowed.has(parsed.message.file)) opened += 1;
      if (parsed.message.type === 'openLocation' && !allowed.has(parsed.message.file)) assert.ok(!parsed.message.file.startsWith(folder), 'a file of the run was refused');
    });
    assert.equal(counts.size, 4);
    assert.ok(opened > 0);
    assert.deepEqual([...allowed].sort(), [path.join(folder, 'bus.js')]);
    // What the panel posts survives postMessage.
    assert.doesNotThrow(() => structuredClone(busRunView(run, 'the sample flow')));
  });
});
