import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { SandboxError, type Limits, type SandboxFailure } from '../types';
import { DEFAULT_PYTHON, pipInstallCommand } from './interpreter';

/** A Python script shipped in dist/python/ beside the bundle (this code runs from dist/lazy/); in the repository at python/. */
export function shippedPythonScript(name: string): string {
  const candidates = [path.join(__dirname, 'python', name), path.join(__dirname, '..', 'python', name), path.resolve(__dirname, '..', '..', '..', '..', 'python', name)];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[0];
}

export function defaultHarnessScript(): string {
  return shippedPythonScript('harness.py');
}

type HarnessLine =
  | { ready: true; python: string }
  | { heartbeat: number }
  | { id: number; stalled: true; eventIndex: number }
  | { id: number; ok: true; result: unknown }
  | { id: number | null; ok: false; failure: HarnessFailure };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Grace for a harness that goes silent (a C call holding the interpreter) beyond the time limit. */
const SILENCE_GRACE_MS = 2000;

/** A failure as the harness sends it: a module that cannot be imported is named apart. */
type HarnessFailure = SandboxFailure & { missingModule?: string };

/**
 * One Python (the interpreter chosen for the workspace, `python3` by default) running python/harness.py, spoken to in NDJSON. The harness's watchdog names an event that
 * runs past the limit and this side kills the process; a process that goes silent past the limit (plus a
 * grace) is killed too. Memory is capped inside (RLIMIT_AS). After a kill the next request starts anew.
 */
export class HarnessProcess {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private silence: NodeJS.Timeout | undefined;
  private starts = 0;
  onRestartNeeded: (() => void) | undefined;

  constructor(
    private readonly limits: Limits,
    private python = DEFAULT_PYTHON,
    private readonly script = defaultHarnessScript(),
  ) {}

  /** The interpreter the harness runs on (the next start's, when it changed since). */
  get interpreter(): string {
    return this.python;
  }

  /** Runs the next request on `python`; a harness running on another interpreter is stopped first. */
  usePython(python: string): void {
    if (python === this.python) return;
    this.python = python;
    if (this.child) this.stop({ kind: 'crashed', message: `The Python interpreter changed to ${python}; the harness restarts on it` });
  }

  get processStarts(): number {
    return this.starts;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  request<T>(op: string, body: Record<string, unknown>): Promise<T> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.armSilence();
      child.stdin?.write(`${JSON.stringify({ ...body, op, id })}\n`);
    });
  }

  dispose(): void {
    this.stop({ kind: 'crashed', message: 'The Python sandbox was closed' });
  }

  private start(): ChildProcess {
    const child = spawn(this.python, ['-u', this.script, '--time-limit-ms', String(this.limits.timeLimitMs), '--memory-mb', String(this.limits.memoryLimitMb)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group (POSIX), so stopping it also stops every process the user's code started.
      detached: process.platform !== 'win32',
      // No __pycache__ in the user's folders; one malloc arena so the address-space cap measures the heap.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', MALLOC_ARENA_MAX: '1', PYTHONIOENCODING: 'utf-8' },
    });
    this.starts += 1;
    this.child = child;
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString('utf8'));
      if (stderr.length > 50) stderr.shift();
    });
    child.stdin?.on('error', () => {
      // A dead harness closes its stdin; the exit handler below reports it to every request.
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => this.receive(child, line));
    child.on('error', (error) => this.crashed(child, { kind: 'crashed', message: `Could not start ${this.python}: ${error.message}` }));
    child.on('exit', (code, signal) => {
      const tail = stderr.join('').trim().split('\n').slice(-3).join('\n');
      const memory = /MemoryError/.test(tail);
      this.crashed(child, { kind: memory ? 'memory' : 'crashed', message: `${this.python} stopped (${signal ?? `exit code ${code}`})${tail ? `: ${tail}` : ''}` });
    });
    return child;
  }

  private receive(child: ChildProcess, line: string): void {
    if (child !== this.child) return;
    let message: HarnessLine;
    try {
      message = JSON.parse(line) as HarnessLine;
    } catch {
      this.stop({ kind: 'crashed', message: `The Python harness wrote a line that is not JSON: ${line.slice(0, 200)}` });
      return;
    }
    this.armSilence(true);
    if ('ready' in message || 'heartbeat' in message) return;
    if ('stalled' in message) {
      this.stop({ kind: 'timeout', message: `Stopped after ${this.limits.timeLimitMs} ms without finishing (time limit per event); ${this.python} was killed`, eventIndex: message.eventIndex });
      return;
    }
    if (message.id === null) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.disarmSilence();
    if (message.ok) pending.resolve(message.result);
    else if (message.failure.kind === 'memory') this.stop(message.failure, pending);
    else pending.reject(new SandboxError(this.named(message.failure)));
  }

  private crashed(child: ChildProcess, failure: SandboxFailure): void {
    if (child === this.child) this.stop(failure);
  }

  /** Kills the process and fails every request in flight (plus `also`, already taken off the list). */
  private stop(failure: SandboxFailure, also?: Pending): void {
    const child = this.child;
    this.child = undefined;
    this.disarmSilence();
    const pending = [...this.pending.values(), ...(also ? [also] : [])];
    this.pending.clear();
    for (const entry of pending) entry.reject(new SandboxError(this.named(failure)));
    if (child) {
      killProcessTree(child);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
      this.onRestartNeeded?.();
    }
  }

  /**
   * Every Python error says which interpreter ran; a module it cannot import names the module, the
   * interpreter and the command that installs it there.
   */
  named(failure: HarnessFailure): SandboxFailure {
    const { missingModule, ...rest } = failure;
    if (rest.message.includes(this.python)) return rest;
    if (missingModule) {
      return { ...rest, message: `${rest.message}: ${this.python} cannot import ${missingModule}; install it there with \`${pipInstallCommand(this.python, missingModule)}\`` };
    }
    return { ...rest, message: `${rest.message} (Python: ${this.python})` };
  }

  private armSilence(restart = false): void {
    if (this.silence && !restart) return;
    this.disarmSilence();
    if (this.pending.size === 0) return;
    this.silence = setTimeout(() => {
      this.stop({ kind: 'timeout', message: `${this.python} gave no sign of life for ${this.limits.timeLimitMs + SILENCE_GRACE_MS} ms and was killed` });
    }, this.limits.timeLimitMs + SILENCE_GRACE_MS);
  }

  private disarmSilence(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = undefined;
  }
}

/**
 * Kills the harness and whatever the user's code started: on POSIX its process group (the harness leads
 * one, `detached`), on Windows its tree (`taskkill /T`). A group already gone is not an error.
 */
export function killProcessTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill('SIGKILL'));
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    child.kill('SIGKILL'); // no group by that id (already reaped): the process itself, if it is still there
  }
}
