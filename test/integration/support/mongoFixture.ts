// A fresh database per test file on the plain FerretDB of the rig, a MongoEventStore on it, and a raw
// driver client for seeding documents the way other programs would have written them.
import * as net from 'node:net';
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { MongoEventStore } from '../../../src/connectors/mongo/mongoEventStore';
import { DEFAULT_FIELD_MAPPING } from '../../../src/connectors/mongo/fieldMapping';
import type { MongoStoreOptions } from '../../../src/connectors/mongo/mongoOptions';
import * as ports from '../../services/ports';

export function portOpen(port: number, host: string = ports.host): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function requireFerret(port: number = ports.mongo.port): Promise<void> {
  if (!(await portOpen(port))) {
    throw new Error(`FerretDB is not listening on ${ports.host}:${port}: run \`npm run services:up\` first`);
  }
}

export function randomDatabaseName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export function storeOptions(database: string, overrides: Partial<MongoStoreOptions> = {}): MongoStoreOptions {
  return {
    connectionString: ports.mongo.url,
    database,
    eventsCollection: 'events',
    snapshotsCollection: 'snapshots',
    mapping: { ...DEFAULT_FIELD_MAPPING },
    timeoutMs: 10_000,
    ...overrides,
  };
}

/** One database for one test file: `open` stores on it, `db` seeds it raw, `dispose` drops it. */
export class MongoFixture {
  readonly database: string;
  private client: MongoClient | undefined;
  private readonly stores: MongoEventStore[] = [];

  constructor(prefix: string) {
    this.database = randomDatabaseName(prefix);
  }

  async start(): Promise<void> {
    await requireFerret();
    this.client = new MongoClient(ports.mongo.url, { serverSelectionTimeoutMS: 10_000 });
    await this.client.connect();
  }

  get db(): Db {
    if (!this.client) throw new Error('MongoFixture.start() first');
    return this.client.db(this.database);
  }

  /** A store on this fixture's database; closed by dispose() unless the test closes it first. */
  open(overrides: Partial<MongoStoreOptions> = {}): MongoEventStore {
    const store = new MongoEventStore(storeOptions(this.database, overrides));
    this.stores.push(store);
    return store;
  }

  async dispose(): Promise<void> {
    for (const store of this.stores) await store.close().catch(() => undefined);
    if (this.client) {
      await this.client.db(this.database).dropDatabase().catch(() => undefined);
      await this.client.close(true);
    }
  }
}

/** Every batch of an async iterable of batches, and the batches' sizes. */
export async function collectBatches<T>(iterable: AsyncIterable<T[]>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  for await (const batch of iterable) {
    sizes.push(batch.length);
    for (const item of batch) items.push(item);
  }
  return { items, sizes };
}

/** Inserts documents in batches of `batchSize`, unordered, as a bulk loader would. */
export async function insertInBatches(db: Db, collection: string, docs: Iterable<Record<string, unknown>>, batchSize = 10_000): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === batchSize) {
      await db.collection(collection).insertMany(batch, { ordered: false });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await db.collection(collection).insertMany(batch, { ordered: false });
    count += batch.length;
  }
  return count;
}
