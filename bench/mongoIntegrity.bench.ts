/**
 * Check Stream Integrity over a whole MongoDB store, in one pass (EventStore.readAll + checkStoreIntegrity,
 * with each aggregate's reducer), against the driver's plain sorted read of the same collection.
 */
import { chooseReducer } from '../src/core/reducers';
import { checkStoreIntegrity } from '../src/core/storeIntegrity';
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { FERRETDB_NOTE, eventDocument, seedCollection } from './mongo/benchDatabase';

const AGGREGATES = 10_000;
const EVENTS_PER_AGGREGATE = 10;
const BATCH_SIZE = 1000;
const MAX_TIME_RATIO = 1.5;
const REPETITIONS = 3;

export const mongoIntegrityBenchmark: Benchmark = {
  name: 'mongo-integrity',
  title: 'MongoDB store: integrity of the whole store (100,000 events, 10,000 aggregates)',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time`,
  async run(context) {
    const total = AGGREGATES * EVENTS_PER_AGGREGATE;
    const bench = await seedCollection(
      'integrity_events',
      total,
      (i) => eventDocument(`Order-${String(i % AGGREGATES).padStart(5, '0')}`, Math.floor(i / AGGREGATES) + 1, i),
      context.log,
    );
    try {
      let checked = { aggregates: 0, events: 0, problems: -1 };
      let read = 0;
      const samples = await timePair(
        async () => {
          const report = await checkStoreIntegrity(bench.store.readAll({ batchSize: BATCH_SIZE }), {
            totalAggregates: AGGREGATES,
            reducerFor: (type) => chooseReducer(type ?? ''),
          });
          checked = { aggregates: report.aggregates, events: report.events, problems: report.problemCount };
        },
        async () => {
          read = 0;
          const cursor = bench.collection.find({}, { sort: { aggregate_id: 1, version: 1 }, batchSize: BATCH_SIZE });
          for await (const doc of cursor) if (doc !== null) read += 1;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      // Same data on both sides, and a clean store: every aggregate and event checked, nothing found.
      if (checked.aggregates !== AGGREGATES || checked.events !== total || checked.problems !== 0 || read !== total) {
        throw new Error(`checked ${JSON.stringify(checked)}, read ${read} of ${total}`);
      }
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${AGGREGATES.toLocaleString('en-US')} aggregates × ${EVENTS_PER_AGGREGATE} events`,
          target: this.target,
          note: `ours: readAll (one sorted cursor) + checkStoreIntegrity with the order reducer; ${FERRETDB_NOTE}`,
        },
        samples,
        'driver find().sort({aggregate_id, version}) iterated',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await bench.close();
    }
  },
};
