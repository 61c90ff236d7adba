/** Reading one 100,000-event aggregate through MongoEventStore.readStream, against the driver's find().sort().toArray(). */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { FERRETDB_NOTE, eventDocument, seedCollection } from './mongo/benchDatabase';

const EVENTS = 100_000;
const AGGREGATE = 'Order-big';
const MAX_TIME_RATIO = 1.15;
/** One repetition reads and sorts 100,000 documents on FerretDB (seconds): three after a warm-up. */
const REPETITIONS = 3;

export const mongoReadAggregateBenchmark: Benchmark = {
  name: 'mongo-read-aggregate',
  title: 'MongoDB store: read a 100,000-event aggregate through the connector',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time`,
  async run(context) {
    const bench = await seedCollection('read_events', EVENTS, (i) => eventDocument(AGGREGATE, i + 1, i), context.log);
    try {
      let oursCount = 0;
      let driverCount = 0;
      const samples = await timePair(
        async () => {
          oursCount = 0;
          for await (const batch of bench.store.readStream(AGGREGATE)) oursCount += batch.length;
        },
        async () => {
          driverCount = (await bench.collection.find({ aggregate_id: AGGREGATE }).sort({ version: 1 }).toArray()).length;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      if (oursCount !== EVENTS || driverCount !== EVENTS) throw new Error(`read ${oursCount} (store) and ${driverCount} (driver) of ${EVENTS} events`);
      return comparedRow(
        { name: this.name, title: this.title, size: `${EVENTS.toLocaleString('en-US')} events in one aggregate`, target: this.target, note: `${FERRETDB_NOTE}; ours maps every document to a FlowEvent` },
        samples,
        'driver find().sort().toArray()',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await bench.close();
    }
  },
};
