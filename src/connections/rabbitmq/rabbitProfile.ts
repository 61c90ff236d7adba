import * as v from 'valibot';
import { parseAmqpUrl, parseManagementUrl, URL_PASSWORD_HINT, type RabbitOptions } from '../../connectors/rabbitmq/options';
import { readProfileList, type ProfileListFormat, type ProfilesInSettings } from '../profileList';
import type { ProfileMigration } from '../profileVersions';

/** The shape profiles are saved in now; see profileVersions.ts. */
export const RABBIT_PROFILE_VERSION = 1;
const MIGRATIONS: Record<number, ProfileMigration> = {};

/**
 * A saved RabbitMQ broker, as kept in settings: never with a secret. The password, the client key and its
 * passphrase live in SecretStorage under the profile id.
 */
export interface RabbitProfile {
  id: string;
  name: string;
  /** `amqp://host:port/vhost` or `amqps://…`, without credentials. */
  amqpUrl: string;
  /** `http(s)://host:port` of the management API. */
  managementUrl: string;
  username: string;
  tls?: { caFile?: string; certFile?: string; allowInvalidCertificates?: boolean };
  /** Every write (publish, purge, redrive, delete, declare) asks for confirmation first. */
  production: boolean;
  timeoutMs?: number;
  /** Per queue: where a message's aggregate id is (`header:<name>` or a JSON path like `$.orderId`). */
  aggregateIds?: Record<string, string>;
}

/** What SecretStorage holds for one profile. */
export interface RabbitSecrets {
  password?: string;
  /** PEM text of the client key. */
  tlsKey?: string;
  tlsPassphrase?: string;
}

const profileSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,80}$/, 'id must be letters, digits, - or _')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty')),
  amqpUrl: v.pipe(v.string(), v.trim(), v.minLength(1, 'amqpUrl must not be empty')),
  managementUrl: v.pipe(v.string(), v.trim(), v.minLength(1, 'managementUrl must not be empty')),
  username: v.optional(v.pipe(v.string(), v.minLength(1, 'username must not be empty')), 'guest'),
  tls: v.optional(v.object({ caFile: v.optional(v.string()), certFile: v.optional(v.string()), allowInvalidCertificates: v.optional(v.boolean()) })),
  production: v.optional(v.boolean(), false),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(300_000))),
  aggregateIds: v.optional(v.record(v.string(), v.pipe(v.string(), v.minLength(1)))),
});

export type RabbitProfilesResult = ProfilesInSettings<RabbitProfile, RabbitSecrets>;

export const RABBIT_SETTING = 'rabbitmq.brokers';

const RABBIT_PROFILE_LIST: ProfileListFormat<RabbitProfile, RabbitProfile, RabbitSecrets> = {
  setting: RABBIT_SETTING,
  noun: 'RabbitMQ broker',
  listOf: 'brokers',
  version: RABBIT_PROFILE_VERSION,
  migrations: MIGRATIONS,
  schema: profileSchema,
  takeSecrets,
  finish(parsed, secrets) {
    const checked = checkUrls(parsed.amqpUrl, parsed.managementUrl);
    if (!checked.ok) return checked.problem;
    // A password inside the AMQP URL moves to secret storage like one typed into its own field.
    if (checked.password !== undefined && secrets.password === undefined) secrets.password = checked.password;
    return { ...parsed, amqpUrl: checked.amqpUrl, managementUrl: checked.managementUrl };
  },
};

/** Reads the `eventFlows.rabbitmq.brokers` setting; each malformed entry is skipped and named. */
export function readRabbitProfiles(raw: unknown): RabbitProfilesResult {
  return readProfileList(raw, RABBIT_PROFILE_LIST);
}

type CheckedUrls = { ok: true; amqpUrl: string; managementUrl: string; password?: string } | { ok: false; problem: string };

/** Both URLs checked; credentials in the AMQP URL are taken out of it (the password goes to secret storage). */
export function checkUrls(amqpUrl: string, managementUrl: string): CheckedUrls {
  try {
    parseAmqpUrl(amqpUrl);
    const management = parseManagementUrl(managementUrl);
    const url = new URL(amqpUrl.trim());
    let password: string | undefined;
    try {
      password = url.password === '' ? undefined : decodeURIComponent(url.password);
    } catch {
      return { ok: false, problem: `the password in the AMQP URL has a % that starts no escape (write % as %25)${URL_PASSWORD_HINT}` };
    }
    url.username = '';
    url.password = '';
    return { ok: true, amqpUrl: url.toString(), managementUrl: management, ...(password === undefined ? {} : { password }) };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The user named in an AMQP URL, if any. */
export function userInUrl(amqpUrl: string): string | undefined {
  try {
    const name = new URL(amqpUrl.trim()).username;
    return name === '' ? undefined : decodeURIComponent(name);
  } catch {
    return undefined;
  }
}

const SECRET_FIELDS: Record<string, keyof RabbitSecrets> = { password: 'password', key: 'tlsKey', tlsKey: 'tlsKey', passphrase: 'tlsPassphrase', tlsPassphrase: 'tlsPassphrase' };

/** Removes secret fields from a raw entry (top level and `tls`) and returns them. */
function takeSecrets(record: Record<string, unknown>): RabbitSecrets {
  const secrets: RabbitSecrets = {};
  for (const holder of [record, record.tls]) {
    if (typeof holder !== 'object' || holder === null) continue;
    const fields = holder as Record<string, unknown>;
    for (const [field, secret] of Object.entries(SECRET_FIELDS)) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      delete fields[field];
      secrets[secret] = value;
    }
  }
  return secrets;
}

/** The profile as written back to settings: defaults left out, never a secret. */
export function rabbitProfileForSettings(profile: RabbitProfile): Record<string, unknown> {
  return {
    schemaVersion: RABBIT_PROFILE_VERSION,
    id: profile.id,
    name: profile.name,
    amqpUrl: profile.amqpUrl,
    managementUrl: profile.managementUrl,
    username: profile.username,
    ...(profile.tls ? { tls: profile.tls } : {}),
    ...(profile.production ? { production: true } : {}),
    ...(profile.timeoutMs !== undefined ? { timeoutMs: profile.timeoutMs } : {}),
    ...(profile.aggregateIds && Object.keys(profile.aggregateIds).length > 0 ? { aggregateIds: profile.aggregateIds } : {}),
  };
}

/** The connector's options from a profile, its secrets and the PEM files it names (read by the caller). */
export function rabbitOptionsOf(profile: RabbitProfile, secrets: RabbitSecrets, files: { ca?: string; cert?: string } = {}): RabbitOptions {
  const tls = profile.tls;
  return {
    amqpUrl: profile.amqpUrl,
    managementUrl: profile.managementUrl,
    username: profile.username,
    password: secrets.password ?? '',
    connectionName: `Event Flow Explorer (${profile.name})`,
    ...(profile.timeoutMs !== undefined ? { timeoutMs: profile.timeoutMs } : {}),
    ...(tls || files.ca !== undefined || files.cert !== undefined
      ? {
          tls: {
            ...(files.ca === undefined ? {} : { ca: files.ca }),
            ...(files.cert === undefined ? {} : { cert: files.cert }),
            ...(secrets.tlsKey === undefined ? {} : { key: secrets.tlsKey }),
            ...(secrets.tlsPassphrase === undefined ? {} : { passphrase: secrets.tlsPassphrase }),
            ...(tls?.allowInvalidCertificates ? { allowInvalidCertificates: true } : {}),
          },
        }
      : {}),
  };
}
