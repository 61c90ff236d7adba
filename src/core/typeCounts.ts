/**
 * Events counted per type, bounded: the first `maxTypes` − 1 types seen keep a count each and every later
 * type adds to "other", so a source with 10,000 distinct types (a type field holding ids by mistake) costs
 * the same memory as one with a few. Counts only grow: a rate per type is the difference of two readings.
 */
import { OTHER_PART } from './seriesStore';

export const DEFAULT_MAX_TYPES = 50;

export class TypeCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxTypes = DEFAULT_MAX_TYPES) {
    if (!(maxTypes >= 2)) throw new RangeError('Type counts keep at least one type and "other".');
  }

  add(type: string, count = 1): void {
    const name = this.counts.has(type) || (type !== OTHER_PART && this.counts.size < this.maxTypes - 1) ? type : OTHER_PART;
    this.counts.set(name, (this.counts.get(name) ?? 0) + count);
  }

  /** The counts now, in the order the types were first seen ("other" where it began). */
  entries(): [string, number][] {
    return [...this.counts];
  }
}

/**
 * Per type, events per second between two readings of cumulative counts; a type new since the earlier
 * reading counts from 0. A count that went down (counting began again) gives no rates at all.
 */
export function typeRates(current: readonly (readonly [string, number])[], previous: readonly (readonly [string, number])[], seconds: number): [string, number][] | undefined {
  if (!(seconds > 0)) return undefined;
  const before = new Map(previous);
  const rates: [string, number][] = [];
  for (const [type, count] of current) {
    const moved = count - (before.get(type) ?? 0);
    if (moved < 0) return undefined;
    rates.push([type, moved / seconds]);
  }
  return rates;
}
