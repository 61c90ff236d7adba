/**
 * What the store knows about each aggregate without reading its events again: type, version, last event
 * time and where each of its lines sits in the file. Everything is plain numbers and strings in flat
 * arrays so the whole index can later be written to disk and loaded by a new process as it is.
 */
import type { AggregateSummary, AggregateTypeSummary } from '../eventStore';

/**
 * One number per event line, as typed arrays: views into a loaded index file, or arrays rebuilt when the
 * aggregate gets new lines (added lines wait in one flat growable set until an entry is asked for).
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
  /** Entries in the order first seen, and each one's place in that order. */
  private readonly ordered: AggregateEntry[] = [];
  private readonly ordinals = new Map<AggregateEntry, number>();
  /** Lines added since the entries' slot arrays were last brought up to date, in file order. */
  private pending = new PendingSlots();
  /** Sorted ids per type, rebuilt lazily when a new aggregate of that type appears. */
  private readonly sortedIds = new Map<string, string[]>();

  /** The arrays of a loaded index file, and where each loaded entry's slots start in them (by ordinal). */
  private loaded: LoadedSlots | undefined;
  private loadedStarts = new Float64Array(0);
  /** Per ordinal: 1 while a loaded entry's slots are not cut out of the loaded arrays yet. */
  private unsliced = new Uint8Array(0);

  /**
   * An index as it was saved (see indexFile.ts). Each entry's slots stay in the loaded arrays until the
   * entry is first asked for, so loading costs one small object per aggregate, not work per event.
   */
  static fromLoaded(aggregates: readonly LoadedAggregate[], arrays: LoadedSlots): AggregateIndex {
    const index = new AggregateIndex();
    const starts = new Float64Array(aggregates.length + 1);
    for (let o = 0; o < aggregates.length; o++) {
      const { id, type, version, lastEventAt, versionsAscending, count } = aggregates[o];
      const entry: AggregateEntry = { id, type, version, lastEventAt, offsets: EMPTY_SLOTS, lengths: EMPTY_SLOTS, lines: EMPTY_SLOTS, versions: EMPTY_SLOTS, versionsAscending };
      index.aggregates.set(id, entry);
      index.ordinals.set(entry, o);
      index.ordered.push(entry);
      starts[o + 1] = starts[o] + count;
    }
    index.loaded = arrays;
    index.loadedStarts = starts;
    index.unsliced = new Uint8Array(aggregates.length).fill(1);
    return index;
  }

  /** Every aggregate's entry, in the order each was first seen. */
  entries(): AggregateEntry[] {
    this.settle();
    return [...this.aggregates.keys()].map((id) => this.get(id, false) as AggregateEntry);
  }

  /** Records one event line. Returns a problem to report when the line disagrees with earlier ones. */
  add(event: IndexedEvent, position: Omit<LinePosition, 'version'>): string | undefined {
    return this.addLine(event.aggregateId, event.aggregateType, event.version, event.timestamp, position.offset, position.length, position.line);
  }

  /**
   * add() without an event object; `timestamp` may be a function, called only when this line becomes the
   * aggregate's latest (a scan then decodes one timestamp per aggregate, not one per line).
   */
  addLine(aggregateId: string, aggregateType: string, version: number, timestamp: string | (() => string), offset: number, length: number, line: number): string | undefined {
    let entry = this.aggregates.get(aggregateId);
    if (entry === undefined) {
      entry = {
        id: aggregateId,
        type: aggregateType,
        version: 0,
        lastEventAt: '',
        offsets: EMPTY_SLOTS,
        lengths: EMPTY_SLOTS,
        lines: EMPTY_SLOTS,
        versions: EMPTY_SLOTS,
        versionsAscending: true,
      };
      this.aggregates.set(aggregateId, entry);
      this.ordinals.set(entry, this.ordered.length);
      this.ordered.push(entry);
      this.sortedIds.delete(entry.type);
    }
    if (version <= entry.version) entry.versionsAscending = false;
    if (version >= entry.version) {
      entry.version = version;
      entry.lastEventAt = typeof timestamp === 'string' ? timestamp : timestamp();
    }
    this.pending.push(this.ordinals.get(entry) as number, offset, length, line, version);
    if (aggregateType !== entry.type) {
      return `aggregate ${entry.id} is of type "${entry.type}" but this event says "${aggregateType}"`;
    }
    return undefined;
  }

  /** Adds the pending slots to their entries: each touched entry gets new typed arrays, once. */
  private settle(): void {
    const pending = this.pending;
    if (pending.count === 0) return;
    const counts = new Uint32Array(this.ordered.length + 1);
    for (let i = 0; i < pending.count; i++) counts[pending.owners[i] + 1] += 1;
    // counts[o] becomes where ordinal o's pending slots start in `order`.
    for (let o = 1; o < counts.length; o++) counts[o] += counts[o - 1];
    const starts = counts.slice();
    const order = new Uint32Array(pending.count);
    for (let i = 0; i < pending.count; i++) order[counts[pending.owners[i]]++] = i;
    for (let o = 0; o < this.ordered.length; o++) {
      const first = starts[o];
      const added = starts[o + 1] - first;
      if (added === 0) continue;
      const entry = this.get(this.ordered[o].id, false) as AggregateEntry;
      const had = entry.offsets.length;
      const offsets = new Float64Array(had + added);
      const lengths = new Uint32Array(had + added);
      const lines = new Uint32Array(had + added);
      const versions = new Float64Array(had + added);
      for (let k = 0; k < had; k++) {
        offsets[k] = entry.offsets[k];
        lengths[k] = entry.lengths[k];
        lines[k] = entry.lines[k];
        versions[k] = entry.versions[k];
      }
      for (let k = 0; k < added; k++) {
        const slot = order[first + k];
        offsets[had + k] = pending.offsets[slot];
        lengths[had + k] = pending.lengths[slot];
        lines[had + k] = pending.lines[slot];
        versions[had + k] = pending.versions[slot];
      }
      entry.offsets = offsets;
      entry.lengths = lengths;
      entry.lines = lines;
      entry.versions = versions;
    }
    this.pending = new PendingSlots();
  }

  get(aggregateId: string, settle = true): AggregateEntry | undefined {
    if (settle) this.settle();
    const entry = this.aggregates.get(aggregateId);
    if (entry === undefined || this.loaded === undefined) return entry;
    const ordinal = this.ordinals.get(entry) as number;
    if (ordinal < this.unsliced.length && this.unsliced[ordinal] === 1) {
      const arrays = this.loaded;
      const start = this.loadedStarts[ordinal];
      const end = this.loadedStarts[ordinal + 1];
      entry.offsets = arrays.offsets.subarray(start, end);
      entry.lengths = arrays.lengths.subarray(start, end);
      entry.lines = arrays.lines.subarray(start, end);
      entry.versions = arrays.versions.subarray(start, end);
      this.unsliced[ordinal] = 0;
    }
    return entry;
  }

  /** The type an aggregate is indexed with, if it is indexed. */
  typeOf(aggregateId: string): string | undefined {
    return this.aggregates.get(aggregateId)?.type;
  }

  /** For aggregates whose lines carry no type: the version of the event their guessed type came from. */
  readonly guessedFrom = new Map<string, number>();

  /** Gives an aggregate another type (a better guess arrived); the id lists of both types are rebuilt. */
  retype(aggregateId: string, type: string): void {
    const entry = this.aggregates.get(aggregateId);
    if (entry === undefined || entry.type === type) return;
    this.sortedIds.delete(entry.type);
    this.sortedIds.delete(type);
    entry.type = type;
  }

  /** Every aggregate id in ascending order (as idsOfType sorts them). */
  allIds(): string[] {
    return [...this.aggregates.keys()].sort(compareIds);
  }

  /** Event lines indexed, every aggregate's together. */
  eventCount(): number {
    return this.entries().reduce((sum, entry) => sum + entry.offsets.length, 0);
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

const EMPTY_SLOTS = new Float64Array(0);
const FIRST_PENDING_CAPACITY = 1024;

/** One growable set of flat arrays for the lines added since the last settle, whatever their aggregate. */
class PendingSlots {
  count = 0;
  owners = new Uint32Array(FIRST_PENDING_CAPACITY);
  offsets = new Float64Array(FIRST_PENDING_CAPACITY);
  lengths = new Uint32Array(FIRST_PENDING_CAPACITY);
  lines = new Uint32Array(FIRST_PENDING_CAPACITY);
  versions = new Float64Array(FIRST_PENDING_CAPACITY);

  push(owner: number, offset: number, length: number, line: number, version: number): void {
    if (this.count === this.owners.length) this.grow();
    const i = this.count++;
    this.owners[i] = owner;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.lines[i] = line;
    this.versions[i] = version;
  }

  private grow(): void {
    const capacity = this.owners.length * 2;
    this.owners = grown(new Uint32Array(capacity), this.owners);
    this.offsets = grown(new Float64Array(capacity), this.offsets);
    this.lengths = grown(new Uint32Array(capacity), this.lengths);
    this.lines = grown(new Uint32Array(capacity), this.lines);
    this.versions = grown(new Float64Array(capacity), this.versions);
  }
}

function grown<T extends Float64Array | Uint32Array>(bigger: T, current: T): T {
  bigger.set(current);
  return bigger;
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
