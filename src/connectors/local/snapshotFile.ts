/**
 * snapshots.ndjson beside the events file. Snapshots are few and read per aggregate when a timeline
 * opens, so a plain scan suffices; damaged lines are reported and skipped like event lines.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReadProblem, Snapshot } from '../eventStore';
import { appendBytes, endsWithoutNewline } from './appendFile';
import { describeFileError, isMissingFile } from './fileErrors';
import { withFileLock } from './fileLock';
import { scanLines } from './lineScanner';
import { decodeSnapshotLine, encodeSnapshotLine } from './snapshotLine';

export class SnapshotFile {
  private lastProblems: ReadProblem[] = [];

  constructor(
    readonly file: string,
    private readonly lockStaleMs: number,
  ) {}

  problems(): ReadProblem[] {
    return this.lastProblems;
  }

  /** Snapshots of one aggregate, by ascending version. */
  async read(aggregateId: string, signal?: AbortSignal): Promise<Snapshot[]> {
    const size = await this.size();
    const found: Snapshot[] = [];
    const problems: ReadProblem[] = [];
    const name = path.basename(this.file);
    let line = 0;
    const take = (bytes: Buffer): void => {
      line += 1;
      const text = bytes.toString('utf8');
      if (text.trim() === '') return;
      const decoded = decodeSnapshotLine(text);
      if (!decoded.ok) problems.push({ line, message: `${name} line ${line}: ${decoded.reason}` });
      else if (decoded.value.aggregateId === aggregateId) found.push(decoded.value);
    };
    let tail: Buffer;
    try {
      ({ tail } = await scanLines(this.file, 0, size, take, signal));
    } catch (error) {
      if (signal?.aborted) throw error;
      throw describeFileError('read', this.file, error);
    }
    // Nothing appends a snapshot without a lock, but a half-written one is skipped like a damaged line.
    if (tail.length > 0) take(tail);
    this.lastProblems = problems;
    return found.sort((a, b) => a.version - b.version);
  }

  async append(snapshot: Snapshot, signal?: AbortSignal): Promise<void> {
    const line = Buffer.from(`${encodeSnapshotLine(snapshot)}\n`, 'utf8');
    await mkdirFor(this.file);
    signal?.throwIfAborted();
    await withFileLock(this.file, this.lockStaleMs, async (assertHeld) => {
      signal?.throwIfAborted();
      const prefix = (await endsWithoutNewline(this.file)) ? Buffer.from('\n') : Buffer.alloc(0);
      assertHeld();
      await appendBytes(this.file, Buffer.concat([prefix, line]));
    });
  }

  private async size(): Promise<number> {
    try {
      const stat = await fs.stat(this.file);
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      return stat.size;
    } catch (error) {
      if (isMissingFile(error)) return 0;
      throw describeFileError('read', this.file, error);
    }
  }
}

export async function mkdirFor(file: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw describeFileError('write', file, error);
  }
}
