import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { generateGivenWhenThenTest, testFileName, testFlavourFor } from '../../../src/sandbox/testGeneration';
import { detectTestSetup, testsFolder } from '../../../src/sandbox/testSetup';
import { repoRoot } from '../../support/paths';
import { chapterOrderFile, chapterOrderFlow, lineOf } from './chapter';
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
    it(`generates a TypeScript mocha test (a workspace with TypeScript and mocha) that compiles and passes against ${name}, and fails when the reducer changes`, async () => {
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
        flavour: 'ts-mocha',
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

describe('sandbox: generated tests in the reducer\'s language and the workspace\'s framework', function () {
  this.timeout(120_000);
  const fresh = sandboxPerTest();

  it('picks pytest for Python, plain node:test JavaScript without TypeScript, the workspace\'s runner with it', () => {
    assert.equal(testFlavourFor('/w/.eventflow/reducers/orders.py', { typescript: true, runner: 'mocha' }), 'pytest');
    assert.equal(testFlavourFor('/w/.eventflow/reducers/order.js', { typescript: false }), 'node-test-js');
    assert.equal(testFlavourFor('/w/.eventflow/reducers/order.js', { typescript: false, runner: 'mocha' }), 'node-test-js');
    assert.equal(testFlavourFor('/w/.eventflow/reducers/order.js', { typescript: true, runner: 'mocha' }), 'ts-mocha');
    assert.equal(testFlavourFor('/w/.eventflow/reducers/order.ts', { typescript: false }), 'ts-node-test');
    assert.equal(testFlavourFor('/w/.eventflow/reducers/order.ts', { typescript: true, runner: 'vitest' }), 'ts-vitest');
    assert.equal(testFileName('Order-1001', 2, 4, 'pytest'), 'test_Order_1001_v2_v4.py');
    assert.equal(testFileName('Order-1001', 2, 4, 'node-test-js'), 'Order-1001.v2-v4.test.js');
    const setup = fresh.workspace;
    assert.deepEqual(detectTestSetup(setup.root), { typescript: false });
    fs.writeFileSync(path.join(setup.root, 'package.json'), JSON.stringify({ devDependencies: { mocha: '^10', typescript: '^5' } }));
    assert.deepEqual(detectTestSetup(setup.root), { typescript: true, runner: 'mocha' });
    assert.equal(testsFolder(setup.root, 'pytest'), path.join(setup.root, 'tests'));
    fs.mkdirSync(path.join(setup.root, 'test'));
    assert.equal(testsFolder(setup.root, 'pytest'), path.join(setup.root, 'test'));
  });

  it('generates a plain JavaScript node:test test, beside the reducer, that node --test passes and fails when the reducer changes', async () => {
    const reducerFile = fresh.workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    await fresh.sandbox.load([reducerFile]);
    const events = sampleOrderEvents().filter((e) => e.type !== 'OrderShipped');
    const stream = await fresh.sandbox.openStream('Order', events);
    const testFile = path.join(path.dirname(reducerFile), testFileName('Order-1001', 2, 4, 'node-test-js'));
    fs.writeFileSync(
      testFile,
      generateGivenWhenThenTest({ reducerFile, testFile, aggregateType: 'Order', aggregateId: 'Order-1001', given: events.slice(0, 1), when: events.slice(1, 4), then: await stream.stateAt(3), flavour: 'node-test-js' }),
    );
    const run = (): { passed: boolean; output: string } => {
      const result = spawnSync(process.execPath, ['--test', testFile], { encoding: 'utf8', cwd: fresh.workspace.root, timeout: 60_000 });
      return { passed: result.status === 0, output: result.stdout + result.stderr };
    };
    const good = run();
    assert.ok(good.passed, good.output);
    assert.match(good.output, /# pass 1/);
    fresh.workspace.write('reducers/order.js', ORDER_REDUCER_JS.replace(/items: \[\.\.\.state\.items, /, 'items: [...state.items, "extra", '));
    const bad = run();
    assert.equal(bad.passed, false, bad.output);
    assert.match(bad.output, /# fail 1/);
  });

  it('generates a pytest (unittest-compatible) test for the chapter\'s Python Order that passes, and fails when the class changes', async () => {
    const reducerFile = fresh.workspace.write('reducers/orders.py', CHAPTER_ORDER_32);
    const python = new PythonSandbox();
    try {
      await python.load([reducerFile]);
      const events = chapterOrderFlow();
      const stream = await python.openStream('Order', 'Order-1', events);
      const testFile = path.join(testsFolder(fresh.workspace.root, 'pytest'), testFileName('Order-1', 2, 3, 'pytest'));
      fs.mkdirSync(path.dirname(testFile), { recursive: true });
      fs.writeFileSync(
        testFile,
        generateGivenWhenThenTest({ reducerFile, testFile, aggregateType: 'Order', aggregateId: 'Order-1', given: events.slice(0, 1), when: events.slice(1, 3), then: await stream.stateAt(2), flavour: 'pytest' }),
      );
      const good = runPythonTest(testFile, fresh.workspace.root);
      assert.ok(good.passed, good.output);
      fresh.workspace.write('reducers/orders.py', CHAPTER_ORDER_32.replace('self.total_amount += data["price"]', 'self.total_amount += data["price"] * 2'));
      const bad = runPythonTest(testFile, fresh.workspace.root);
      assert.equal(bad.passed, false, bad.output);
      assert.match(bad.output, /total_amount/);
    } finally {
      python.dispose();
    }
  });
});

/** The chapter's §3.2 as printed (deferred annotations let it load without §3.1). */
const CHAPTER_ORDER_32 = fs.readFileSync(chapterOrderFile, 'utf8').split('\n').slice(lineOf(chapterOrderFile, '§3.2 of the chapter')).join('\n');

/** `python3 -m pytest` where pytest is installed, else `python3 -m unittest` (the test is a TestCase). */
function runPythonTest(testFile: string, cwd: string): { passed: boolean; output: string } {
  const hasPytest = spawnSync('python3', ['-c', 'import pytest'], { encoding: 'utf8' }).status === 0;
  const args = hasPytest ? ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', testFile] : ['-m', 'unittest', '-v', path.basename(testFile, '.py')];
  const result = spawnSync('python3', args, { encoding: 'utf8', cwd: hasPytest ? cwd : path.dirname(testFile), timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { passed: result.status === 0, output: result.stdout + result.stderr };
}
