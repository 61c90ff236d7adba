/**
 * Data is never code: a generated test takes ids, types and payloads as escaped literals. With hostile ids
 * (newlines, U+2028/2029, comment ends, backticks, `${`, quotes, NUL, Python triple quotes), every generated
 * program still parses and, run up to its tests, holds exactly the values it was given and does nothing else.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import * as vm from 'node:vm';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import type { FlowEvent } from '../../../src/core/envelope';
import { generateGivenWhenThenTest, type TestFlavour } from '../../../src/sandbox/testGeneration';

const PIECES = ['\n', '\r', '\u2028', '\u2029', '*/', '/*', '`', '${', '"', "'", '\\', '\0', '#', '"""', "'''", '});', ')', '\\u2028', 'process.exit(7)', 'é', ' ', 'Order'];
const hostile = fc.oneof(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')), fc.string({ minLength: 1, unit: 'binary' }));

interface Case {
  aggregateId: string;
  aggregateType: string;
  eventId: string;
  value: string;
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({ aggregateId: hostile, aggregateType: hostile, eventId: hostile, value: hostile });

function spec(c: Case, flavour: TestFlavour, testFile: string): Parameters<typeof generateGivenWhenThenTest>[0] {
  const event: FlowEvent = { id: c.eventId, type: c.aggregateType, timestamp: '2026-01-05T09:00:00.000Z', data: { [c.value]: c.value }, aggregateId: c.aggregateId, version: 1, metadata: { correlationId: c.value }, source: { system: 'local', file: 'events.ndjson', line: 1 } };
  return { reducerFile: path.join(path.dirname(testFile), 'reducer.js'), testFile, aggregateType: c.aggregateType, aggregateId: c.aggregateId, given: [event], when: [event], then: { [c.value]: c.aggregateId }, flavour };
}

/** Runs a generated JavaScript test's top level with a recording describe: no test body runs. */
function describedName(program: string, aggregateType: string): string {
  const names: string[] = [];
  const fakeRequire = (id: string): unknown => {
    if (id === 'node:test') return { describe: (name: string) => names.push(name), it: () => undefined };
    if (id === 'node:assert/strict') return assert;
    if (id === 'node:path') return path;
    if (id === 'node:url') return url;
    return { [aggregateType]: { apply: () => undefined } };
  };
  vm.runInNewContext(program, { require: fakeRequire, __dirname: '/w/test', exports: {}, structuredClone }, { timeout: 1000 });
  assert.equal(names.length, 1, 'the program described exactly one suite');
  return names[0];
}

describe('sandbox: generated tests take hostile ids only as data', function () {
  this.timeout(120_000);

  it('JavaScript (node:test) and TypeScript tests parse and hold exactly the ids they were given', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const js = generateGivenWhenThenTest(spec(c, 'node-test-js', '/w/test/x.test.js'));
        assert.equal(describedName(js, c.aggregateType), `${c.aggregateType} ${c.aggregateId}`);
        const typescript = generateGivenWhenThenTest(spec(c, 'ts-node-test', '/w/test/x.test.ts'));
        const out = ts.transpileModule(typescript, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
        assert.deepEqual(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], []);
        assert.equal(describedName(out.outputText, c.aggregateType), `${c.aggregateType} ${c.aggregateId}`);
      }),
      { numRuns: 200 },
    );
  });

  it('Python tests parse and, imported, hold exactly the ids, events and state they were given', () => {
    const cases = fc.sample(caseArbitrary, { numRuns: 60, seed: 2028 });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-pytest-gen-'));
    try {
      cases.forEach((c, i) => fs.writeFileSync(path.join(folder, `test_case_${i}.py`), generateGivenWhenThenTest(spec(c, 'pytest', path.join(folder, `test_case_${i}.py`)))));
      // One interpreter for all: import each module (its tests do not run) and print what its constants hold.
      const script = [
        'import importlib.util, json, sys',
        'out = []',
        `for i in range(${cases.length}):`,
        `    spec = importlib.util.spec_from_file_location(f"case_{i}", f"${folder}/test_case_{i}.py")`,
        '    module = importlib.util.module_from_spec(spec)',
        '    spec.loader.exec_module(module)',
        '    out.append({"id": module.AGGREGATE_ID, "type": module.AGGREGATE_TYPE, "given": module.GIVEN, "then": module.THEN})',
        'sys.stdout.write(json.dumps(out))',
      ].join('\n');
      const result = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      assert.equal(result.status, 0, result.stderr);
      const seen = JSON.parse(result.stdout) as { id: string; type: string; given: { event_id: string; data: unknown; aggregate_id: string }[]; then: unknown }[];
      cases.forEach((c, i) => {
        assert.equal(seen[i].id, c.aggregateId);
        assert.equal(seen[i].type, c.aggregateType);
        assert.deepEqual(seen[i].given.map((event) => [event.event_id, event.aggregate_id, event.data]), [[c.eventId, c.aggregateId, { [c.value]: c.value }]]);
        assert.deepEqual(seen[i].then, { [c.value]: c.aggregateId });
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
