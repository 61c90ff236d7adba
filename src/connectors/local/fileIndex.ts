/**
 * Keeps an AggregateIndex in step with the events file. Each refresh compares the file's inode, size and
 * mtime with what was scanned last: unchanged → nothing to do; grown → scan only the new bytes; shrunk,
 * replaced or rewritten → scan again from the start. That is how a change made by another process (another
 * VS Code window, a script) is seen without rescanning a large file on every call.
 */
import { crc32 } from 'node:zlib';
import type { ReadProblem } from '../eventStore';
import { AggregateIndex } from './aggregateIndex';
import { checkEventLine, decodeEventLine } from './eventLine';
import { describeFileError } from './fileErrors';
import { readRange, readRanges, statEventsFile, type Fingerprint } from './fileRanges';
import type { IndexedFileState, LoadedIndex } from './indexFile';
import { IndexFileStore } from './indexFileStore';
import { IdentityIndex } from './identityIndex';
import { emptyEventLineFields, scanEventLine, type EventLineFields } from './eventLineBytes';
import { scanLineRanges, type ScanProgress } from './lineScanner';
import { addUntypedLine } from './untypedLines';

/**
 * The identity index of a file scanned from the start waits for the first lookup: most opens never search by
 * correlation id, and the first open of a big store is the scan users wait on.
 */
const NOT_YET_INDEXED = Number.POSITIVE_INFINITY;

/**
 * Bytes at the start of the file and just before the scanned end, compared when the file grew, to notice
 * a file rewritten and then grown. A rewrite that changes only bytes between the two goes unnoticed
 * until the file shrinks or is replaced; no writer of this store rewrites, so that is a hand edit.
 */
const ANCHOR_BYTES = 64;
/** Bytes at the head and before the indexed end whose checksums an index file must match to be used. */
const CHECKSUM_WINDOW_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface FileIndexOptions {
  /** Where the index is kept between processes; false keeps it in memory only. */
  indexFile?: string | false;
  /** Called as a scan reads the events file: bytes read so far of the bytes to read. */
  onProgress?: ScanProgress;
  /** Bytes a refresh must have indexed beyond what is on disk before the index file is written again. */
  saveAfterBytes?: number;
}

/** Small appends are scanned in a blink on the next open; rewriting a large index file for each is waste. */
const DEFAULT_SAVE_AFTER_BYTES = 1024 * 1024;

export class FileIndex {
  aggregates = new AggregateIndex();
  /** Correlation and event ids → lines, from the same scan (see identityIndex.ts). */
  /** Built on the first correlation or event-id lookup, then kept up by each refresh (see completeIdentities). */
  identities = new IdentityIndex(NOT_YET_INDEXED);
  private fingerprint: Fingerprint | undefined;
  /** Offset up to which lines are indexed. */
  private scannedEnd = 0;
  private lineCount = 0;
  /** The last indexed line is a valid event without its newline yet: the next byte must be one. */
  private unterminated = false;
  private headAnchor: Buffer = Buffer.alloc(0);
  private endAnchor: Buffer = Buffer.alloc(0);
  private readonly damaged = new Map<number, string>();
  private tailProblem: ReadProblem | undefined;
  /** Bytes after the scanned end that are not (yet) a line; an append terminates them first. */
  private tailBytes = 0;
  private forceRebuild = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly persisted: IndexFileStore | undefined;
  private readonly onProgress: ScanProgress | undefined;
  private readonly saveAfterBytes: number;
  /** Reused by every line of a scan. */
  private readonly fields: EventLineFields = emptyEventLineFields();
  /** Offset up to which the index file on disk covers this file (0: no usable index file). */
  private persistedEnd = 0;

  constructor(
    readonly file: string,
    options: FileIndexOptions = {},
  ) {
    this.persisted = options.indexFile === false ? undefined : new IndexFileStore(options.indexFile ?? `${file}.idx`);
    this.onProgress = options.onProgress;
    this.saveAfterBytes = options.saveAfterBytes ?? DEFAULT_SAVE_AFTER_BYTES;
  }

