/**
 * Schema variants of 100,000 MongoDB events grouped on the server (`MongoEventStore.schemaVariants`: a
 * sample of the first documents for the key's paths, one `$group` on the event type and the `$type` of each
 * path, an example per group) against the driver reading every document. Three event types, five variants:
 * an OrderCreated that lost `currency` halfway, an ItemAdded whose `discount` is sometimes null.
 */
import type { Document } from 'mongodb';
import type { Benchmark } from './benchmark';
import { comparedRow, median, round, settle, timePair, timeRuns } from './measure';
import { MongoEventStore } from '../src/connectors/mongo/mongoEventStore';
import { DEFAULT_FIELD_MAPPING } from '../src/connectors/mongo/fieldMapping';
import { BENCH_DATABASE, FERRETDB_NOTE, MONGO_URL, seedCollection } from './mongo/benchDatabase';

const EVENTS = 100_000;
const AGGREGATES = 10_000;
const MAX_TIME_RATIO = 0.5;
const REPETITIONS = 3;
const START_MS = Date.parse('2026-01-05T09:00:00.000Z');

/** Event `i`: aggregate `i % 10,000` at version `i / 10,000 + 1`, five seconds after event `i - 1`. */
export function variantEventDocument(i: number): Document {
  const aggregateId = `Order-${String(i % AGGREGATES).padStart(5, '0')}`;
  const version = Math.floor(i / AGGREGATES) + 1;
  const at = new Date(START_MS + i * 5000);
  const base = { aggregate_id: aggregateId, aggregate_type: 'Order', event_id: `evt-${i}`, version, timestamp: at, metadata: { correlationId: `corr-${aggregateId}` } };
  if (version === 1) {
    const data: Document = { orderId: aggregateId, customer: { id: `C-${i % 500}`, name: `Customer ${i % 500}` }, total: 10 + (i % 90), lines: [{ sku: 'SKU-1', quantity: 1 }] };
    if (i < AGGREGATES / 2) data.currency = 'EUR';
    return { ...base, event_type: 'OrderCreated', data };
  }
  if (version === 10) return { ...base, event_type: 'OrderPaid', data: { amount: 10 + (i % 90), method: i % 2 === 0 ? 'card' : 'invoice', paidAt: at.toISOString() } };
  const data: Document = { sku: `SKU-${version % 8}`, quantity: 1 + (i % 3), unitPrice: 9.99 };
  if (i % 7 === 0) data.discount = null;
  return { ...base, event_type: 'ItemAdded', data };
}

export const mongoSchemaVariantsBenchmark: Benchmark = {
  name: 'mongo-schema-variants',
  title: 'schema variants of 100,000 MongoDB events (server-side grouping)',
  target: `≤ ${MAX_TIME_RATIO}× the baseline's time`,
  async run(context) {
    const bench = await seedCollection('variant_events', EVENTS, variantEventDocument, context.log);
    // One $group over the collection takes FerretDB minutes on a loaded machine: past the seeded store's bound.
    const store = new MongoEventStore({
      connectionString: MONGO_URL,
      database: BENCH_DATABASE,
      eventsCollection: 'variant_events',
      snapshotsCollection: 'variant_events_snapshots',
      mapping: DEFAULT_FIELD_MAPPING,
      timeoutMs: 900_000,
    });
    try {
      let variants = 0;
      let counted = 0;
      let read = 0;
      const samples = await timePair(
        async () => {
          await settle();
          const result = await store.schemaVariants();
          counted = result.events;
          variants = result.types.reduce((sum, type) => sum + type.variants.length, 0);
        },
        async () => {
          await settle();
          read = 0;
          for await (const doc of bench.collection.find({}, { batchSize: 1000 })) if (doc !== null) read += 1;
        },
        { warmup: 0, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      // The least any server-side method costs on this server: one pass that decodes each document and
      // matches none (no field holds this value), sending nothing back. Said beside the row in every run.
      const floor = await timeRuns(
        async () => {
          await settle();
          await bench.collection.countDocuments({ efx_no_such_field: 'efx-no-such-value' });
        },
        { warmup: 0, repetitions: 2 },
      );
      const floorMs = median(floor);
      // Every event counted on our side, every document read on the other, and the five seeded variants found.
      if (counted !== EVENTS || read !== EVENTS || variants !== 5) throw new Error(`counted ${counted}, read ${read} of ${EVENTS}, ${variants} variants (5 seeded)`);
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${EVENTS.toLocaleString('en-US')} events, 3 types, ${variants} variants`,
          target: this.target,
          extra: { serverPassFloorMs: round(floorMs, 0), serverPassFloorTimeRatio: round(floorMs / median(samples.baseline), 2) },
          note: `serverPassFloor: a count whose filter matches no document, the cheapest pass that looks at every document on the server; ours: first 1,000 documents and 200 of each type they show little of for the key's paths, one $group (a second when the type samples add paths), an example per group; ${FERRETDB_NOTE}`,
        },
        samples,
        'driver find() reading every document',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await store.close();
      await bench.close();
    }
  },
};
