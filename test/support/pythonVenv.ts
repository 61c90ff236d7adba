/**
 * The virtual environment a chapter reader has: `python3 -m venv` with `motor` and `debugpy` from PyPI
 * (RECIPES.md "Python"). Built once per machine and Python version under the tools cache, then reused:
 * a finished venv is moved into place in one rename, and a lock folder keeps two test runs from building
 * it at the same time.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from './waits';
import { cacheDir } from './paths';

const run = promisify(execFile);
export const CHAPTER_PACKAGES = ['motor', 'debugpy'];
const BUILD_TIMEOUT_MS = 300_000;

/** The venv's `bin/python`, after building the venv if this machine has none yet. */
export async function chapterVenvPython(): Promise<string> {
  const { stdout } = await run('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { timeout: 10_000 });
  const venv = path.join(cacheDir, `python${stdout.trim()}-venv-${CHAPTER_PACKAGES.join('-')}`);
  const python = path.join(venv, 'bin', 'python');
  if (fs.existsSync(python)) return python;
  fs.mkdirSync(cacheDir, { recursive: true });
  const lock = `${venv}.lock`;
  await waitUntil(`the lock ${lock} (another run building the venv)`, () => Promise.resolve(tryLock(lock)), (taken) => taken, BUILD_TIMEOUT_MS);
  try {
    if (fs.existsSync(python)) return python;
    const building = `${venv}.building`;
    fs.rmSync(building, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', building], { timeout: 60_000 });
    await run(path.join(building, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...CHAPTER_PACKAGES], { timeout: BUILD_TIMEOUT_MS });
    fs.renameSync(building, venv);
    return python;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    return true;
  } catch (error) {
    // A lock left by a run that died long ago is taken over.
    if (fs.statSync(lock, { throwIfNoEntry: false }) && Date.now() - fs.statSync(lock).mtimeMs > BUILD_TIMEOUT_MS) fs.rmSync(lock, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}
