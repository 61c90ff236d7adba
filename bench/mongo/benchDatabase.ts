/**
 * The MongoDB rows' data, seeded once per run into their own database on the test rig's FerretDB, and
 * the two handles each row compares: our MongoEventStore and the bare driver on the same collection.
 */
import { MongoClient, type Collection, type Document } from 'mongodb';
import { MongoEventStore } from '../../src/connectors/mongo/mongoEventStore';
import { DEFAULT_FIELD_MAPPING } from '../../src/connectors/mongo/fieldMapping';
import { SkipBenchmark } from '../benchmark';

export const MONGO_URL = process.env.EFX_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:37017/?directConnection=true';
export const BENCH_DATABASE = 'efx_bench';
const INSERT_BATCH = 10_000;
/** Bump when eventDocument or a row's data changes, so old seeded data is not reused. */
const SEED_GENERATOR = 1;

export interface BenchCollection {
  client: MongoClient;
  collection: Collection;
  store: MongoEventStore;
  close(): Promise<void>;
}

/** Connects to the rig or skips the row with the command that starts it. */
export async function connectRig(): Promise<MongoClient> {
  // A short probe first, so a missing rig is a quick skip; then a client patient enough for a loaded machine
  // (with a short connect timeout the driver's monitor gives up mid-insert when the cores are busy).
  const probe = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000 });
  try {
    await probe.connect();
    await probe.db(BENCH_DATABASE).command({ ping: 1 });
  } catch (error) {
    throw new SkipBenchmark(`no MongoDB-wire server at ${MONGO_URL} (${error instanceof Error ? error.message : String(error)}); start the rig: npm run services:up`);
  } finally {
    await probe.close(true).catch(() => undefined);
  }
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 60_000, connectTimeoutMS: 60_000, socketTimeoutMS: 300_000 });
  await client.connect();
  return client;
}

/** Drops and refills `name` with `documents(i)` for i < count, in batches, with the store's unique index. */
export async function seedCollection(name: string, count: number, documents: (i: number) => Document, log: (line: string) => void): Promise<BenchCollection> {
  const client = await connectRig();
  const collection = client.db(BENCH_DATABASE).collection(name);
  const store = new MongoEventStore({
    connectionString: MONGO_URL,
    database: BENCH_DATABASE,
    eventsCollection: name,
    snapshotsCollection: `${name}_snapshots`,
    mapping: DEFAULT_FIELD_MAPPING,
    timeoutMs: 120_000,
  });
  const started = performance.now();
  // Seeding is minutes on FerretDB under load: data a previous run left complete (same generator, same count) is reused.
  const meta = client.db(BENCH_DATABASE).collection<{ _id: string; count: number; generator: number }>('bench_meta');
  const seeded = await meta.findOne({ _id: name });
  if (seeded?.count === count && seeded.generator === SEED_GENERATOR && (await collection.countDocuments()) === count) {
    log(`reusing ${BENCH_DATABASE}.${name} (${count.toLocaleString('en-US')} documents) seeded by an earlier run`);
    return handles(client, collection, store);
  }
  await meta.deleteOne({ _id: name });
  await collection.drop().catch(() => undefined);
  await store.ensureIndexes();
  for (let first = 0; first < count; first += INSERT_BATCH) {
    const batch: Document[] = [];
    for (let i = first; i < Math.min(count, first + INSERT_BATCH); i++) batch.push(documents(i));
    await collection.insertMany(batch, { ordered: false });
  }
  await meta.insertOne({ _id: name, count, generator: SEED_GENERATOR });
  log(`seeded ${BENCH_DATABASE}.${name} with ${count.toLocaleString('en-US')} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return handles(client, collection, store);
}

function handles(client: MongoClient, collection: Collection, store: MongoEventStore): BenchCollection {
  return {
    client,
    collection,
    store,
    async close() {
      await store.close();
      await client.close();
    },
  };
}

const START_MS = Date.parse('2026-01-05T09:00:00.000Z');

/** One event document in the store's default layout. */
export function eventDocument(aggregateId: string, version: number, i: number): Document {
  return {
    aggregate_id: aggregateId,
    aggregate_type: 'Order',
    event_id: `evt-${i}`,
    event_type: version === 1 ? 'OrderCreated' : 'ItemAdded',
    version,
    timestamp: new Date(START_MS + i * 1000),
    data: { sku: `SKU-${version % 8}`, quantity: 1 + (i % 3), unitPrice: 9.99 },
    metadata: { correlationId: `corr-${aggregateId}` },
  };
}

/** The note every MongoDB row carries: what the server is and why absolute figures mean little. */
export const FERRETDB_NOTE = 'FerretDB 1.24 on SQLite (no real mongod here): much slower than MongoDB on sorts, so only the ratio to the driver on the same server means something';
