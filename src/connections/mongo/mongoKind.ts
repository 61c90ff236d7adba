import type { ConnectionKind } from '../connectionKind';
import { MONGO_KIND, MongoStoreConnection } from './mongoConnection';
import type { MongoProfileStore } from './mongoProfileStore';
import { createMongoStore } from './mongoStoreFactory';

/** Saved MongoDB event stores: one connection per profile in `eventFlows.mongo.connections`. */
export function mongoConnectionKind(profiles: MongoProfileStore): ConnectionKind {
  return {
    id: MONGO_KIND,
    title: 'MongoDB event store',
    settings: ['mongo.connections'],
    load: (report) =>
      profiles.read(report).map((profile) => new MongoStoreConnection(profile, { password: (id) => profiles.password(id), createStore: createMongoStore })),
    // An unchanged profile keeps its connection (and stays connected) when another one is edited.
    sameAs: (connection) => (connection instanceof MongoStoreConnection ? JSON.stringify(connection.profile) : connection.id),
  };
}
