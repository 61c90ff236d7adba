import type { FlowEvent } from '../../core/envelope';
import { logPositionOf, missingValueOf } from '../../core/sourceDescribers';
import type { MessagePosition, MessageRow, MessageSort } from '../../protocol/messageBrowser';
import { sortedPositions, type SortKey } from './browseOrder';

/** Characters of a value's preview the store keeps per message: the table shows one line. */
export const PREVIEW_CHARS = 100;
/** A correlation id kept per message (ids are short; a longer one is cut here, whole in the message itself). */
const CORRELATION_CHARS = 500;
/** The headers' text kept per message: the cell cuts it with an ellipsis, its tooltip shows it whole. */
const HEADER_CHARS = 2000;
export const DEFAULT_CAPACITY = 100_000;

/**
 * The browsed messages, as the table needs them and no more: columns of position, record time, key,
 * a header summary and a one-line value preview. Bounded: past `capacity` it refuses (a browse stops) or,
 * for a live tail, drops the oldest. Opening a message reads it again from the broker by its position, so the
 * full values never pile up here.
 */
export class BrowseStore {
  private partitions: number[] = [];
  /** Offsets below 2^53 as numbers (unboxed in the array); larger ones in `bigOffsets`, keyed by position. */
  private offsets: number[] = [];
  private bigOffsets = new Map<number, string>();
  /** Record times as ms since the epoch: a number costs less than its ISO text. */
  private timestamps: number[] = [];
  private keys: (string | null)[] = [];
  /** Where the identity reader found one (`eventFlows.identity`); null: none. */
  private correlationIds: (string | null)[] = [];
  private headers: string[] = [];
  private previews: string[] = [];
  private sizes: number[] = [];
  /** Rows dropped from the front (live tail): row indices stay stable for the rows kept. */
  private dropped = 0;
  private sortedBy: MessageSort | undefined;
  /** View position → store position while sorted; rebuilt on the next read after rows change. */
  private order: Int32Array | undefined;

  constructor(readonly capacity = DEFAULT_CAPACITY) {}

  get size(): number {
    return this.partitions.length;
  }

