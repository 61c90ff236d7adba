import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateGivenWhenThenTest } from '../../../src/sandbox/testGeneration';
import { repoRoot } from '../../support/paths';
import { ORDER_REDUCER_JS, ORDER_REDUCER_TS, sampleOrderEvents, sandboxPerTest, type TempWorkspace } from './workspace';

/** Compiles the workspace's test folder with the repository's TypeScript (strict) and runs it with mocha. */
function compileAndRun(workspace: TempWorkspace): { tsc: string; mocha: string; passed: boolean } {
  fs.writeFileSync(
    path.join(workspace.root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, outDir: 'out', rootDir: '.', typeRoots: [path.join(repoRoot, 'node_modules', '@types')], types: ['node', 'mocha'], skipLibCheck: true },
      include: ['test/**/*.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', workspace.root], { encoding: 'utf8' });
  if (tsc.status !== 0) return { tsc: tsc.stdout + tsc.stderr, mocha: '', passed: false };
  // A .js reducer is required from the test at run time: copy it to where the compiled test looks.
  fs.cpSync(path.join(workspace.root, '.eventflow'), path.join(workspace.root, 'out', '.eventflow'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
  const mocha = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'dot', path.join(workspace.root, 'out', 'test', '*.test.js')], { encoding: 'utf8' });
  return { tsc: '', mocha: mocha.stdout + mocha.stderr, passed: mocha.status === 0 };
}

describe('sandbox: given / when / then tests from a slice', function () {
  this.timeout(120_000);
  const fresh = sandboxPerTest();

  for (const [name, source, reducerName] of [
    ['a JavaScript reducer', ORDER_REDUCER_JS, 'order.js'],
    ['a TypeScript reducer', ORDER_REDUCER_TS, 'order.ts'],
  ] as const) {
    it(`generates a mocha test that compiles and passes against ${name}, and fails when the reducer changes`, async () => {
      const reducerFile = fresh.workspace.write(`reducers/${reducerName}`, source);
      await fresh.sandbox.load([reducerFile]);
      const events = sampleOrderEvents().filter((e) => e.type !== 'OrderShipped');
      const stream = await fresh.sandbox.openStream('Order', events);
      const from = 1;
      const to = 3;
      const testFile = path.join(fresh.workspace.root, 'test', 'order.test.ts');
      const text = generateGivenWhenThenTest({
        reducerFile,
        testFile,
        aggregateType: 'Order',
        aggregateId: 'Order-1001',
        given: events.slice(0, from),
        when: events.slice(from, to + 1),
        then: await stream.stateAt(to),
      });
      fs.mkdirSync(path.dirname(testFile), { recursive: true });
      fs.writeFileSync(testFile, text);
      const good = compileAndRun(fresh.workspace);
      assert.equal(good.tsc, '', `the generated test does not compile:\n${good.tsc}`);
      assert.ok(good.passed, `the generated test failed:\n${good.mocha}`);
      assert.match(good.mocha, /1 passing/);

      // The same test against a reducer that now counts differently must fail: the test tests something.
      fresh.workspace.write(`reducers/${reducerName}`, source.replace(/items: \[\.\.\.state\.items, /, 'items: [...state.items, "extra", '));
      fs.rmSync(path.join(fresh.workspace.root, 'out'), { recursive: true, force: true });
      const bad = compileAndRun(fresh.workspace);
      assert.equal(bad.tsc, '');
      assert.equal(bad.passed, false, 'the generated test passed against a changed reducer');
      assert.match(bad.mocha, /1 failing/);
    });
  }
});
