/** Reading the events file by position and checking it has not changed: what the index's refreshes use. */
import { promises as fs } from 'node:fs';
import { describeFileError, isMissingFile } from './fileErrors';

/** What identifies one state of the file: a change to any of these means the index must look again. */
export interface Fingerprint {
  ino: number;
  size: number;
  mtimeMs: number;
}

export async function statEventsFile(file: string): Promise<Fingerprint | undefined> {
  try {
    // Both at once (one wait instead of two), judged in the order they would have run one after the other.
    const [stated, accessed] = await Promise.allSettled([fs.stat(file), fs.access(file, fs.constants.R_OK)]);
    if (stated.status === 'rejected') throw stated.reason;
    const stat = stated.value;
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (accessed.status === 'rejected') throw accessed.reason;
    return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw describeFileError('read', file, error);
  }
}

/** Several ranges of one file with a single open, read concurrently. */
export async function readRanges(file: string, ranges: [start: number, length: number][]): Promise<Buffer[]> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      return await Promise.all(
        ranges.map(async ([start, length]) => {
          const buffer = Buffer.alloc(length);
          if (length === 0) return buffer;
          const { bytesRead } = await handle.read(buffer, 0, length, start);
          return buffer.subarray(0, bytesRead);
        }),
      );
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw describeFileError('read', file, error);
  }
}

export async function readRange(file: string, start: number, length: number): Promise<Buffer> {
  const [bytes] = await readRanges(file, [[start, length]]);
  return bytes;
}
