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
import { anyValue, fuzzArbitraryMessages, fuzzNearValidMessages, fuzzValidMessages, nearMiss } from '../support/messageFuzz';

const aPath = fc.oneof(fc.constantFrom('/etc/passwd', '../../bus.js', 'C:\\\\bus.js', 'bus.js'), fc.string({ minLength: 1, maxLength: 60 }));

const validMessage: fc.Arbitrary<BusRunToExtension> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'export' as const }),
  fc.constant({ type: 'rerun' as const }),
  fc.record({ type: fc.constant('openLocation' as const), file: aPath, line: fc.integer({ min: 1, max: 1_000_000 }), column: fc.option(fc.nat({ max: 500 }), { nil: undefined }) }, { requiredKeys: ['type', 'file', 'line'] }),
  fc.record({ type: fc.constant('trace' as const), eventId: fc.string({ minLength: 1, maxLength: 200 }) }),
);

const WRONG: Record<string, unknown[]> = {
  type: ['Ready', 'open', '', 1, null, ['export'], { type: 'rerun' }],
  file: ['', 1, null, 'x'.repeat(4097), ['/etc/passwd'], {}],
  line: [0, -1, 1.5, '3', Number.NaN, null, 2 ** 60],
  column: [-1, 0.5, '2', null, Number.POSITIVE_INFINITY, {}],
  eventId: ['', 1, null, 'x'.repeat(16_385), ['e1'], {}],
};

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

  it('arbitrary values: each is rejected with what was wrong, or is one of the five messages', () => {
    fuzzArbitraryMessages({
      name: 'busRunMessage.arbitrary',
      parse: parseBusRunMessage,
      shapes: [anyValue.map((value) => ({ type: 'openLocation', file: value, line: 1 })), anyValue.map((value) => ({ type: 'trace', eventId: value }))],
      rejection: /^Rejected webview message( at "[^"]+")?: Invalid (type|key|value|length|integer): .*[Rr]eceived /,
      accept: (message) => assert.ok(['ready', 'export', 'rerun', 'openLocation', 'trace'].includes(message.type)),
    });
  });

  it('near-valid messages: rejected, and the error names the field that is wrong', () => {
    fuzzNearValidMessages('busRunMessage.nearValid', parseBusRunMessage, nearMiss(validMessage, WRONG, ['column']));
  });

  it('valid messages of every type: accepted, and openLocation only for a file the run names', () => {
    const allowed = runLocations(run);
    let opened = 0;
    const withRunFiles = fc.oneof(validMessage, fc.record({ type: fc.constant('openLocation' as const), file: fc.constantFrom(...allowed), line: fc.integer({ min: 1, max: 80 }) }));
    const counts = fuzzValidMessages('busRunMessage.valid', parseBusRunMessage, withRunFiles, (message) => {
      if (message.type === 'openLocation' && allowed.has(message.file)) opened += 1;
      if (message.type === 'openLocation' && !allowed.has(message.file)) assert.ok(!message.file.startsWith(folder), 'a file of the run was refused');
    });
    assert.equal(counts.size, 5);
    assert.ok(opened > 0);
    assert.deepEqual([...allowed].sort(), [path.join(folder, 'bus.js')]);
    // What the panel posts survives postMessage.
    assert.doesNotThrow(() => structuredClone(busRunView(run, 'the sample flow')));
  });
});
