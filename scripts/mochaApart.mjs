// Runs one folder's mocha tests as two processes at once: the files named after `--apart` in one, every
// other file in the other. A file goes apart when it waits on one server's CPU for minutes (the FerretDB
// volume walk) while the rest of the folder waits on other servers, so the two overlap on a 2-core machine.
// The apart process's output is held and printed after the main one's, so neither interleaves; their
// counts are added into the file named by EFX_TEST_STATS, as one mocha layer would write them.
//
//   node scripts/mochaApart.mjs <folder> <test timeout ms> --apart <file.test.js>...
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const [folder, testTimeoutMs, marker, ...apart] = process.argv.slice(2);
if (!folder || !testTimeoutMs || marker !== '--apart' || apart.length === 0) {
  console.error('usage: node scripts/mochaApart.mjs <folder> <test timeout ms> --apart <file.test.js>...');
  process.exit(2);
}
const statsFile = process.env.EFX_TEST_STATS;

function mocha(files, extraArgs, stats, output) {
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      path.join(root, 'node_modules/mocha/bin/mocha.js'),
      '--ui', 'bdd',
      '--reporter', path.join(root, 'test/support/statsReporter.cjs'),
      '--timeout', testTimeoutMs,
      ...extraArgs,
      ...files,
    ],
    { cwd: root, stdio: ['ignore', output, output], env: { ...process.env, EFX_TEST_STATS: stats } },
  );
  const held = [];
  if (output === 'pipe') {
    child.stdout.on('data', (chunk) => held.push(chunk));
    child.stderr.on('data', (chunk) => held.push(chunk));
  }
  const exit = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: 1, reason: error.message, endedAt: Date.now() }));
    child.once('exit', (code, signal) => resolve({ code: code ?? 1, reason: code === null ? `signal ${signal}` : `exit ${code}`, endedAt: Date.now() }));
  });
  return { exit, held };
}

const mainStats = `${statsFile ?? path.join(root, 'out', 'mocha-main')}.main.json`;
const apartStats = `${statsFile ?? path.join(root, 'out', 'mocha-apart')}.apart.json`;
const startedAt = Date.now();
const apartRun = mocha(apart, [], apartStats, 'pipe');
const mainRun = mocha([`${folder}/**/*.test.js`], apart.flatMap((file) => ['--ignore', file]), mainStats, 'inherit');
const mainExit = await mainRun.exit;
const apartExit = await apartRun.exit;
const mainSeconds = ((mainExit.endedAt - startedAt) / 1000).toFixed(1);
const apartSeconds = ((apartExit.endedAt - startedAt) / 1000).toFixed(1);
process.stdout.write(`\n  (run apart, at the same time: ${apart.join(', ')})\n`);
for (const chunk of apartRun.held) process.stdout.write(chunk);
console.log(`\n  the rest ended after ${mainSeconds} s, the files apart after ${apartSeconds} s`);

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
const parts = [read(mainStats), read(apartStats)];
if (statsFile) {
  // A part that wrote no counts crashed: it stays missing, so the layer is reported as crashed, not as fewer tests.
  if (parts.every((part) => part !== undefined)) {
    const total = { passed: 0, failed: 0, skipped: 0, failures: [] };
    for (const part of parts) {
      total.passed += part.passed;
      total.failed += part.failed;
      total.skipped += part.skipped;
      total.failures.push(...(part.failures ?? []));
    }
    fs.writeFileSync(statsFile, JSON.stringify(total));
  }
  fs.rmSync(mainStats, { force: true });
  fs.rmSync(apartStats, { force: true });
}
const failed = [mainExit, apartExit].find((exit) => exit.code !== 0);
if (failed) console.log(`  ${failed === mainExit ? 'the rest' : 'the files apart'}: ${failed.reason}`);
process.exit(failed ? 1 : 0);
