/**
 * Statistics and schema variants of the 1,000,000-event Local store (events per type and per day, the
 * largest aggregates, the payload shapes of every type: `LocalEventStore.statistics`, one pass over the
 * file) against a readline scan that only parses each line and counts its type.
 */
import * as fs from 'node:fs';
import { LocalEventStore } from '../src/connectors/local';
import type { StoreStatistics } from '../src/connectors/reads/statistics';
import type { Benchmark } from './benchmark';
import { countTypesWithReadline } from './baselines/readlineTypeCount';
import { LOCAL_EVENTS, ensureLocalStoreFile } from './data/localStoreFile';
import { MAX_LOCAL_REPETITIONS } from './local/localRows';
import { comparedRow, settle, timePair } from './measure';

const MAX_SLOWDOWN = 1.2;

function assertSameCounts(statistics: StoreStatistics, counts: Map<string, number>): void {
  const ours = new Map(statistics.types.map((type) => [type.type, type.events]));
  const agree = statistics.sample.method === 'all' && statistics.events === LOCAL_EVENTS && ours.size === counts.size && [...counts].every(([type, count]) => ours.get(type) === count);
  if (!agree) throw new Error(`The statistics and the scan disagree: ${JSON.stringify({ ours: [...ours], scan: [...counts], sample: statistics.sample })}`);
}

export const localStatisticsBenchmark: Benchmark = {
  name: 'local-statistics',
  title: 'statistics + schema variants of a 1,000,000-event Local store',
  target: `≤ ${MAX_SLOWDOWN}× the baseline's time`,
  async run(context) {
    const file = ensureLocalStoreFile(context.cacheDir, context.log);
    const store = new LocalEventStore({ eventsFile: file });
    try {
      // The open (index built or adopted) happens before timing; then both sides agree before they are timed.
      await store.listAggregateTypes();
      const statistics = await store.statistics();
      assertSameCounts(statistics, await countTypesWithReadline(file));
      const variants = statistics.types.reduce((sum, type) => sum + type.variants.length, 0);
      const samples = await timePair(
        async () => {
          await settle();
          return store.statistics();
        },
        async () => {
          await settle();
          return countTypesWithReadline(file);
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, MAX_LOCAL_REPETITIONS) },
      );
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${LOCAL_EVENTS.toLocaleString('en-US')} events, ${statistics.types.length} types, ${variants} variants, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB`,
          target: this.target,
          note: 'the store open happens before timing; file in the page cache; every event read (no sampling at 1,000,000)',
          extra: { days: statistics.days.length, largestAggregateEvents: statistics.largestAggregates[0]?.events ?? 0 },
        },
        samples,
        'readline scan counting types',
        (speedup) => speedup >= 1 / MAX_SLOWDOWN,
      );
    } finally {
      await store.close();
    }
  },
};