  /**
   * Completes the identity index (it covers only the lines after `coversFrom`: none after a first scan, the
   * later ones after an adopted index file): one pass over the bytes before, under the refresh queue so no
   * refresh runs beside it.
   */
  completeIdentities(signal?: AbortSignal): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.identities.coversFrom === 0) return;
      // Lines past scannedEnd are the next refresh's to add.
      const until = Math.min(this.identities.coversFrom, this.scannedEnd);
      const identities = this.identities;
      try {
        await scanLineRanges(this.file, 0, until, (buffer, lineStart, lineEnd, offset) => identities.addLine(buffer, lineStart, lineEnd, offset), signal);
      } catch (error) {
        // Part of the range is in the index now: the next lookup starts again from nothing.
        this.identities = new IdentityIndex(NOT_YET_INDEXED);
        throw error;
      }
      identities.coversFrom = 0;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for index-file writes in flight (before a folder is removed, or the process exits). */
  flush(): Promise<void> {
    return this.persisted?.flush() ?? Promise.resolve();
  }

  /** Offset up to which lines are indexed: a scan of [0, indexedEnd) sees exactly the indexed lines. */
  get indexedEnd(): number {
    return this.scannedEnd;
  }

  /** Whether an append must start with a newline to leave the current last line on its own. */
  get needsLeadingNewline(): boolean {
    return this.unterminated || this.tailBytes > 0;
  }

  problems(): ReadProblem[] {
    const problems: ReadProblem[] = [...this.damaged]
      .sort(([a], [b]) => a - b)
      .map(([line, message]) => ({ line, message }));
    if (this.tailProblem !== undefined) problems.push(this.tailProblem);
    return problems;
  }

  /** The next refresh scans from the start: used when a read found bytes other than the index expected. */
  invalidate(): void {
    this.forceRebuild = true;
  }

  /** Refreshes run one at a time: two overlapping tail scans would index the same lines twice. */
  refresh(signal?: AbortSignal): Promise<void> {
    const run = this.queue.then(() => this.refreshNow(signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    // The index file is read while the events file is checked: on a reopen, the two waits overlap.
    const loading = this.fingerprint === undefined && !this.forceRebuild ? this.persisted?.load() : undefined;
    const stat = await statEventsFile(this.file);
    if (stat === undefined) {
      if (this.fingerprint !== undefined || this.scannedEnd > 0) this.reset();
      this.fingerprint = undefined;
      return;
    }
    if (loading !== undefined) await this.adoptPersisted(stat, await loading);
    const previous = this.fingerprint;
    if (this.forceRebuild || previous === undefined || stat.ino !== previous.ino || stat.size < previous.size) {
      this.reset();
    } else if (stat.size === previous.size) {
      if (stat.mtimeMs === previous.mtimeMs) return;
      this.reset();
    } else if (!(await this.stillContinuesFrom())) {
      this.reset();
    }
    await this.scanTo(stat, signal);
    if (this.persisted !== undefined && this.scannedEnd !== this.persistedEnd && this.scannedEnd - this.persistedEnd >= this.saveAfterBytes) {
      this.persisted.save(this.aggregates, await this.fileState(stat));
      this.persistedEnd = this.scannedEnd;
    }
  }

  /**
   * Takes over the index file when it describes this very file: same inode, and either the same size and
   * mtime or a file that has only grown since; and in both cases the same bytes at the head and just
   * before the indexed end. Anything else leaves the index empty, so the file is scanned and the index
   * file rewritten.
   */
  private async adoptPersisted(stat: Fingerprint, saved: LoadedIndex | undefined): Promise<void> {
    if (saved === undefined) return;
    const state = saved.file;
    if (state.ino !== stat.ino || stat.size < state.size || (stat.size === state.size && stat.mtimeMs !== state.mtimeMs)) return;
    if (state.scannedEnd > state.size) return;
    // One open of the events file for both checksum windows; the anchors are the ends of those windows.
    const end = state.scannedEnd;
    const window = Math.max(state.windowBytes, ANCHOR_BYTES);
    const [head, tail] = await readRanges(this.file, [
      [0, Math.min(window, end)],
      [Math.max(0, end - window), Math.min(window, end)],
    ]);
    const headWindow = head.subarray(0, Math.min(state.windowBytes, end));
    const tailWindow = tail.subarray(tail.length - Math.min(state.windowBytes, end));
    if (crc32(headWindow) !== state.headChecksum || crc32(tailWindow) !== state.tailChecksum) return;
    this.aggregates = AggregateIndex.fromLoaded(saved.aggregates, saved.slots);
    this.identities = new IdentityIndex(state.scannedEnd);
    this.scannedEnd = state.scannedEnd;
    this.lineCount = state.lineCount;
    this.unterminated = state.unterminated;
    this.tailBytes = state.tailBytes;
    this.damaged.clear();
    for (const [line, message] of state.damaged) this.damaged.set(line, message);
    this.tailProblem = state.tailProblem;
    this.headAnchor = Buffer.from(head.subarray(0, Math.min(ANCHOR_BYTES, end)));
    this.endAnchor = Buffer.from(tail.subarray(tail.length - Math.min(ANCHOR_BYTES, end)));
    this.fingerprint = { ino: state.ino, size: state.size, mtimeMs: state.mtimeMs };
    this.persistedEnd = this.scannedEnd;
  }

  private async fileState(stat: Fingerprint): Promise<IndexedFileState> {
    const checksums = await this.checksums(this.scannedEnd, CHECKSUM_WINDOW_BYTES);
    const state: IndexedFileState = {
      ino: stat.ino,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      scannedEnd: this.scannedEnd,
      lineCount: this.lineCount,
      unterminated: this.unterminated,
      tailBytes: this.tailBytes,
      headChecksum: checksums.head,
      tailChecksum: checksums.tail,
      windowBytes: CHECKSUM_WINDOW_BYTES,
      damaged: [...this.damaged],
    };
    if (this.tailProblem !== undefined) state.tailProblem = this.tailProblem;
    return state;
  }

  /** CRC-32 of the first `window` bytes of the file and of the `window` bytes before `end`. */
  private async checksums(end: number, window: number): Promise<{ head: number; tail: number }> {
    const head = await readRange(this.file, 0, Math.min(window, end));
    const tail = await readRange(this.file, Math.max(0, end - window), Math.min(window, end));
    return { head: crc32(head), tail: crc32(tail) };
  }

  private reset(): void {
    this.aggregates = new AggregateIndex();
    this.identities = new IdentityIndex(NOT_YET_INDEXED);
    this.fingerprint = undefined;
    this.scannedEnd = 0;
    this.lineCount = 0;
    this.unterminated = false;
    this.headAnchor = Buffer.alloc(0);
    this.endAnchor = Buffer.alloc(0);
    this.damaged.clear();
    this.tailProblem = undefined;
    this.tailBytes = 0;
    this.forceRebuild = false;
    this.persistedEnd = 0;
  }

  /** True when the bytes already indexed are still there, so scanning can resume where it stopped. */
  private async stillContinuesFrom(): Promise<boolean> {
    const start = this.scannedEnd - this.endAnchor.length;
    const length = this.endAnchor.length + (this.unterminated ? 1 : 0);
    if (length === 0) return true;
    const head = await readRange(this.file, 0, this.headAnchor.length);
    if (!head.equals(this.headAnchor)) return false;
    const bytes = await readRange(this.file, start, length);
    if (!bytes.subarray(0, this.endAnchor.length).equals(this.endAnchor)) return false;
    return !this.unterminated || bytes[this.endAnchor.length] === NEWLINE;
  }

  private async scanTo(stat: Fingerprint, signal?: AbortSignal): Promise<void> {
    let start = this.scannedEnd;
    if (this.unterminated) {
      // The newline that now ends the previously unterminated line belongs to that line, not a new one.
      start += 1;
      this.unterminated = false;
    }
    const result = await this.scanRange(start, stat.size, signal);
    this.scannedEnd = result.completeEnd;
    this.tailProblem = undefined;
    this.tailBytes = 0;
    if (result.tail.length > 0) this.acceptTail(result.tail, result.completeEnd);
    this.headAnchor = await readRange(this.file, 0, Math.min(ANCHOR_BYTES, this.scannedEnd));
    this.endAnchor = await readRange(this.file, Math.max(0, this.scannedEnd - ANCHOR_BYTES), Math.min(ANCHOR_BYTES, this.scannedEnd));
    this.fingerprint = stat;
  }

  private async scanRange(start: number, end: number, signal?: AbortSignal) {
    try {
      return await scanLineRanges(this.file, start, end, (buffer, lineStart, lineEnd, offset) => this.indexLine(buffer, lineStart, lineEnd, offset), signal, this.onProgress);
    } catch (error) {
      // Part of the range is indexed and part is not: only a scan from the start is trustworthy now.
      this.forceRebuild = true;
      if (signal?.aborted) throw error;
      throw describeFileError('read', this.file, error);
    }
  }

  private indexLine(buffer: Buffer, start: number, end: number, offset: number): void {
    this.lineCount += 1;
    if (offset >= this.identities.coversFrom) this.identities.addLine(buffer, start, end, offset);
    const fields = this.fields;
    if (scanEventLine(buffer, start, end, fields)) {
      // The plain case, checked on the bytes: the key fields are ASCII without escapes.
      const problem = this.aggregates.addLine(
        buffer.toString('latin1', fields.aggregateIdStart, fields.aggregateIdEnd),
        buffer.toString('latin1', fields.aggregateTypeStart, fields.aggregateTypeEnd),
        fields.version,
        () => buffer.toString('latin1', fields.timestampStart, fields.timestampEnd),
        offset,
        end - start,
        this.lineCount,
      );
      if (problem !== undefined) this.damaged.set(this.lineCount, `line ${this.lineCount}: ${problem}`);
      return;
    }
    const text = buffer.toString('utf8', start, end);
    if (text.trim() === '') return;
    // Everything else (damaged lines, escapes, unusual number forms) is decided by checkEventLine.
    const decoded = checkEventLine(text);
    if (!decoded.ok) {
      this.damaged.set(this.lineCount, `line ${this.lineCount}: ${decoded.reason}`);
      return;
    }
    const line = decoded.value;
    const position = { offset, length: end - start, line: this.lineCount };
    const { aggregateType } = line;
    const problem =
      aggregateType === undefined ? addUntypedLine(this.aggregates, line, position) : this.aggregates.add({ ...line, aggregateType }, position);
    if (problem !== undefined) this.damaged.set(this.lineCount, `line ${this.lineCount}: ${problem}`);
  }

  /**
   * Text after the last newline: a whole event whose newline is missing (a hand-edited file) is indexed;
   * anything else may be a write cut off mid-way, or one still in progress, so it is reported and left
   * to be scanned again once it ends.
   */
  private acceptTail(tail: Buffer, offset: number): void {
    const text = tail.toString('utf8');
    if (text.trim() === '') {
      this.tailBytes = tail.length;
      return;
    }
    const decoded = decodeEventLine(text);
    if (decoded.ok) {
      this.indexLine(tail, 0, tail.length, offset);
      this.scannedEnd = offset + tail.length;
      this.unterminated = true;
      return;
    }
    this.tailBytes = tail.length;
    const line = this.lineCount + 1;
    this.tailProblem = { line, message: `line ${line}: incomplete last line, no newline at its end (${decoded.reason})` };
  }
}
