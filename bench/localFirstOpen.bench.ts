/**
 * The Local store opened the first time (no index file yet): it scans the file, answers, and writes its
 * index file in the background. Against the same readline scan.
 */
import * as fs from 'node:fs';
import type { Benchmark } from './benchmark';
import { LOCAL_AGGREGATES, LOCAL_EVENTS, ensureLocalStoreFile } from './data/localStoreFile';
import { MAX_LOCAL_REPETITIONS, READ_AGGREGATE, assertSameAnswer, removeIndexFile } from './local/localRows';
import { openInChild } from './local/openInChild';
import { comparedRow } from './measure';

const MAX_TIME_RATIO = 1.5;

export const localFirstOpenBenchmark: Benchmark = {
  name: 'local-first-open',
  title: 'Local store opened the first time (no index yet): list aggregates, read one',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time, with scan progress`,
  async run(context) {
    const file = ensureLocalStoreFile(context.cacheDir, context.log);
    const samples = { ours: [] as number[], baseline: [] as number[] };
    const repetitions = Math.min(context.repetitions, MAX_LOCAL_REPETITIONS);
    let progressCalls = 0;
    for (let i = 0; i <= repetitions; i++) {
      removeIndexFile(file);
      const ours = await openInChild('store', file, READ_AGGREGATE);
      const baseline = await openInChild('scan', file, READ_AGGREGATE);
      assertSameAnswer(ours, baseline);
      if (ours.progressCalls === 0) throw new Error('The first open reported no scan progress.');
      progressCalls = ours.progressCalls;
      if (i === 0) continue;
      samples.ours.push(ours.ms);
      samples.baseline.push(baseline.ms);
    }
    return comparedRow(
      {
        name: this.name,
        title: this.title,
        size: `${LOCAL_EVENTS.toLocaleString('en-US')} events, ${LOCAL_AGGREGATES.toLocaleString('en-US')} aggregates, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB`,
        target: this.target,
        note: 'ours: time until the answer; the index file is written after it, in the background',
        extra: { onProgressCalls: progressCalls },
      },
      samples,
      'readline scan',
      (speedup) => 1 / speedup <= MAX_TIME_RATIO,
    );
  },
};