  /** The stable index of the oldest row kept. */
  get firstIndex(): number {
    return this.dropped;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  clear(): void {
    this.partitions = [];
    this.offsets = [];
    this.bigOffsets = new Map();
    this.timestamps = [];
    this.keys = [];
    this.correlationIds = [];
    this.headers = [];
    this.previews = [];
    this.sizes = [];
    this.dropped = 0;
    this.order = undefined;
  }

  /** The order rows are paged out in (kept across browses); undefined: as they were read. */
  get sort(): MessageSort | undefined {
    return this.sortedBy;
  }

  set sort(sort: MessageSort | undefined) {
    this.sortedBy = sort;
    this.order = undefined;
  }

  /** Adds what fits; with `dropOldest` (live tail) the oldest rows make room. Returns how many were added. */
  add(events: readonly FlowEvent[], dropOldest = false): number {
    let list = events;
    if (dropOldest) {
      if (list.length > this.capacity) list = list.slice(list.length - this.capacity);
      const over = this.size + list.length - this.capacity;
      if (over > 0) this.dropFront(over);
    } else if (this.size + list.length > this.capacity) {
      list = list.slice(0, this.capacity - this.size);
    }
    for (const event of list) this.push(event);
    if (list.length > 0) this.order = undefined;
    return list.length;
  }

  /** `count` rows from `offset` (a view position, 0 = the oldest kept). */
  rows(offset: number, count: number): MessageRow[] {
    const end = Math.min(this.size, offset + count);
    const rows: MessageRow[] = [];
    for (let i = Math.max(0, offset); i < end; i++) rows.push(this.row(this.positionAt(i)));
    return rows;
  }

  /** Where the messages of view positions `offset`.. are in the topic (no row built: a select-all may name 100,000). */
  positions(offset: number, count: number): MessagePosition[] {
    const end = Math.min(this.size, offset + count);
    const positions: MessagePosition[] = [];
    for (let i = Math.max(0, offset); i < end; i++) {
      const p = this.positionAt(i);
      positions.push({ partition: this.partitions[p], offset: this.offsets[p] >= 0 ? String(this.offsets[p]) : (this.bigOffsets.get(this.dropped + p) ?? '') });
    }
    return positions;
  }

  /** The store position shown at view position `i`. */
  private positionAt(i: number): number {
    if (this.sortedBy === undefined) return i;
    this.order ??= sortedPositions(this.size, (p) => this.sortKey(p), this.sortedBy);
    return this.order[i] ?? i;
  }

  private sortKey(position: number): SortKey {
    switch (this.sortedBy?.column) {
      case 'partition':
        return this.partitions[position] ?? null;
      case 'offset': {
        const offset = this.offsets[position] ?? -1;
        return offset >= 0 ? offset : Number(this.bigOffsets.get(this.dropped + position) ?? Number.NaN);
      }
      case 'timestamp':
        return this.timestamps[position] ?? null;
      case 'key':
        return this.keys[position] ?? null;
      case 'correlation':
        return this.correlationIds[position] ?? null;
      case 'headers':
        return this.headers[position] ?? null;
      case 'size':
        return this.sizes[position] ?? null;
      case 'value':
        return this.sizes[position] === -1 ? null : (this.previews[position] ?? null);
      default:
        return position;
    }
  }

  row(position: number): MessageRow {
    return {
      index: this.dropped + position,
      partition: this.partitions[position],
      offset: this.offsets[position] >= 0 ? String(this.offsets[position]) : (this.bigOffsets.get(this.dropped + position) ?? ''),
      timestamp: Number.isFinite(this.timestamps[position]) ? new Date(this.timestamps[position]).toISOString() : '',
      key: this.keys[position],
      ...(this.correlationIds[position] == null ? {} : { correlationId: this.correlationIds[position] }),
      headers: this.headers[position],
      preview: this.previews[position],
      size: Math.max(0, this.sizes[position]),
      ...(this.sizes[position] < 0 ? { tombstone: true as const } : {}),
    };
  }

  /** The row a stable index names, while it is kept. */
  byIndex(index: number): MessageRow | undefined {
    const position = index - this.dropped;
    return position >= 0 && position < this.size ? this.row(position) : undefined;
  }

  private push(event: FlowEvent): void {
    const source = logPositionOf(event.source);
    this.partitions.push(source?.partition ?? -1);
    const offset = Number(source?.offset ?? '');
    if (source !== undefined && Number.isSafeInteger(offset)) this.offsets.push(offset);
    else {
      this.bigOffsets.set(this.dropped + this.offsets.length, source?.offset ?? '');
      this.offsets.push(-1);
    }
    this.timestamps.push(Date.parse(event.timestamp));
    this.keys.push(source?.key === undefined ? null : source.keyEncoding === 'base64' ? `base64:${short(source.key, 60)}` : short(source.key, 200));
    const correlationId = event.metadata.correlationId;
    this.correlationIds.push(correlationId === undefined || correlationId === '' ? null : short(correlationId, CORRELATION_CHARS));
    const headers = (event.metadata.headers ?? []).map((h) => `${h.key}=${h.encoding ? 'base64:' : ''}${h.value}`).join(', ');
    this.headers.push(headers.length > HEADER_CHARS ? `${short(headers, HEADER_CHARS - 1)}…` : headers);
    this.previews.push(previewOf(event));
    // -1 marks a missing value (a tombstone) in the one number column, rather than a column of its own.
    this.sizes.push(missingValueOf(event.source) !== undefined ? -1 : (event.payload?.size ?? byteLength(event)));
  }

  private dropFront(count: number): void {
    for (const column of [this.partitions, this.offsets, this.timestamps, this.keys, this.correlationIds, this.headers, this.previews, this.sizes] as unknown[][]) column.splice(0, count);
    this.dropped += count;
    this.order = undefined;
    for (const index of this.bigOffsets.keys()) if (index < this.dropped) this.bigOffsets.delete(index);
  }
}

/** One line of the value: JSON without line breaks, text as it is, hex for bytes. */
export function previewOf(event: FlowEvent): string {
  if (missingValueOf(event.source) !== undefined) return '';
  const payload = event.payload;
  if (payload) return short(payload.kind === 'binary' ? payload.preview.replace(/\s+/g, ' ') : payload.preview.replace(/\s*\n\s*/g, ' '), PREVIEW_CHARS);
  let text: string;
  try {
    text = JSON.stringify(event.data) ?? '';
  } catch {
    text = '(a value too deep to show on one line)';
  }
  return short(text, PREVIEW_CHARS);
}

function byteLength(event: FlowEvent): number {
  try {
    return Buffer.byteLength(JSON.stringify(event.data) ?? '');
  } catch {
    return 0;
  }
}

/**
 * At most `max` characters. A copy, not a slice: V8 would keep the whole original string alive behind a
 * short slice. No ellipsis is added (one non-Latin-1 character would double the string's size); the table
 * shows that a value goes on from its size.
 */
function short(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max).split('').join('');
}
