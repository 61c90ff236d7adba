/**
 * What the store knows about each aggregate without reading its events again: type, version, last event
 * time and where each of its lines sits in the file. Everything is plain numbers and strings in flat
 * arrays so the whole index can later be written to disk and loaded by a new process as it is.
 */
import type { AggregateSummary, AggregateTypeSummary } from '../types';

export interface AggregateEntry {
  id: string;
  type: string;
  /** Highest version stored. */
  version: number;
  /** Timestamp of the event with the highest version. */
  lastEventAt: string;
  /** Parallel arrays, one slot per stored event line, in file order. */
  offsets: number[];
  lengths: number[];
  lines: number[];
  versions: number[];
  /** False once a line arrived with a version not above the ones before it (a hand-edited file). */
  versionsAscending: boolean;
}

export interface LinePosition {
  offset: number;
  length: number;
  line: number;
  version: number;
}

export interface IndexedEvent {
  aggregateId: string;
  aggregateType: string;
  version: number;
  timestamp: string;
}

export class AggregateIndex {
  private readonly aggregates = new Map<string, AggregateEntry>();
  /** Sorted ids per type, rebuilt lazily when a new aggregate of that type appears. */
  private readonly sortedIds = new Map<string, string[]>();

  /** Records one event line. Returns a problem to report when the line disagrees with earlier ones. */
  add(event: IndexedEvent, position: Omit<LinePosition, 'version'>): string | undefined {
    let entry = this.aggregates.get(event.aggregateId);
    if (entry === undefined) {
      entry = {
        id: event.aggregateId,
        type: event.aggregateType,
        version: 0,
        lastEventAt: event.timestamp,
        offsets: [],
        lengths: [],
        lines: [],
        versions: [],
        versionsAscending: true,
      };
      this.aggregates.set(entry.id, entry);
      this.sortedIds.delete(entry.type);
    }
    if (event.version <= entry.version) entry.versionsAscending = false;
    if (event.version >= entry.version) {
      entry.version = event.version;
      entry.lastEventAt = event.timestamp;
    }
    entry.offsets.push(position.offset);
    entry.lengths.push(position.length);
    entry.lines.push(position.line);
    entry.versions.push(event.version);
    if (event.aggregateType !== entry.type) {
      return `aggregate ${entry.id} is of type "${entry.type}" but this event says "${event.aggregateType}"`;
    }
    return undefined;
  }

  get(aggregateId: string): AggregateEntry | undefined {
    return this.aggregates.get(aggregateId);
  }

  types(): AggregateTypeSummary[] {
    const counts = new Map<string, number>();
    for (const entry of this.aggregates.values()) counts.set(entry.type, (counts.get(entry.type) ?? 0) + 1);
    return [...counts]
      .map(([name, aggregateCount]) => ({ name, aggregateCount }))
      .sort((a, b) => compareIds(a.name, b.name));
  }

  /** Ids of one type in ascending order (by UTF-16 code units, like a plain string sort). */
  idsOfType(type: string): readonly string[] {
    let ids = this.sortedIds.get(type);
    if (ids === undefined) {
      ids = [];
      for (const entry of this.aggregates.values()) if (entry.type === type) ids.push(entry.id);
      ids.sort(compareIds);
      this.sortedIds.set(type, ids);
    }
    return ids;
  }

  summary(aggregateId: string): AggregateSummary | undefined {
    const entry = this.aggregates.get(aggregateId);
    if (entry === undefined) return undefined;
    return { id: entry.id, type: entry.type, version: entry.version, lastEventAt: entry.lastEventAt };
  }
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The lines of one aggregate at or above `fromVersion`, in version order (file order among equals). */
export function positionsFrom(entry: AggregateEntry, fromVersion: number): LinePosition[] {
  const slots: number[] = [];
  for (let i = 0; i < entry.versions.length; i++) if (entry.versions[i] >= fromVersion) slots.push(i);
  if (!entry.versionsAscending) slots.sort((a, b) => entry.versions[a] - entry.versions[b] || a - b);
  return slots.map((i) => ({ offset: entry.offsets[i], length: entry.lengths[i], line: entry.lines[i], version: entry.versions[i] }));
}
