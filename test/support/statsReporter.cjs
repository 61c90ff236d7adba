// Mocha's spec output, plus the run's counts written as JSON to the file named by EFX_TEST_STATS, so that
// scripts/test.mjs can add up every layer without parsing console output.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // The titles and first error lines go into the summary too: the end of a long log is often all there is.
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      failures.push(`${test.fullTitle()}: ${firstLine(error)}`);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
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

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

module.exports = StatsReporter;
