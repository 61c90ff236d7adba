/** The first page of aggregates of a 10,000-aggregate collection through the connector, against the driver's distinct. */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { FERRETDB_NOTE, eventDocument, seedCollection } from './mongo/benchDatabase';

const AGGREGATES = 10_000;
const EVENTS_PER_AGGREGATE = 3;
const PAGE_SIZE = 100;
const MAX_TIME_RATIO = 1.0;
const REPETITIONS = 5;

export const mongoListAggregatesBenchmark: Benchmark = {
  name: 'mongo-list-aggregates',
  title: 'MongoDB store: first page of aggregates of a 10,000-aggregate collection',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time`,
  async run(context) {
    const total = AGGREGATES * EVENTS_PER_AGGREGATE;
    const bench = await seedCollection(
      'list_events',
      total,
      (i) => eventDocument(`Order-${String(i % AGGREGATES).padStart(5, '0')}`, Math.floor(i / AGGREGATES) + 1, i),
      context.log,
    );
    try {
      let pageLength = 0;
      let distinctLength = 0;
      const samples = await timePair(
        async () => {
          pageLength = (await bench.store.listAggregates('Order', { limit: PAGE_SIZE })).items.length;
        },
        async () => {
          distinctLength = (await bench.collection.distinct('aggregate_id')).length;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      if (pageLength !== PAGE_SIZE || distinctLength !== AGGREGATES) throw new Error(`page of ${pageLength}, distinct of ${distinctLength}`);
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${AGGREGATES.toLocaleString('en-US')} aggregates × ${EVENTS_PER_AGGREGATE} events, page of ${PAGE_SIZE}`,
          target: this.target,
          note: FERRETDB_NOTE,
        },
        samples,
        'driver distinct(aggregate_id)',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await bench.close();
    }
  },
};
