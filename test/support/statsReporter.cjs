// Mocha's spec output, plus the run's counts written as JSON to the file named by EFX_TEST_STATS, so that
// scripts/test.mjs can add up every layer without parsing console output. At the end it names the files that
// took longest, and how much of that went to hooks (servers, fixtures) rather than tests.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // The titles and first error lines go into the summary too: the end of a long log is often all there is.
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      failures.push(`${test.fullTitle()}: ${firstLine(error)}`);
    });
    const files = new Map();
    const fileOf = (runnable) => files.get(runnable.file) ?? files.set(runnable.file, { started: Date.now(), open: 0, ms: 0, testsMs: 0 }).get(runnable.file);
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite) => {
      if (!suite.file) return;
      const entry = fileOf(suite);
      if (entry.open++ === 0) entry.started = Date.now();
    });
    runner.on(Mocha.Runner.constants.EVENT_SUITE_END, (suite) => {
      if (!suite.file) return;
      const entry = fileOf(suite);
      if (--entry.open === 0) entry.ms += Date.now() - entry.started;
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_END, (test) => {
      if (test.file) fileOf(test).testsMs += test.duration ?? 0;
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      printSlowestFiles(files);
      exitIfHeldOpen();
      const file = process.env.EFX_TEST_STATS;
      if (!file) {
        return;
      }
      // A failing hook counts as a failure in mocha's stats, and the tests it prevented are not counted at all.
      const { passes, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: this.stats.failures, skipped: pending, failures }));
    });
  }
}

/**
 * A driver socket left open after the last test (kafkajs, when a client is disconnected while it connects)
 * kept a layer's process alive until the broker dropped idle connections, 10 minutes later. The run is over:
 * say what was left open, then exit with mocha's code (mocha sets it on 'exit').
 */
const HELD_OPEN_GRACE_MS = 10_000;

function exitIfHeldOpen() {
  setTimeout(() => {
    const sockets = process._getActiveHandles().filter((handle) => handle && handle.constructor && handle.constructor.name === 'Socket' && handle.remotePort !== undefined);
    const where = [...new Set(sockets.map((socket) => `${socket.remoteAddress}:${socket.remotePort}`))];
    console.log(`  the tests ended ${HELD_OPEN_GRACE_MS / 1000} s ago but the process was held open (${sockets.length} socket(s) to ${where.join(', ') || 'no server'}; ${process.getActiveResourcesInfo().join(', ')}): exiting`);
    process.exit();
  }, HELD_OPEN_GRACE_MS).unref();
}

function printSlowestFiles(files) {
  const slowest = [...files].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8).filter(([, entry]) => entry.ms >= 1000);
  if (slowest.length === 0) return;
  const seconds = (ms) => (ms / 1000).toFixed(1);
  console.log('  slowest files (whole file / in tests; the rest is hooks):');
  for (const [name, entry] of slowest) {
    console.log(`    ${seconds(entry.ms)} s / ${seconds(entry.testsMs)} s  ${path.relative(process.cwd(), name)}`);
  }
}

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

module.exports = StatsReporter;
