import { changedPaths } from '../core/diff';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { schemaVersionOf } from './upcast';
import type { UpcastResult } from './workerProtocol';

export interface UpcastRow {
  index: number;
  eventId: string;
  eventType: string;
  fromVersion: number;
  toVersion: number;
  before: FlowEvent;
  after: FlowEvent;
  /** Paths of the event that the upcasters changed. */
  changed: string[];
}

export interface UncoveredEvent {
  index: number;
  eventId: string;
  eventType: string;
  /** The version it stays at: no upcaster takes it further. */
  schemaVersion: number;
  /** The version the other events of its type reach. */
  latest: number;
}

export interface UpcastPreview {
  rows: UpcastRow[];
  uncovered: UncoveredEvent[];
  /** Per event type: the schema versions found in the stream and the latest one reached. */
  types: Record<string, { seen: number[]; latest: number }>;
}

/**
 * Each event before and after the workspace's upcasters, and the events none covers: those that end below
 * the latest schema version their type reaches in the stream (or below a version an upcaster produces).
 */
export function buildUpcastPreview(results: readonly UpcastResult[], upcasters: Record<string, number[]> = {}): UpcastPreview {
  const types: UpcastPreview['types'] = {};
  for (const result of results) {
    const type = result.before.type;
    const entry = (types[type] ??= { seen: [], latest: 0 });
    const from = schemaVersionOf(result.before);
    if (!entry.seen.includes(from)) entry.seen.push(from);
    entry.latest = Math.max(entry.latest, result.versions[result.versions.length - 1]);
  }
  for (const [type, versions] of Object.entries(upcasters)) {
    const entry = types[type];
    if (entry && versions.length > 0) entry.latest = Math.max(entry.latest, Math.max(...versions) + 1);
  }
  for (const entry of Object.values(types)) entry.seen.sort((a, b) => a - b);
  const rows: UpcastRow[] = [];
  const uncovered: UncoveredEvent[] = [];
  for (const result of results) {
    const { before, after, versions, index } = result;
    const toVersion = versions[versions.length - 1];
    rows.push({
      index,
      eventId: before.id,
      eventType: before.type,
      fromVersion: versions[0],
      toVersion,
      before,
      after,
      changed: changedPaths(before as unknown as JsonValue, after as unknown as JsonValue),
    });
    const latest = types[before.type].latest;
    if (toVersion < latest) uncovered.push({ index, eventId: before.id, eventType: before.type, schemaVersion: toVersion, latest });
  }
  return { rows, uncovered, types };
}
