/**
 * Reads a byte range of a file and hands over each complete line as a byte range of a reused buffer with
 * its offset. Splitting on bytes (not readline over strings) keeps offsets exact for any UTF-8 content and
 * avoids decoding text that only needs a newline search; one buffer reused for the whole range keeps a
 * scan of a large file free of per-chunk garbage.
 */
import { promises as fs } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Bytes of the range read so far, and the range's length. */
export type ScanProgress = (bytesRead: number, totalBytes: number) => void;

export interface ScanResult {
  /** Offset just past the last newline found in the range: where the next scan starts. */
  completeEnd: number;
  /** Bytes after that newline (an unterminated last line), empty when the range ends with a newline. */
  tail: Buffer;
}

/**
 * Called for every newline-terminated line: `buffer[start, end)` is the line without its newline, at
 * `offset` in the file. The buffer is reused once the call returns: copy what must be kept.
 */
export type OnLineRange = (buffer: Buffer, start: number, end: number, offset: number) => void;

/**
 * Calls `onLine` for every newline-terminated line in [start, end) — the line without its newline.
 * A range that holds no bytes resolves at once.
 */
export async function scanLines(
  file: string,
  start: number,
  end: number,
  onLine: (line: Buffer, offset: number) => void,
  signal?: AbortSignal,
  onProgress?: ScanProgress,
): Promise<ScanResult> {
  return scanLineRanges(file, start, end, (buffer, lineStart, lineEnd, offset) => onLine(buffer.subarray(lineStart, lineEnd), offset), signal, onProgress);
}

/** scanLines without a Buffer object per line: each line is a range of one reused buffer. */
export async function scanLineRanges(
  file: string,
  start: number,
  end: number,
  onLine: OnLineRange,
  signal?: AbortSignal,
  onProgress?: ScanProgress,
): Promise<ScanResult> {
  if (end <= start) return { completeEnd: start, tail: Buffer.alloc(0) };
  const totalBytes = end - start;
  const handle = await fs.open(file, 'r');
  let buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, totalBytes));
  /** Bytes at the start of `buffer` left from the previous read: the beginning of a line. */
  let carried = 0;
  /** File offset of buffer[0]. */
  let bufferOffset = start;
  let position = start;
  try {
    while (position < end) {
      signal?.throwIfAborted();
      if (carried === buffer.length) {
        // One line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const want = Math.min(buffer.length - carried, end - position);
      const { bytesRead } = await handle.read(buffer, carried, want, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const filled = carried + bytesRead;
      let lineStart = 0;
      let newline = buffer.indexOf(NEWLINE, carried);
      while (newline !== -1 && newline < filled) {
        onLine(buffer, lineStart, newline, bufferOffset + lineStart);
        lineStart = newline + 1;
        newline = buffer.indexOf(NEWLINE, lineStart);
      }
      carried = filled - lineStart;
      if (lineStart > 0 && carried > 0) buffer.copyWithin(0, lineStart, filled);
      bufferOffset += lineStart;
      onProgress?.(position - start, totalBytes);
    }
  } finally {
    await handle.close();
  }
  return { completeEnd: bufferOffset, tail: Buffer.from(buffer.subarray(0, carried)) };
}
