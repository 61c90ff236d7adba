/**
 * How a list setting of profiles is written back after a save, a removal or a move of secrets: readable
 * entries are replaced by their profiles as saved (or dropped when removed), new profiles are appended,
 * and every entry that could not be read stays exactly as the user wrote it, in its place, with the reason
 * it could not be read. Rewriting the list from the readable profiles alone would delete the others
 * silently (a typo in one entry would cost the user that whole entry on the next save of another).
 */
export interface ReadEntry<P> {
  profile?: P;
  problem?: string;
}

export interface RewrittenSetting {
  entries: unknown[];
  /** One line per entry kept as it was: which, and why it could not be read. */
  keptUnreadable: string[];
}

type Slot<P> = { profile: P } | { raw: unknown; problem: string };

export function rewriteProfileEntries<P extends { id: string }>(
  raw: unknown,
  readOne: (entry: unknown, index: number) => ReadEntry<P>,
  change: (profiles: P[]) => P[],
  forSettings: (profile: P) => unknown,
): RewrittenSetting {
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const seen = new Set<string>();
  const slots: Slot<P>[] = list.map((entry, index) => {
    const read = readOne(entry, index);
    if (read.profile && !seen.has(read.profile.id)) {
      seen.add(read.profile.id);
      return { profile: read.profile };
    }
    const problem = read.profile ? `entry #${index + 1} repeats the id "${read.profile.id}"` : (read.problem ?? `entry #${index + 1} could not be read`);
    return { raw: entry, problem };
  });
  const next = change(slots.flatMap((slot) => ('profile' in slot ? [slot.profile] : [])));
  const byId = new Map(next.map((profile) => [profile.id, profile]));
  const written = new Set<string>();
  const entries: unknown[] = [];
  const keptUnreadable: string[] = [];
  for (const slot of slots) {
    if ('raw' in slot) {
      entries.push(slot.raw);
      keptUnreadable.push(slot.problem);
      continue;
    }
    const profile = byId.get(slot.profile.id);
    if (!profile) continue;
    entries.push(forSettings(profile));
    written.add(profile.id);
  }
  for (const profile of next) if (!written.has(profile.id)) entries.push(forSettings(profile));
  return { entries, keptUnreadable };
}
