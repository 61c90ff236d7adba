// Mocha's spec output, plus the run's counts written as JSON to the file named by EFX_TEST_STATS, so that
// scripts/test.mjs can add up every layer without parsing console output.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.EFX_TEST_STATS;
      if (!file) {
        return;
      }
      // A failing hook counts as a failure in mocha's stats, and the tests it prevented are not counted at all.
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = StatsReporter;
