import type { MongoEventStore } from './mongoEventStore';

/**
 * What a server holds, for the connection wizard's pickers: database names (without the server's own)
 * and the collections of one database, each sorted. Both go through the store's connected client, so
 * they fail the way the store does (refused, authentication, TLS, timeout) with the password removed.
 */
const SYSTEM_DATABASES = new Set(['admin', 'config', 'local']);

export async function listDatabaseNames(store: MongoEventStore, signal?: AbortSignal): Promise<string[]> {
  const client = await store.mongoClient(signal);
  const { databases } = await store.guarded(() => client.db('admin').admin().listDatabases({ nameOnly: true }));
  return databases.map((d) => d.name).filter((name) => !SYSTEM_DATABASES.has(name)).sort();
}

export async function listCollectionNames(store: MongoEventStore, database: string, signal?: AbortSignal): Promise<string[]> {
  const client = await store.mongoClient(signal);
  const collections = await store.guarded(() => client.db(database).listCollections({}, { nameOnly: true }).toArray());
  return collections.map((c) => c.name).filter((name) => !name.startsWith('system.')).sort();
}
