// The one test command. `node scripts/test.mjs` runs every layer in order; `node scripts/test.mjs unit e2e`
// runs the named ones (still in the order below). Each test layer is a child process that writes its counts
// as JSON to the file named by EFX_TEST_STATS (mocha layers through test/support/statsReporter.cjs).
// The last line is always `tests: N passed, N failed, N skipped`. A step that fails (lint, build, compile),
// a layer that crashes or times out, and a layer that runs no tests each count as one failure there, so the
// line never says "0 failed" when the exit code is not 0.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deleteRunTopics } from './deleteRunTopics.mjs';

const root = path.resolve(import.meta.dirname, '..');
const minutes = (n) => n * 60_000;

/** A command that must succeed; it has no tests of its own. `gate`: later layers make no sense without it. */
const step = (command, args, { gate = false, timeoutMs = minutes(10), leavesRunning = false, alongside } = {}) => ({ kind: 'step', command, args, gate, timeoutMs, leavesRunning, alongside });

/** A program that runs tests and writes their counts to EFX_TEST_STATS. */
const tests = (command, args, { timeoutMs = minutes(10) } = {}) => ({ kind: 'tests', command, args, timeoutMs });

/** Mocha over the compiled `*.test.js` files of one folder under out/. */
const mocha = (folder, { testTimeoutMs = 10_000, timeoutMs = minutes(10) } = {}) =>
  tests(
    process.execPath,
    [
      '--enable-source-maps',
      path.join(root, 'node_modules/mocha/bin/mocha.js'),
      '--ui', 'bdd',
      '--reporter', path.join(root, 'test/support/statsReporter.cjs'),
      '--timeout', String(testTimeoutMs),
      `${folder}/**/*.test.js`,
    ],
    { timeoutMs },
  );

/**
 * Mocha over one folder, with `apart` (compiled files under it) run at the same time in a second process:
 * for files that keep one server busy for minutes while the rest of the folder waits on the others.
 */
const mochaWithApart = (folder, apart, { testTimeoutMs, timeoutMs }) =>
  tests(process.execPath, [path.join(root, 'scripts/mochaApart.mjs'), folder, String(testTimeoutMs), '--apart', ...apart.map((file) => `${folder}/${file}`)], { timeoutMs });

// Adding a layer is one line here.
const layers = [
  // Lint is a minute of one core; the integration layer mostly waits on the servers, so the two share the time.
  ['lint', step('npx', ['eslint', '.'], { alongside: 'integration' })],
  ['build', step('npm', ['run', 'build'], { gate: true })],
  ['compile', step('npx', ['tsc', '-p', 'tsconfig.test.json'], { gate: true })],
  // The real servers (test/services): idempotent, about 2 s when they are already up.
  ['services', step('bash', ['test/services/services.sh', 'up'], { timeoutMs: minutes(15), leavesRunning: true })],
  ['unit', mocha('out/test/unit')],
  // The FerretDB volume walk (about two minutes of FerretDB's CPU) overlaps the Kafka and RabbitMQ tests.
  ['integration', mochaWithApart('out/test/integration', ['mongoEventStore.volume.test.js'], { testTimeoutMs: 120_000, timeoutMs: minutes(20) })],
  ['reliability', mocha('out/test/reliability', { testTimeoutMs: 120_000, timeoutMs: minutes(25) })],
  ['webview', mocha('out/test/webview')],
  ['extension-host', tests(process.execPath, ['--enable-source-maps', 'out/test/extension-host/launch.js'], { timeoutMs: minutes(10) })],
  ['e2e', mocha('out/test/e2e', { testTimeoutMs: minutes(5), timeoutMs: minutes(15) })],
];

