/**
 * The recent past of moving figures, in memory and bounded, for small live charts. Figures are kept by
 * family: the series drawn together on one chart (a consumer group's lag, one series per partition; a
 * queue's depth, ready and unacked), all read at the same instants, so a family is one ring of times and
 * one ring of values per part. A read that failed is a gap (a row of no values), drawn as a break in the
 * line; consecutive failures make one gap. Bounded three ways: points per family (a ring), the time
 * window (older points are not read back), parts per family (later parts are folded into "other"), and
 * families in all (a family past the limit is refused and counted).
 */

export const OTHER_PART = 'other';

export interface SeriesStoreOptions {
  /** Points kept per family; the oldest is overwritten. */
  capacity: number;
  /** Points older than this before the newest are not read back (the last hour: 3,600,000). */
  windowMs: number;
  /** Parts per family, "other" included: the parts past it are folded into "other". */
  maxParts: number;
  /** Families in all: a new family past it is not kept (`refused` counts them). */
  maxFamilies: number;
}

/** How parts folded into "other" combine: counts and rates add up; a time lag takes the largest. */
export type Fold = 'sum' | 'max';

export interface SeriesWindow {
  parts: string[];
  times: number[];
  /** Per part, per time: the value, or null in a gap or before the part was first seen. */
  values: (number | null)[][];
}

class Family {
  readonly times: Float64Array;
  readonly values = new Map<string, Float64Array>();
  /** Index of the next write; `size` points are held, ending before `next`. */
  next = 0;
  size = 0;
  lastWasGap = false;

  constructor(
    readonly capacity: number,
    readonly fold: Fold,
  ) {
    this.times = new Float64Array(capacity);
  }

  part(name: string): Float64Array {
    let ring = this.values.get(name);
    if (ring === undefined) {
      ring = new Float64Array(this.capacity).fill(Number.NaN);
      this.values.set(name, ring);
    }
    return ring;
  }

  push(at: number, row: ReadonlyMap<string, number>): void {
    const slot = this.next;
    this.times[slot] = at;
    for (const ring of this.values.values()) ring[slot] = Number.NaN;
    for (const [name, value] of row) this.part(name)[slot] = value;
    this.next = (slot + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  latestTime(): number | undefined {
    return this.size === 0 ? undefined : this.times[(this.next - 1 + this.capacity) % this.capacity];
  }
}

export class SeriesStore {
  private readonly families = new Map<string, Family>();
  /** New families not kept because `maxFamilies` were held. */
  refused = 0;

  constructor(private readonly options: SeriesStoreOptions) {
    if (!(options.capacity >= 1 && options.maxParts >= 2 && options.maxFamilies >= 1)) throw new RangeError('A series store keeps at least one point, two parts and one family.');
  }

  /**
   * One reading of a family at `at`: a value per part. A part beyond `maxParts` − 1 known ones is folded
   * into "other" (summed or the largest, by the family's fold). A time earlier than the newest is ignored:
   * a chart's time only moves forward.
   */
  record(family: string, at: number, values: Iterable<readonly [string, number]>, fold: Fold = 'sum'): void {
    const kept = this.familyOf(family, fold);
    if (kept === undefined) return;
    const latest = kept.latestTime();
    if (latest !== undefined && at <= latest) return;
    const row = new Map<string, number>();
    for (const [part, value] of values) {
      if (!Number.isFinite(value)) continue;
      const name = kept.values.has(part) || (part !== OTHER_PART && kept.values.size < this.options.maxParts - 1) ? part : OTHER_PART;
      if (name !== part || !kept.values.has(name)) kept.part(name);
      const before = row.get(name);
      row.set(name, before === undefined ? value : kept.fold === 'max' ? Math.max(before, value) : before + value);
    }
    kept.push(at, row);
    kept.lastWasGap = false;
  }

  /** A failed read at `at` for these families: one row of no values, once per run of failures. */
  gap(families: Iterable<string>, at: number): void {
    for (const name of families) {
      const family = this.families.get(name);
      if (family === undefined || family.lastWasGap) continue;
      const latest = family.latestTime();
      if (latest !== undefined && at <= latest) continue;
      family.push(at, new Map());
      family.lastWasGap = true;
    }
  }

  /** The family's points of the window ending at its newest point, oldest first. */
  read(family: string): SeriesWindow | undefined {
    const kept = this.families.get(family);
    if (kept === undefined) return undefined;
    const parts = [...kept.values.keys()];
    const times: number[] = [];
    const values: (number | null)[][] = parts.map(() => []);
    const newest = kept.latestTime() ?? 0;
    for (let i = 0; i < kept.size; i += 1) {
      const slot = (kept.next - kept.size + i + kept.capacity) % kept.capacity;
      const at = kept.times[slot];
      if (at < newest - this.options.windowMs) continue;
      times.push(at);
      parts.forEach((part, p) => {
        const value = (kept.values.get(part) as Float64Array)[slot];
        values[p].push(Number.isNaN(value) ? null : value);
      });
    }
    return { parts, times, values };
  }

  /** The family's newest row: its time and each part's value (null in a gap). */
  latest(family: string): { at: number; parts: string[]; values: (number | null)[] } | undefined {
    const kept = this.families.get(family);
    const at = kept?.latestTime();
    if (kept === undefined || at === undefined) return undefined;
    const slot = (kept.next - 1 + kept.capacity) % kept.capacity;
    const parts = [...kept.values.keys()];
    return { at, parts, values: parts.map((part) => { const value = (kept.values.get(part) as Float64Array)[slot]; return Number.isNaN(value) ? null : value; }) };
  }

  /** The parts of a family, in the order they were first seen ("other" where it began). */
  parts(family: string): string[] {
    return [...(this.families.get(family)?.values.keys() ?? [])];
  }

  has(family: string): boolean {
    return this.families.has(family);
  }

  get familyCount(): number {
    return this.families.size;
  }

  /** Forgets the families whose names start with `prefix` (a chart removed, a connection gone). */
  drop(prefix: string): void {
    for (const name of [...this.families.keys()]) if (name.startsWith(prefix)) this.families.delete(name);
  }

  private familyOf(name: string, fold: Fold): Family | undefined {
    const found = this.families.get(name);
    if (found !== undefined) return found;
    if (this.families.size >= this.options.maxFamilies) {
      this.refused += 1;
      return undefined;
    }
    const family = new Family(this.options.capacity, fold);
    this.families.set(name, family);
    return family;
  }
}
