/**
 * What the store knows about each aggregate without reading its events again: type, version, last event
 * time and where each of its lines sits in the file. Everything is plain numbers and strings in flat
 * arrays so the whole index can later be written to disk and loaded by a new process as it is.
 */
import type { AggregateSummary, AggregateTypeSummary } from '../types';

/**
 * One number per event line. Plain arrays while the index grows; read-only typed views into a loaded index
 * file until the aggregate gets a new line, so loading costs no per-event work for aggregates never touched.
 */
export type Slots = number[] | Float64Array | Uint32Array;

export interface AggregateEntry {
  id: string;
  type: string;
  /** Highest version stored. */
  version: number;
  /** Timestamp of the event with the highest version. */
  lastEventAt: string;
  /** Parallel arrays, one slot per stored event line, in file order. */
  offsets: Slots;
  lengths: Slots;
  lines: Slots;
  versions: Slots;
  /** False once a line arrived with a version not above the ones before it (a hand-edited file). */
  versionsAscending: boolean;
}

/** The four slot arrays of a loaded index file, every aggregate's slots one after another. */
export interface LoadedSlots {
  offsets: Float64Array;
  versions: Float64Array;
  lengths: Uint32Array;
  lines: Uint32Array;
}

/** An aggregate as an index file lists it: its summary and how many slots it has. */
export interface LoadedAggregate {
  id: string;
  type: string;
  version: number;
  lastEventAt: string;
  versionsAscending: boolean;
  count: number;
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

  /** Entries loaded from an index file whose slots are not cut out of the loaded arrays yet, by id. */
  private readonly unsliced = new Map<string, { start: number; arrays: LoadedSlots }>();
  /** How many slots each unsliced entry has. */
  private counts = new Map<string, number>();

  /**
   * An index as it was saved (see indexFile.ts). Each entry's slots stay in the loaded arrays until the
   * entry is first asked for, so loading costs one small object per aggregate, not work per event.
   */
  static fromLoaded(aggregates: readonly LoadedAggregate[], arrays: LoadedSlots): AggregateIndex {
    const index = new AggregateIndex();
    let start = 0;
    for (const aggregate of aggregates) {
      const { count, ...summary } = aggregate;
      const empty = arrays.offsets.subarray(0, 0);
      index.aggregates.set(summary.id, { ...summary, offsets: empty, lengths: empty, lines: empty, versions: empty });
      index.unsliced.set(summary.id, { start, arrays });
      start += count;
    }
    index.counts = new Map(aggregates.map((aggregate) => [aggregate.id, aggregate.count]));
    return index;
  }

  /** Every aggregate's entry, in the order each was first seen. */
  entries(): AggregateEntry[] {
    return [...this.aggregates.keys()].map((id) => this.get(id) as AggregateEntry);
  }

  /** Records one event line. Returns a problem to report when the line disagrees with earlier ones. */
  add(event: IndexedEvent, position: Omit<LinePosition, 'version'>): string | undefined {
    // While a scan adds a million lines, one Map lookup per line matters; loaded entries need slicing first.
    let entry = this.unsliced.size === 0 ? this.aggregates.get(event.aggregateId) : this.get(event.aggregateId);
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
    if (!Array.isArray(entry.offsets)) thaw(entry);
    if (event.version <= entry.version) entry.versionsAscending = false;
    if (event.version >= entry.version) {
      entry.version = event.version;
      entry.lastEventAt = event.timestamp;
    }
    (entry.offsets as number[]).push(position.offset);
    (entry.lengths as number[]).push(position.length);
    (entry.lines as number[]).push(position.line);
    (entry.versions as number[]).push(event.version);
    if (event.aggregateType !== entry.type) {
      return `aggregate ${entry.id} is of type "${entry.type}" but this event says "${event.aggregateType}"`;
    }
    return undefined;
  }

  get(aggregateId: string): AggregateEntry | undefined {
    const entry = this.aggregates.get(aggregateId);
    const loaded = this.unsliced.get(aggregateId);
    if (entry !== undefined && loaded !== undefined) {
      const { start, arrays } = loaded;
      const end = start + (this.counts.get(aggregateId) ?? 0);
      entry.offsets = arrays.offsets.subarray(start, end);
      entry.lengths = arrays.lengths.subarray(start, end);
      entry.lines = arrays.lines.subarray(start, end);
      entry.versions = arrays.versions.subarray(start, end);
      this.unsliced.delete(aggregateId);
    }
    return entry;
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

/** Loaded typed views become plain arrays before the first new line of their aggregate is added. */
function thaw(entry: AggregateEntry): void {
  entry.offsets = Array.from(entry.offsets);
  entry.lengths = Array.from(entry.lengths);
  entry.lines = Array.from(entry.lines);
  entry.versions = Array.from(entry.versions);
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
