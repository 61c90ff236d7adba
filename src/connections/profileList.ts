import * as v from 'valibot';
import { migrateProfile, type ProfileMigration } from './profileVersions';

/** What a kind's settings reader makes of its setting: the valid profiles, and secrets typed into it by hand. */
export interface ProfilesInSettings<P, S> {
  profiles: P[];
  problems: string[];
  /** Secrets found in settings: they move to secret storage and out of the settings file. */
  withSecrets: { id: string; secrets: S }[];
}

/** How one kind's list of saved profiles reads: its setting, versions, schema, and where secrets hide. */
export interface ProfileListFormat<T, P extends { id: string }, S extends object> {
  /** The setting under `eventFlows`, e.g. `<kind>.clusters`. */
  setting: string;
  /** One entry, e.g. "MongoDB event store"; and the list, e.g. "stores". */
  noun: string;
  listOf: string;
  version: number;
  migrations: Readonly<Record<number, ProfileMigration>>;
  schema: v.GenericSchema<unknown, T>;
  /** Takes the secret fields out of the entry, so they never stay in a profile. */
  takeSecrets(entry: Record<string, unknown>): S;
  /** What the schema cannot check; it may complete the profile and its secrets. A string skips the entry. */
  finish(parsed: T, secrets: S): P | string;
}

/** Reads a list setting of profiles; each malformed entry is skipped and named, the rest are kept. */
export function readProfileList<T, P extends { id: string }, S extends object>(raw: unknown, format: ProfileListFormat<T, P, S>): ProfilesInSettings<P, S> {
  const result: ProfilesInSettings<P, S> = { profiles: [], problems: [], withSecrets: [] };
  if (raw === undefined || raw === null) return result;
  if (!Array.isArray(raw)) {
    result.problems.push(`Setting "eventFlows.${format.setting}" must be a list of ${format.listOf}; ignoring it.`);
    return result;
  }
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const where = `${format.noun} #${index + 1} in "eventFlows.${format.setting}"`;
    const migrated = migrateProfile(entry, format.version, format.migrations);
    if (!migrated.ok) {
      result.problems.push(`${where} is skipped: ${migrated.problem}.`);
      return;
    }
    const secrets = format.takeSecrets(migrated.profile);
    const parsed = v.safeParse(format.schema, migrated.profile);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const at = issue.path?.map((p) => String(p.key)).join('.');
      result.problems.push(`${where} is skipped: ${at ? `${at}: ` : ''}${issue.message}.`);
      return;
    }
    const profile = format.finish(parsed.output, secrets);
    if (typeof profile === 'string') {
      result.problems.push(`${where} is skipped: ${profile}`);
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
