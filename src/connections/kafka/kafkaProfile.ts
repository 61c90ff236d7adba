import * as v from 'valibot';
import { checkKafkaOptions, type KafkaConnectionOptions, type KafkaSaslMechanism } from '../../connectors/kafka/options';
import { readProfileList, type ProfileListFormat, type ProfilesInSettings } from '../profileList';
import type { ProfileMigration } from '../profileVersions';

/** The shape profiles are saved in now; see profileVersions.ts. */
export const KAFKA_PROFILE_VERSION = 1;
const MIGRATIONS: Record<number, ProfileMigration> = {};

/**
 * A saved Kafka cluster, as kept in settings: never with a secret. The SASL password, the client key and
 * its passphrase live in SecretStorage under the profile id.
 */
export interface KafkaProfile {
  id: string;
  name: string;
  bootstrapServers: string[];
  clientId?: string;
  ssl?: { enabled: boolean; caFile?: string; certFile?: string; rejectUnauthorized?: boolean };
  sasl?: { mechanism: KafkaSaslMechanism; username: string };
  /** Every write (produce, create/delete topic, offset reset) asks for confirmation first. */
  production: boolean;
  timeoutMs?: number;
  /** A Confluent-API schema registry for registry-framed keys and values (its password in SecretStorage). */
  schemaRegistry?: { url: string; username?: string };
}

/** What SecretStorage holds for one profile. */
export interface KafkaSecrets {
  saslPassword?: string;
  /** PEM text of the client key. */
  sslKey?: string;
  sslPassphrase?: string;
  schemaRegistryPassword?: string;
}

const profileSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,80}$/, 'id must be letters, digits, - or _')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty')),
  bootstrapServers: v.pipe(v.array(v.pipe(v.string(), v.trim())), v.minLength(1, 'bootstrapServers must name at least one host:port')),
  clientId: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  ssl: v.optional(
    v.object({
      enabled: v.boolean(),
      caFile: v.optional(v.string()),
      certFile: v.optional(v.string()),
      rejectUnauthorized: v.optional(v.boolean()),
    }),
  ),
  sasl: v.optional(
    v.object({
      mechanism: v.picklist(['plain', 'scram-sha-256', 'scram-sha-512'], 'sasl.mechanism must be plain, scram-sha-256 or scram-sha-512'),
      username: v.pipe(v.string(), v.minLength(1, 'sasl.username must not be empty')),
    }),
  ),
  production: v.optional(v.boolean(), false),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(300_000))),
  schemaRegistry: v.optional(
    v.object({
      url: v.pipe(v.string(), v.trim(), v.regex(/^https?:\/\/[^\s/@]+(\/\S*)?$/, 'schemaRegistry.url must be an http(s) URL without credentials, e.g. http://localhost:8081')),
      username: v.optional(v.pipe(v.string(), v.minLength(1, 'schemaRegistry.username must not be empty'))),
    }),
  ),
});

const SECRET_FIELDS = ['password', 'saslPassword', 'sslKey', 'key', 'passphrase', 'sslPassphrase'];

export type KafkaProfilesResult = ProfilesInSettings<KafkaProfile, KafkaSecrets>;

const KAFKA_PROFILE_LIST: ProfileListFormat<KafkaProfile, KafkaProfile, KafkaSecrets> = {
  setting: 'kafka.clusters',
  noun: 'Kafka cluster',
  listOf: 'clusters',
  version: KAFKA_PROFILE_VERSION,
  migrations: MIGRATIONS,
  schema: profileSchema,
  takeSecrets,
  finish: (profile) => checkKafkaOptions({ bootstrapServers: profile.bootstrapServers }) ?? profile,
};

/** Reads the `eventFlows.kafka.clusters` setting; each malformed entry is skipped and named. */
export function readKafkaProfiles(raw: unknown): KafkaProfilesResult {
  return readProfileList(raw, KAFKA_PROFILE_LIST);
}

function takeSecrets(entry: Record<string, unknown>): KafkaSecrets {
  const secrets: KafkaSecrets = {};
  // The registry's password is its own secret: taken first, so the loop below does not read it as SASL's.
  const registry = entry.schemaRegistry;
  if (typeof registry === 'object' && registry !== null && typeof (registry as Record<string, unknown>).password === 'string') {
    secrets.schemaRegistryPassword = (registry as Record<string, string>).password;
    delete (registry as Record<string, unknown>).password;
  }
  for (const holder of [entry, entry.sasl, entry.ssl]) {
    if (typeof holder !== 'object' || holder === null) continue;
    const fields = holder as Record<string, unknown>;
    for (const field of SECRET_FIELDS) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      delete fields[field];
      if (field.toLowerCase().includes('passphrase')) secrets.sslPassphrase = value;
      else if (field.toLowerCase().includes('key')) secrets.sslKey = value;
      else secrets.saslPassword = value;
    }
  }
  return secrets;
}

/** The profile as written back to settings: defaults left out, never a secret. */
export function kafkaProfileForSettings(profile: KafkaProfile): Record<string, unknown> {
  return {
    schemaVersion: KAFKA_PROFILE_VERSION,
    id: profile.id,
    name: profile.name,
    bootstrapServers: profile.bootstrapServers,
    ...(profile.clientId ? { clientId: profile.clientId } : {}),
    ...(profile.ssl ? { ssl: profile.ssl } : {}),
    ...(profile.sasl ? { sasl: { mechanism: profile.sasl.mechanism, username: profile.sasl.username } } : {}),
    ...(profile.production ? { production: true } : {}),
    ...(profile.timeoutMs !== undefined ? { timeoutMs: profile.timeoutMs } : {}),
    ...(profile.schemaRegistry ? { schemaRegistry: profile.schemaRegistry } : {}),
  };
}

/** The connector's options from a profile, its secrets and the files it names (read by the caller). */
export function kafkaOptionsOf(profile: KafkaProfile, secrets: KafkaSecrets, files: { ca?: string; cert?: string } = {}): KafkaConnectionOptions {
  return {
    bootstrapServers: profile.bootstrapServers,
    clientId: profile.clientId ?? 'event-flow-explorer',
    ...(profile.timeoutMs !== undefined ? { operationTimeoutMs: profile.timeoutMs } : {}),
    ...(profile.ssl?.enabled
      ? {
          ssl: {
            ...(files.ca === undefined ? {} : { ca: files.ca }),
            ...(files.cert === undefined ? {} : { cert: files.cert }),
            ...(secrets.sslKey === undefined ? {} : { key: secrets.sslKey }),
            ...(secrets.sslPassphrase === undefined ? {} : { passphrase: secrets.sslPassphrase }),
            ...(profile.ssl.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: profile.ssl.rejectUnauthorized }),
          },
        }
      : {}),
    ...(profile.sasl ? { sasl: { mechanism: profile.sasl.mechanism, username: profile.sasl.username, password: secrets.saslPassword ?? '' } } : {}),
    ...(profile.schemaRegistry
      ? {
          decoding: {
            registry: {
              url: profile.schemaRegistry.url,
              ...(profile.schemaRegistry.username === undefined ? {} : { username: profile.schemaRegistry.username }),
              ...(secrets.schemaRegistryPassword === undefined ? {} : { password: secrets.schemaRegistryPassword }),
            },
          },
        }
      : {}),
  };
}