// One id for the whole run: layers that need big fixture data (the 1,000,000-message Kafka partition) name
// it after the run, fill it once and reuse it in the later layers; the run that made the id deletes it at the end.
const ownsRunId = process.env.EFX_RUN_ID === undefined;
process.env.EFX_RUN_ID ??= `${Date.now()}-${randomUUID().slice(0, 6)}`;

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !layers.some(([known]) => known === name));
if (unknown.length > 0) {
  console.error(`Unknown layer(s): ${unknown.join(', ')}. Known: ${layers.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
const selected = layers.filter(([name]) => requested.length === 0 || requested.includes(name));

const markVariable = 'EFX_TEST_LAYER_MARK';
const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-test-stats-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const outcomes = [];
const running = new Set();
let gateClosed;

process.on('SIGINT', () => {
  // Layers run in their own process group (so a timeout can end them whole), out of reach of the terminal's Ctrl-C.
  for (const child of running) {
    killGroup(child.pid, 'SIGKILL');
    killMarked(child.mark);
  }
  fs.rmSync(statsDir, { recursive: true, force: true });
  process.exit(130);
});

const started = Date.now();
const selectedNames = new Set(selected.map(([name]) => name));
// Steps that run at the same time as a later layer, when that layer runs too: started with it, reported after it.
const deferred = selected.filter(([, layer]) => layer.alongside !== undefined && selectedNames.has(layer.alongside));
for (const [name, layer] of selected) {
  if (deferred.some(([other]) => other === name)) continue;
  if (gateClosed) {
    outcomes.push(`${name}: not run (${gateClosed} failed)`);
    totals.failed += 1;
    continue;
  }
  const sideSteps = deferred.map(([sideName, sideLayer]) => {
    if (sideLayer.alongside !== name) return undefined;
    const sideStarted = Date.now();
    return { name: sideName, layer: sideLayer, started: sideStarted, result: run(sideLayer, path.join(statsDir, `${sideName}.json`), { buffered: true }) };
  }).filter((side) => side !== undefined);
  console.log(`\n━━ ${name}${sideSteps.length > 0 ? ` (with ${sideSteps.map((side) => side.name).join(', ')} alongside)` : ''} ━━`);
  const layerStarted = Date.now();
  const statsFile = path.join(statsDir, `${name}.json`);
  const result = await run(layer, statsFile);
  const seconds = ((Date.now() - layerStarted) / 1000).toFixed(1);
  for (const side of sideSteps) {
    const sideResult = await side.result;
    console.log(`\n━━ ${side.name} (ran alongside ${name}) ━━\n${sideResult.output ?? ''}`);
    recordStep(side.name, side.layer, sideResult, ((sideResult.endedAt - side.started) / 1000).toFixed(1));
  }
  if (layer.kind === 'step') {
    recordStep(name, layer, result, seconds);
    continue;
  }
  const stats = readStats(statsFile);
  if (!stats) {
    outcomes.push(`${name}: CRASHED, no results${result.ok ? '' : ` (${result.reason})`} (${seconds} s)`);
    totals.failed += 1;
    continue;
  }
  totals.passed += stats.passed;
  totals.failed += stats.failed;
  totals.skipped += stats.skipped;
  const counts = `${stats.passed} passed, ${stats.failed} failed, ${stats.skipped} skipped`;
  if (stats.passed + stats.failed + stats.skipped === 0) {
    outcomes.push(`${name}: FAILED, ran no tests (${seconds} s)`);
    totals.failed += 1;
  } else if (stats.failed === 0 && !result.ok) {
    // Tests passed but the process still failed (an error after the run, a leaked handle that hit the timeout).
    outcomes.push(`${name}: FAILED, ${counts} but ${result.reason} (${seconds} s)`);
    totals.failed += 1;
  } else {
    outcomes.push(`${name}: ${counts} (${seconds} s)`);
  }
  for (const failure of stats.failures) {
    outcomes.push(`    ✘ ${failure}`);
  }
}
fs.rmSync(statsDir, { recursive: true, force: true });
if (ownsRunId) {
  try {
    const deleted = await deleteRunTopics(process.env.EFX_RUN_ID);
    if (deleted.length > 0) outcomes.push(`cleanup: deleted ${deleted.join(', ')}`);
  } catch (error) {
    outcomes.push(`cleanup: the run's Kafka topics were not deleted (${error instanceof Error ? error.message : String(error)}); a later run deletes them once stale`);
  }
}

console.log(`\n━━ summary (${((Date.now() - started) / 1000).toFixed(1)} s) ━━`);
for (const line of outcomes) {
  console.log(`  ${line}`);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);

function recordStep(name, layer, result, seconds) {
  if (result.ok) {
    outcomes.push(`${name}: ok (${seconds} s)`);
    return;
  }
  outcomes.push(`${name}: FAILED, ${result.reason} (${seconds} s)`);
  totals.failed += 1;
  if (layer.gate) {
    gateClosed = name;
  }
}

/** Runs one layer; `buffered` keeps its output until it ends (for a step running alongside another layer). */
function run(layer, statsFile, { buffered = false } = {}) {
  return new Promise((resolve) => {
    // Every process the layer starts inherits this mark, even those in process groups of their own
    // (code-server runs detached), so that none outlives the layer.
    // A step that starts servers for later layers (services) is the one exception: what it starts stays.
    const mark = randomUUID();
    const child = spawn(layer.command, layer.args, {
      cwd: root,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, EFX_TEST_STATS: statsFile, ...(layer.leavesRunning ? {} : { [markVariable]: mark }) },
      detached: true,
    });
    const handle = { pid: child.pid, mark };
    running.add(handle);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    const finish = (outcome) => resolve({ ...outcome, endedAt: Date.now(), ...(buffered ? { output: Buffer.concat(output).toString('utf8') } : {}) });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // SIGTERM first so the layer can stop its servers itself; what is left dies with the mark below.
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000).unref();
    }, layer.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(handle);
      finish({ ok: false, reason: error.message });
    });
    // A buffered child's output is whole only once its pipes close, which is after it exits.
    child.once(buffered ? 'close' : 'exit', (code, signal) => {
      clearTimeout(timer);
      if (!layer.leavesRunning || timedOut) {
        killGroup(child.pid, 'SIGKILL');
      }
      const leftOver = layer.leavesRunning ? 0 : killMarked(mark);
      if (leftOver > 0) {
        console.log(`(${leftOver} process(es) the layer left running were stopped)`);
      }
      running.delete(handle);
      if (timedOut) {
        finish({ ok: false, reason: `timed out after ${layer.timeoutMs / 1000} s` });
      } else if (code === 0) {
        finish({ ok: true });
      } else {
        finish({ ok: false, reason: `exit ${code ?? signal}` });
      }
    });
  });
}

function readStats(file) {
  try {
    const stats = JSON.parse(fs.readFileSync(file, 'utf8'));
    const count = (value) => (Number.isInteger(value) && value >= 0 ? value : NaN);
    const parsed = { passed: count(stats.passed), failed: count(stats.failed), skipped: count(stats.skipped) };
    parsed.failures = Array.isArray(stats.failures) ? stats.failures.map(String) : [];
    return [parsed.passed, parsed.failed, parsed.skipped].some(Number.isNaN) ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/** Stops every process that carries the layer's mark; returns how many there were. Linux only (/proc). */
function killMarked(mark) {
  const needle = `${markVariable}=${mark}`;
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const pid of pids) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle)) {
        process.kill(Number(pid), 'SIGKILL');
        killed += 1;
      }
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return killed;
}

function killGroup(pid, signal) {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}
