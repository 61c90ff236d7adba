/**
 * An exclusive lock shared by every process that writes the store (other VS Code windows, scripts),
 * held with proper-lockfile: a `<file>.lock` folder whose mtime the holder keeps fresh. A holder that
 * died leaves a folder that goes stale after `staleMs` and is then taken over.
 */
import { describeFileError, errorCode } from './fileErrors';

const MAX_RETRY_DELAY_MS = 100;

/** Lets the action check, right before it writes, that the lock was not lost (e.g. taken over as stale). */
export type AssertLockHeld = () => void;

export async function withFileLock<T>(file: string, staleMs: number, action: (assertHeld: AssertLockHeld) => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    // Loaded on the first append, not at activation: it patches fs and installs exit handlers when evaluated.
    const lockfile = await import('proper-lockfile');
    release = await lockfile.lock(file, {
      realpath: false,
      stale: staleMs,
      // Wait long enough for a dead holder's lock to turn stale, polling often so a live one is followed quickly.
      retries: { retries: Math.ceil((2 * staleMs) / MAX_RETRY_DELAY_MS) + 10, factor: 1.5, minTimeout: 5, maxTimeout: MAX_RETRY_DELAY_MS, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if (errorCode(error) === 'ELOCKED') {
      throw new Error(
        `Cannot lock the local event store file ${file}: another process kept it locked for too long. ` +
          `If no other window or script is writing to it, delete the folder ${file}.lock and try again.`,
        { cause: error },
      );
    }
    throw describeFileError('lock', file, error);
  }
  const assertHeld: AssertLockHeld = () => {
    if (compromised !== undefined) {
      throw new Error(`Lost the lock on ${file} (${compromised.message}); nothing was written, try again.`, { cause: compromised });
    }
  };
  try {
    return await action(assertHeld);
  } finally {
    // Releasing a compromised lock fails by design; the action's own outcome is what matters.
    await release().catch(() => undefined);
  }
}
