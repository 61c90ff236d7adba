/**
 * Reads and writes the index file. Writing is best effort and off the caller's path: a read-only folder
 * or a full disk costs the next process a scan, never an error. Writes go to a temporary file that is
 * then renamed over the index, so another process never reads half of one.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import type { AggregateIndex } from './aggregateIndex';
import { decodeIndex, encodeIndex, type IndexedFileState, type LoadedIndex } from './indexFile';

/** The arrays are stored in the host's byte order; only little-endian hosts (x64, arm64) use the file. */
const SUPPORTED = os.endianness() === 'LE';

export class IndexFileStore {
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The saved index, or undefined when there is none or it is damaged (it is then rebuilt, never used). */
  async load(): Promise<LoadedIndex | undefined> {
    if (!SUPPORTED) return undefined;
    await this.writes;
    try {
      return decodeIndex(await readWhole(this.path));
    } catch {
      return undefined;
    }
  }

  /** Encodes now (the index keeps changing) and writes in the background; `flush()` waits for it. */
  save(index: AggregateIndex, file: IndexedFileState): void {
    if (!SUPPORTED) return;
    const bytes = encodeIndex({ file, entries: index.entries() });
    this.writes = this.writes.then(() => this.write(bytes));
  }

  flush(): Promise<void> {
    return this.writes;
  }

  private async write(bytes: Buffer): Promise<void> {
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, this.path);
    } catch {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/** One read call for the whole file: fs.readFile reads in 512 KiB steps, each a trip through the thread pool. */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
