/**
 * The Local store opened again in a new process (its index file exists): list the aggregates, read one.
 * Against a full readline scan that parses every line, also in a new process.
 */
import * as fs from 'node:fs';
import type { Benchmark } from './benchmark';
import { LOCAL_AGGREGATES, LOCAL_EVENTS, ensureLocalStoreFile } from './data/localStoreFile';
import { MAX_LOCAL_REPETITIONS, READ_AGGREGATE, assertSameAnswer } from './local/localRows';
import { openInChild } from './local/openInChild';
import { comparedRow } from './measure';

const MIN_SPEEDUP = 20;

export const localReopenBenchmark: Benchmark = {
  name: 'local-reopen',
  title: 'Local store opened again in a new process: list aggregates, read one',
  target: `≥ ${MIN_SPEEDUP}× faster than the baseline`,
  async run(context) {
    const file = ensureLocalStoreFile(context.cacheDir, context.log);
    // The first open writes the index file; every timed open below finds it.
    await openInChild('store', file, READ_AGGREGATE);
    if (!fs.existsSync(`${file}.idx`)) throw new Error(`No index file was written beside ${file}`);
    const samples = { ours: [] as number[], baseline: [] as number[] };
    const repetitions = Math.min(context.repetitions, MAX_LOCAL_REPETITIONS);
    for (let i = 0; i <= repetitions; i++) {
      const ours = await openInChild('store', file, READ_AGGREGATE);
      const baseline = await openInChild('scan', file, READ_AGGREGATE);
      assertSameAnswer(ours, baseline);
      if (ours.progressCalls > 0) throw new Error('The reopened store scanned the file instead of using its index.');
      // Repetition 0 is the warm-up (page cache, disk).
      if (i === 0) continue;
      samples.ours.push(ours.ms);
      samples.baseline.push(baseline.ms);
    }
    const indexMiB = (fs.statSync(`${file}.idx`).size / 1024 ** 2).toFixed(1);
    return comparedRow(
      {
        name: this.name,
        title: this.title,
        size: `${LOCAL_EVENTS.toLocaleString('en-US')} events, ${LOCAL_AGGREGATES.toLocaleString('en-US')} aggregates, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB`,
        target: this.target,
        note: `times measured inside each new process (Node start-up excluded on both sides); file in the page cache; index file ${indexMiB} MiB`,
      },
      samples,
      'readline scan',
      (speedup) => speedup >= MIN_SPEEDUP,
    );
  },
};
