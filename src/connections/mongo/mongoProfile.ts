import * as v from 'valibot';
import { parseConnectionString } from '../../connectors/mongo/connectionString';
import { DEFAULT_FIELD_MAPPING, type FieldMapping } from '../../connectors/mongo/fieldMapping';
import type { MongoTlsOptions } from '../../connectors/mongo/mongoOptions';
import { readProfileList, type ProfileListFormat, type ProfilesInSettings } from '../profileList';
import type { ProfileMigration } from '../profileVersions';

/** The shape profiles are saved in now; see profileVersions.ts. */
export const MONGO_PROFILE_VERSION = 1;
const MIGRATIONS: Record<number, ProfileMigration> = {};

/** A saved MongoDB event store connection, as kept in settings: never with its password. */
export interface MongoProfile {
  id: string;
  name: string;
  connectionString: string;
  database: string;
  eventsCollection: string;
  snapshotsCollection: string;
  tls?: MongoTlsOptions;
  mapping: FieldMapping;
  timeoutMs?: number;
}

const fieldName = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.regex(/^[^$\0][^\0]*$/, 'must not start with $'));

const profileSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,80}$/, 'id must be letters, digits, - or _')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty')),
  connectionString: v.pipe(
    v.string(),
    v.check(
      (text) => parseConnectionString(text).ok,
      // The parser's own reason (it never repeats the string, which may hold a password).
      (issue) => {
        const parsed = parseConnectionString(String(issue.input));
        return parsed.ok ? 'connectionString cannot be read' : parsed.error;
      },
    ),
  ),
  database: v.pipe(v.string(), v.trim(), v.minLength(1, 'database must not be empty')),
  eventsCollection: v.optional(fieldName, 'events'),
  snapshotsCollection: v.optional(fieldName, 'snapshots'),
  tls: v.optional(
    v.object({
      enabled: v.boolean(),
      caFile: v.optional(v.string()),
      allowInvalidCertificates: v.optional(v.boolean()),
    }),
  ),
  mapping: v.optional(
    v.object({
      aggregateId: v.optional(fieldName),
      eventType: v.optional(fieldName),
      data: v.optional(fieldName),
      version: v.optional(fieldName),
      timestamp: v.optional(fieldName),
      eventId: v.optional(fieldName),
      aggregateType: v.optional(fieldName),
      metadata: v.optional(fieldName),
    }),
  ),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(120_000))),
});

/** What SecretStorage holds for one profile. */
export interface MongoSecrets {
  password?: string;
}

export type ProfilesResult = ProfilesInSettings<MongoProfile, MongoSecrets>;

const MONGO_PROFILE_LIST: ProfileListFormat<v.InferOutput<typeof profileSchema>, MongoProfile, MongoSecrets> = {
  setting: 'mongo.connections',
  noun: 'MongoDB connection',
  listOf: 'connections',
  version: MONGO_PROFILE_VERSION,
  migrations: MIGRATIONS,
  schema: profileSchema,
  // The only secret is a password inside the connection string, taken out when the entry is finished.
  takeSecrets: () => ({}),
  finish(profile, secrets) {
    const connection = parseConnectionString(profile.connectionString);
    if (connection.ok && connection.password !== undefined) secrets.password = connection.password;
    return {
      ...profile,
      // The schema refused a string the parser cannot read, so this is always the string without its password.
      connectionString: connection.ok ? connection.withoutPassword : '',
      mapping: { ...DEFAULT_FIELD_MAPPING, ...profile.mapping },
    };
  },
};

/** Reads the `eventFlows.mongo.connections` setting; each malformed entry is skipped and named. */
export function readMongoProfiles(raw: unknown): ProfilesResult {
  return readProfileList(raw, MONGO_PROFILE_LIST);
}

/** The profile as written back to settings: defaults left out, never a password. */
export function profileForSettings(profile: MongoProfile): Record<string, unknown> {
  const mapping = Object.fromEntries(
    Object.entries(profile.mapping).filter(([key, value]) => DEFAULT_FIELD_MAPPING[key as keyof FieldMapping] !== value),
  );
  const parsed = parseConnectionString(profile.connectionString);
  // Never write what cannot be read: it could hold a password the parser could not find.
  if (!parsed.ok) throw new Error(`not saving ${profile.name}: ${parsed.error}`);
  return {
    schemaVersion: MONGO_PROFILE_VERSION,
    id: profile.id,
    name: profile.name,
    connectionString: parsed.withoutPassword,
    database: profile.database,
    eventsCollection: profile.eventsCollection,
    snapshotsCollection: profile.snapshotsCollection,
    ...(profile.tls ? { tls: profile.tls } : {}),
    ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
    ...(profile.timeoutMs !== undefined ? { timeoutMs: profile.timeoutMs } : {}),
  };
}
