/**
 * A correlation-id lookup in the 1,000,000-event Local store, answered from the identity index kept beside
 * the aggregate index (built by the open's scan, or completed once after an index file was adopted), against
 * a readline scan that parses every line and compares its metadata's correlation id.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { LocalEventStore } from '../src/connectors/local';
import type { Benchmark } from './benchmark';
import { LOCAL_EVENTS, ensureLocalStoreFile } from './data/localStoreFile';
import { MAX_LOCAL_REPETITIONS } from './local/localRows';
import { comparedRow, timePair } from './measure';

const MIN_SPEEDUP = 50;

async function scanFor(file: string, correlationId: string): Promise<number> {
  let found = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const event = JSON.parse(line) as { metadata?: { correlation_id?: string } };
    if (event.metadata?.correlation_id === correlationId) found += 1;
  }
  return found;
}

export const localCorrelationLookupBenchmark: Benchmark = {
  name: 'local-correlation-lookup',
  title: 'correlation-id lookup, 1,000,000-event Local store',
  target: `≥ ${MIN_SPEEDUP}× faster than the baseline`,
  async run(context) {
    const file = ensureLocalStoreFile(context.cacheDir, context.log);
    const store = new LocalEventStore({ eventsFile: file });
    try {
      let n = 0;
      const next = () => `corr-${(n++ * 7919) % 10_000}`;
      const ours = async () => {
        const id = next();
        const result = await store.search({ source: 'local', window: {}, predicate: { field: 'correlationId', value: id }, limit: 1000 });
        if (result.events.length === 0) throw new Error(`The store found nothing for ${id}`);
        return result.events.length;
      };
      // Checks both sides agree on one id before timing.
      const probe = 'corr-4321';
      const fromIndex = (await store.search({ source: 'local', window: {}, predicate: { field: 'correlationId', value: probe }, limit: 1000 })).events.length;
      const fromScan = await scanFor(file, probe);
      if (fromIndex !== fromScan || fromIndex === 0) throw new Error(`The index found ${fromIndex} and the scan ${fromScan} events for ${probe}`);
      const samples = await timePair(ours, () => scanFor(file, next()), { warmup: 1, repetitions: Math.min(context.repetitions, MAX_LOCAL_REPETITIONS) });
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${LOCAL_EVENTS.toLocaleString('en-US')} events, ${fromIndex} per correlation id, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB`,
          target: this.target,
          note: 'the store open (its index built or adopted, the identity index completed once) happens before timing; file in the page cache',
        },
        samples,
        'readline scan',
        (speedup) => speedup >= MIN_SPEEDUP,
      );
    } finally {
      await store.close();
    }
  },
};
