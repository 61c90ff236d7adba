/**
 * Reads chosen lines of a file by offset. Neighbouring lines (an aggregate's events are usually appended
 * together) are fetched with one read so a stream costs few system calls, never a pass over the file.
 */
import type { FileHandle } from 'node:fs/promises';

/** Lines closer than this are read together, the bytes between them discarded. */
const MAX_GAP_BYTES = 16 * 1024;
const MAX_SPAN_BYTES = 4 * 1024 * 1024;

export interface LineRange {
  offset: number;
  length: number;
}

/** One Buffer per range, in the order given; a range past the end of the file comes back short. */
export async function readLineRanges(handle: FileHandle, ranges: readonly LineRange[]): Promise<Buffer[]> {
  const result: Buffer[] = new Array<Buffer>(ranges.length);
  let first = 0;
  while (first < ranges.length) {
    let last = first;
    while (last + 1 < ranges.length && joinable(ranges[first], ranges[last], ranges[last + 1])) last += 1;
    const spanStart = ranges[first].offset;
    const spanEnd = ranges[last].offset + ranges[last].length;
    const span = Buffer.alloc(spanEnd - spanStart);
    const { bytesRead } = await handle.read(span, 0, span.length, spanStart);
    for (let i = first; i <= last; i++) {
      const start = ranges[i].offset - spanStart;
      result[i] = span.subarray(start, Math.min(start + ranges[i].length, bytesRead));
    }
    first = last + 1;
  }
  return result;
}

function joinable(first: LineRange, previous: LineRange, next: LineRange): boolean {
  const previousEnd = previous.offset + previous.length;
  return next.offset >= previousEnd && next.offset - previousEnd <= MAX_GAP_BYTES && next.offset + next.length - first.offset <= MAX_SPAN_BYTES;
}
