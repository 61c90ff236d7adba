/**
 * Streams a byte range of a file and hands over each complete line as a Buffer with its offset. Splitting
 * on bytes (not readline over strings) keeps offsets exact for any UTF-8 content and avoids decoding
 * text that only needs a newline search.
 */
import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;

/** Bytes of the range read so far, and the range's length. */
export type ScanProgress = (bytesRead: number, totalBytes: number) => void;

export interface ScanResult {
  /** Offset just past the last newline found in the range: where the next scan starts. */
  completeEnd: number;
  /** Bytes after that newline (an unterminated last line), empty when the range ends with a newline. */
  tail: Buffer;
}

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
  if (end <= start) return { completeEnd: start, tail: Buffer.alloc(0) };
  const stream = createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK_BYTES });
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = start;
  let bytesRead = 0;
  const totalBytes = end - start;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      const buffer = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      let lineStart = 0;
      let newline = buffer.indexOf(NEWLINE, lineStart);
      while (newline !== -1) {
        onLine(buffer.subarray(lineStart, newline), carryOffset + lineStart);
        lineStart = newline + 1;
        newline = buffer.indexOf(NEWLINE, lineStart);
      }
      // Copy the remainder so the big chunk it came from can be collected.
      carry = Buffer.from(buffer.subarray(lineStart));
      carryOffset += lineStart;
      bytesRead += chunk.length;
      onProgress?.(bytesRead, totalBytes);
    }
  } finally {
    stream.destroy();
  }
  return { completeEnd: carryOffset, tail: carry };
}
