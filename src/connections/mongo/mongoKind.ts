import type { ConnectionKind } from '../connectionKind';
import type { IdentityFor } from '../identitySetting';
import { MONGO_KIND, MongoStoreConnection } from './mongoConnection';
import type { MongoProfileStore } from './mongoProfileStore';
import { kindConnectors } from '../../connectorsLoader';

/** Saved MongoDB event stores: one connection per profile in `eventFlows.mongo.connections`. */
export function mongoConnectionKind(profiles: MongoProfileStore, identityFor: IdentityFor = () => undefined): ConnectionKind {
  return {
    id: MONGO_KIND,
    title: 'MongoDB event store',
    settings: ['mongo.connections', 'identity'],
    load: (report) =>
      profiles.read(report).map((profile) => {
        const connection = new MongoStoreConnection(profile, { password: (id) => profiles.password(id), createStore: (...args) => kindConnectors().mongo.createStore(...args) });
        connection.identity = identityFor(connection);
        return connection;
      }),
    // An unchanged profile keeps its connection (and stays connected) when another one is edited.
    sameAs: (connection) => (connection instanceof MongoStoreConnection ? JSON.stringify([connection.profile, connection.identity]) : connection.id),
  };
}
