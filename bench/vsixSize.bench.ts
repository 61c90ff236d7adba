/** The packaged .vsix (`npm run package`, production build) and what it holds. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { Benchmark } from './benchmark';
import { figure } from './measure';
import { packagedCopy } from './package/packagedCopy';

const MAX_MIB = 5;

export const vsixSizeBenchmark: Benchmark = {
  name: 'vsix-size',
  title: 'packaged .vsix',
  target: `≤ ${MAX_MIB} MiB`,
  // Sync work inside; async to fit the Benchmark interface.
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(context) {
    const { vsix } = packagedCopy(context.repoRoot, context.log);
    const mib = fs.statSync(vsix).size / 1024 ** 2;
    const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter((line) => line !== '');
    const driverShipped = entries.includes('extension/dist/drivers/mongodb.js');
    // The commands, panels and connectors, required on first use: without them only the tree would work.
    const featuresShipped = entries.includes('extension/dist/lazy/features.js');
    return {
      name: this.name,
      title: this.title,
      size: `${entries.length} files`,
      target: this.target,
      ours: figure([mib], 'MiB'),
      status: mib <= MAX_MIB && driverShipped && featuresShipped ? 'pass' : 'miss',
      note: [
        driverShipped ? 'includes dist/drivers/mongodb.js (loaded on first MongoDB connect)' : 'dist/drivers/mongodb.js is MISSING from the package',
        featuresShipped ? 'includes dist/lazy/features.js (loaded on first use)' : 'dist/lazy/features.js is MISSING from the package',
      ].join('; '),
    };
  },
};
