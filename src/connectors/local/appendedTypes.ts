/**
 * The Local store's events per type for a monitor: the lines appended since counting began are read once
 * each, from where the last reading stopped to where the index has read, at most `MAX_BYTES_PER_READ` a
 * time (a burst is counted over the next readings, not all at once). A file replaced or cut short starts
 * the count again, which a rate reads as "no rate" rather than a negative one.
 */
import { promises as fs } from 'node:fs';
import { TypeCounts } from '../../core/typeCounts';
import { checkEventLine } from './eventLine';

export const MAX_BYTES_PER_READ = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export class AppendedTypes {
  private counts: TypeCounts | undefined;
  private from = 0;

  constructor(private readonly file: string) {}

  /** The counts with every whole line before `end` taken (the first call starts counting at `end`). */
  async read(end: number, signal?: AbortSignal): Promise<[string, number][]> {
    if (this.counts === undefined || end < this.from) {
      this.counts = new TypeCounts();
      this.from = end;
    }
    if (end > this.from) await this.take(Math.min(end, this.from + MAX_BYTES_PER_READ), signal);
    return this.counts.entries();
  }

  private async take(until: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const counts = this.counts as TypeCounts;
    const buffer = Buffer.alloc(until - this.from);
    const handle = await fs.open(this.file, 'r');
    try {
      await handle.read(buffer, 0, buffer.length, this.from);
    } finally {
      await handle.close();
    }
    let start = 0;
    for (let newline = buffer.indexOf(NEWLINE); newline >= 0; newline = buffer.indexOf(NEWLINE, start)) {
      const text = buffer.toString('utf8', start, newline).trim();
      start = newline + 1;
      if (text === '') continue;
      const line = checkEventLine(text);
      // A line the store cannot read is not an event of any type (the store reports it where it lists problems).
      if (line.ok) counts.add(line.value.type);
    }
    this.from += start;
  }
}
