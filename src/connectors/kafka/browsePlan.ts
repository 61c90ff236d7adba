import type { BrowseCursor, BrowseStart } from '../broker';

/** A partition's offsets when the browse began: `low` is the first kept, `high` the next to be written. */
export interface PartitionWatermarks {
  partition: number;
  low: bigint;
  high: bigint;
}

/** Where reading one partition starts and where it stops (exclusive): the high watermark when the browse began. */
export interface PartitionRange {
  partition: number;
  start: bigint;
  end: bigint;
}

/**
 * Decides the range of each partition from the browse's start, without reading a message. A timestamp
 * start needs the broker's offset-for-time answer (`offsetsForTime`: partition → offset, -1 when no record
 * is that recent). Offsets outside what the partition keeps are moved inside it.
 */
export function planRanges(
  watermarks: readonly PartitionWatermarks[],
  start: BrowseStart,
  offsetsForTime?: ReadonlyMap<number, bigint>,
): PartitionRange[] {
  const clamp = (offset: bigint, w: PartitionWatermarks) => (offset < w.low ? w.low : offset > w.high ? w.high : offset);
  const cursorOf = new Map<number, bigint>();
  if (start.from === 'cursors') {
    for (const cursor of start.cursors) cursorOf.set(cursor.partition, parseOffset(cursor.next, `cursor of partition ${cursor.partition}`));
  }
  const ranges: PartitionRange[] = [];
  for (const w of watermarks) {
    let from: bigint;
    switch (start.from) {
      case 'beginning':
        from = w.low;
        break;
      case 'latest':
        from = w.high - BigInt(Math.max(0, Math.floor(start.count)));
        break;
      case 'offset':
        from = parseOffset(start.offset, 'start offset');
        break;
      case 'timestamp': {
        const found = offsetsForTime?.get(w.partition);
        // No record at or after the time: nothing to read in this partition (never "from the beginning").
        from = found === undefined || found < 0n ? w.high : found;
        break;
      }
      case 'cursors': {
        const cursor = cursorOf.get(w.partition);
        if (cursor === undefined) continue;
        from = cursor;
        break;
      }
    }
    ranges.push({ partition: w.partition, start: clamp(from, w), end: w.high });
  }
  return ranges;
}

export function parseOffset(text: string, what: string): bigint {
  if (!/^\d{1,19}$/.test(text.trim())) throw new RangeError(`The ${what} must be a whole number of 0 or more (got "${text}").`);
  return BigInt(text.trim());
}

export function cursorsOf(next: ReadonlyMap<number, bigint>): BrowseCursor[] {
  return [...next].sort(([a], [b]) => a - b).map(([partition, offset]) => ({ partition, next: offset.toString() }));
}
