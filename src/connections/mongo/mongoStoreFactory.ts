import { MongoEventStore } from '../../connectors/mongo/mongoEventStore';
import type { IdentityRules } from '../../core/identity';
import type { MongoProfile } from './mongoProfile';

/** The store of a saved profile; nothing connects (and the driver does not load) until it is used. */
export function createMongoStore(profile: MongoProfile, password: string | undefined, identity?: IdentityRules): MongoEventStore {
  return new MongoEventStore({
    connectionString: profile.connectionString,
    password,
    database: profile.database,
    eventsCollection: profile.eventsCollection,
    snapshotsCollection: profile.snapshotsCollection,
    mapping: profile.mapping,
    tls: profile.tls,
    timeoutMs: profile.timeoutMs,
    ...(identity ? { identity } : {}),
  });
}
