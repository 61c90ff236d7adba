import * as v from 'valibot';
import { checkKafkaOptions, type KafkaConnectionOptions, type KafkaSaslMechanism } from '../../connectors/kafka/options';
import { migrateProfile, type ProfileMigration } from '../profileVersions';

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
}

/** What SecretStorage holds for one profile. */
export interface KafkaSecrets {
  saslPassword?: string;
  /** PEM text of the client key. */
  sslKey?: string;
  sslPassphrase?: string;
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
});

const SECRET_FIELDS = ['password', 'saslPassword', 'sslKey', 'key', 'passphrase', 'sslPassphrase'];

export interface KafkaProfilesResult {
  profiles: KafkaProfile[];
  problems: string[];
  /** Secrets typed into settings by hand: they must move to secret storage. */
  withSecrets: { id: string; secrets: KafkaSecrets }[];
}

/** Reads the `eventFlows.kafka.clusters` setting; each malformed entry is skipped and named. */
export function readKafkaProfiles(raw: unknown): KafkaProfilesResult {
  const result: KafkaProfilesResult = { profiles: [], problems: [], withSecrets: [] };
  if (raw === undefined || raw === null) return result;
  if (!Array.isArray(raw)) {
    result.problems.push('Setting "eventFlows.kafka.clusters" must be a list of clusters; ignoring it.');
    return result;
  }
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const where = `Kafka cluster #${index + 1} in "eventFlows.kafka.clusters"`;
    const migrated = migrateProfile(entry, KAFKA_PROFILE_VERSION, MIGRATIONS);
    if (!migrated.ok) {
      result.problems.push(`${where} is skipped: ${migrated.problem}.`);
      return;
    }
    const secrets = takeSecrets(migrated.profile);
    const parsed = v.safeParse(profileSchema, migrated.profile);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const at = issue.path?.map((p) => String(p.key)).join('.');
      result.problems.push(`${where} is skipped: ${at ? `${at}: ` : ''}${issue.message}.`);
      return;
    }
    const profile: KafkaProfile = parsed.output;
    const invalid = checkKafkaOptions({ bootstrapServers: profile.bootstrapServers });
    if (invalid) {
      result.problems.push(`${where} is skipped: ${invalid}`);
      return;
    }
    if (seen.has(profile.id)) {
      result.problems.push(`${where} repeats the id "${profile.id}"; skipped.`);
      return;
    }
    seen.add(profile.id);
    if (Object.keys(secrets).length > 0) result.withSecrets.push({ id: profile.id, secrets });
    result.profiles.push(profile);
  });
  return result;
}

/** Removes secret fields from a raw entry (top level, `sasl`, `ssl`) and returns them. */
function takeSecrets(entry: unknown): KafkaSecrets {
  const secrets: KafkaSecrets = {};
  if (typeof entry !== 'object' || entry === null) return secrets;
  const record = entry as Record<string, unknown>;
  for (const holder of [record, record.sasl, record.ssl]) {
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
  };
}
