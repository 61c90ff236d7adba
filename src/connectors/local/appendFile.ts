/** The one way bytes are added to a store file: a single append, then fsync before the caller is told. */
import { promises as fs } from 'node:fs';
import { describeFileError, isMissingFile } from './fileErrors';

/** Writes `bytes` at the end of `file` (creating it) with one write call, and syncs it to disk. */
export async function appendBytes(file: string, bytes: Buffer): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'a');
  } catch (error) {
    throw describeFileError('write', file, error);
  }
  try {
    let written = 0;
    // A regular file takes the whole buffer in one call; the loop only guards against a short write.
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.sync();
  } catch (error) {
    throw describeFileError('write', file, error);
  } finally {
    await handle.close();
  }
}

/** True when the file has content whose last byte is not a newline (a cut-off or hand-edited last line). */
export async function endsWithoutNewline(file: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (isMissingFile(error)) return false;
    throw describeFileError('read', file, error);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
