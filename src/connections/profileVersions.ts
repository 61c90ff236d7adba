/**
 * Saved profiles carry a `schemaVersion`, so a later release can reshape them without losing what users
 * saved: each migration turns version n into n + 1. A profile without one is version 1 (the first shape);
 * one from a newer release than this is refused by name rather than misread.
 */
export type ProfileMigration = (profile: Record<string, unknown>) => Record<string, unknown>;

export type MigratedProfile = { ok: true; profile: Record<string, unknown> } | { ok: false; problem: string };

export function migrateProfile(raw: unknown, current: number, migrations: Readonly<Record<number, ProfileMigration>>): MigratedProfile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: 'must be an object' };
  }
  let profile = { ...(raw as Record<string, unknown>) };
  const stated = profile.schemaVersion ?? 1;
  if (typeof stated !== 'number' || !Number.isInteger(stated) || stated < 1) {
    return { ok: false, problem: 'schemaVersion must be a whole number from 1' };
  }
  if (stated > current) {
    return { ok: false, problem: `schemaVersion ${stated} was written by a newer release (this one reads up to ${current})` };
  }
  for (let version = stated; version < current; version += 1) {
    const migration = migrations[version];
    if (!migration) {
      return { ok: false, problem: `no migration from schemaVersion ${version}` };
    }
    profile = migration(profile);
  }
  delete profile.schemaVersion;
  return { ok: true, profile };
}
