import { changedPaths } from '../core/diff';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';

/** A stored snapshot: the state an aggregate had at a version (the Snapshot of the event stores). */
export interface StoredSnapshot {
  version: number;
  state: JsonValue;
}

export interface SnapshotCheck {
  version: number;
  /** Index of the event with that version; -1 when the stream has no such event. */
  index: number;
  matches: boolean;
  stored: JsonValue;
  replayed?: JsonValue;
  paths: string[];
  problem?: string;
}

/**
 * Re-folds the stream from its events and compares each stored snapshot with the state the events give at
 * its version: a snapshot written by older code, or by a reducer that changed since, shows its diff.
 */
export async function snapshotDrift(
  source: { stateAt(index: number): Promise<JsonValue> },
  events: readonly FlowEvent[],
  snapshots: readonly StoredSnapshot[],
): Promise<SnapshotCheck[]> {
  const indexOfVersion = new Map<number, number>();
  events.forEach((event, index) => {
    if (typeof event.version === 'number') indexOfVersion.set(event.version, index);
  });
  const checks: SnapshotCheck[] = [];
  for (const snapshot of [...snapshots].sort((a, b) => a.version - b.version)) {
    const index = indexOfVersion.get(snapshot.version);
    if (index === undefined) {
      checks.push({ version: snapshot.version, index: -1, matches: false, stored: snapshot.state, paths: [], problem: `no event has version ${snapshot.version}` });
      continue;
    }
    const replayed = await source.stateAt(index);
    const paths = changedPaths(snapshot.state, replayed);
    checks.push({ version: snapshot.version, index, matches: paths.length === 0, stored: snapshot.state, replayed, paths });
  }
  return checks;
}
