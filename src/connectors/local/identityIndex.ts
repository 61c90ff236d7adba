/**
 * Correlation id and event id → the lines that may hold them, built beside the aggregate index from the
 * same scan and under the same rules (an outside append is indexed on the next refresh; a rewrite resets
 * both). Lines are found by their bytes, without parsing: a candidate is decoded and checked before it is
 * answered, so a key that occurs in `data` costs a read, never a wrong answer. An index adopted from the
 * index file covers only what was scanned since; `coversFrom` says where, and the store scans the rest
 * once before the first lookup.
 */
const CORRELATION_KEYS = ['correlation_id', 'correlationId', '$correlationId'].map((k) => Buffer.from(`"${k}"`));
const EVENT_ID_KEYS = ['event_id'].map((k) => Buffer.from(`"${k}"`));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

export interface LineRef {
  offset: number;
  length: number;
}

export class IdentityIndex {
  private readonly correlation = new Map<string, number[]>();
  private readonly eventIds = new Map<string, number>();
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  /** Offset from which every line is indexed here (0: the whole file). */
  coversFrom = 0;

  constructor(coversFrom = 0) {
    this.coversFrom = coversFrom;
  }

  get size(): number {
    return this.offsets.length;
  }

  /** Takes one line (`buffer[start, end)`, at `offset` in the file). */
  addLine(buffer: Buffer, start: number, end: number, offset: number): void {
    const ref = this.offsets.length;
    // A view of the line alone: a search of the whole chunk for a key this line lacks would read every
    // later line of the chunk, once per line.
    const line = buffer.subarray(start, end);
    let used = false;
    for (const key of CORRELATION_KEYS) {
      const value = stringAfterKey(line, key);
      if (value === undefined) continue;
      const refs = this.correlation.get(value);
      if (refs === undefined) this.correlation.set(value, [ref]);
      else if (refs[refs.length - 1] !== ref) refs.push(ref);
      used = true;
    }
    for (const key of EVENT_ID_KEYS) {
      const value = stringAfterKey(line, key);
      if (value === undefined) continue;
      this.eventIds.set(value, ref);
      used = true;
    }
    if (used) {
      this.offsets.push(offset);
      this.lengths.push(end - start);
    }
  }

  /** Lines that may hold this correlation id, in file order. */
  correlationLines(id: string): LineRef[] {
    return (this.correlation.get(id) ?? []).map((ref) => this.line(ref)).sort((a, b) => a.offset - b.offset);
  }

  /** The line that may hold this event id. */
  eventIdLines(id: string): LineRef[] {
    const ref = this.eventIds.get(id);
    return ref === undefined ? [] : [this.line(ref)];
  }

  private line(ref: number): LineRef {
    return { offset: this.offsets[ref], length: this.lengths[ref] };
  }
}

/**
 * The string value after the first occurrence of `key` (with its quotes) followed by a colon in `buffer` (one line);
 * undefined when the key is absent or not followed by a string. Escapes are decoded.
 */
function stringAfterKey(buffer: Buffer, key: Buffer): string | undefined {
  const end = buffer.length;
  let at = buffer.indexOf(key);
  while (at >= 0 && at + key.length < end) {
    let i = skipSpace(buffer, at + key.length, end);
    if (buffer[i] === COLON) {
      i = skipSpace(buffer, i + 1, end);
      if (buffer[i] !== QUOTE) return undefined;
      const from = i + 1;
      let escaped = false;
      for (i = from; i < end && buffer[i] !== QUOTE; i += 1) {
        if (buffer[i] === BACKSLASH) {
          escaped = true;
          i += 1;
        }
      }
      if (i >= end) return undefined;
      if (!escaped) return buffer.toString('utf8', from, i);
      try {
        return JSON.parse(buffer.toString('utf8', from - 1, i + 1)) as string;
      } catch {
        return undefined;
      }
    }
    at = buffer.indexOf(key, at + key.length);
  }
  return undefined;
}

function skipSpace(buffer: Buffer, i: number, end: number): number {
  while (i < end && (buffer[i] === 0x20 || buffer[i] === 0x09 || buffer[i] === 0x0d || buffer[i] === 0x0a)) i += 1;
  return i;
}
