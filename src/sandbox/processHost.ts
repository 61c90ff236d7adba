import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProcessMessage, ProcessStart } from './processProtocol';
import { SandboxError, type Limits, type SandboxFailure } from './types';
import { defaultWorkerScript, withEventIndex } from './workerHost';
import type { WorkerRequest, WorkerRequestEnvelope, WorkerResults } from './workerProtocol';

/** The bundled extension has it at dist/sandbox/process.js (this code runs from dist/lazy/); compiled tests beside this file. */
export function defaultProcessScript(): string {
  const candidates = [path.join(__dirname, 'sandboxProcess.js'), path.join(__dirname, 'sandbox', 'process.js'), path.join(__dirname, '..', 'sandbox', 'process.js')];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[0];
}

interface Pending {
  child: ChildProcess;
  request: WorkerRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** How long `dispose` waits for the process to go before it is killed. */
const EXIT_WAIT_MS = 2000;

/** What the streams and the sandbox ask of whatever runs the worker. */
export interface SandboxHost {
  readonly workerStarts: number;
  readonly running: boolean;
  onRestartNeeded: (() => void) | undefined;
  request<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>): Promise<WorkerResults[K]>;
  dispose(): Promise<void>;
}

/**
 * The sandbox worker, run in a process of its own (sandboxProcess.ts) so that the memory limit holds for
 * everything user code allocates, not only its V8 heap: the extension host's process never holds what a
 * reducer allocates. Requests and answers keep the worker's protocol; the time watchdog runs in the
 * sandbox process, beside the worker. When the worker dies the process ends: requests in flight fail with
 * the reason, and the next request starts a new process (and worker).
 */
export class ProcessHost implements SandboxHost {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Processes whose worker died, with why: they answer what they were sent, then go. */
  private readonly ending = new Map<ChildProcess, SandboxFailure>();
  private nextId = 1;
  private starts = 0;
  onRestartNeeded: (() => void) | undefined;

  constructor(
    private readonly limits: Limits,
    private readonly workerScript = defaultWorkerScript(),
    private readonly script = defaultProcessScript(),
  ) {}

  /** How many workers were started (one per process): an untrusted workspace must keep this at 0. */
  get workerStarts(): number {
    return this.starts;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The sandbox process's id while one runs (for tests that measure it). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  request<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>): Promise<WorkerResults[K]> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { child, request, resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id } satisfies WorkerRequestEnvelope, (error) => {
        if (error) this.exited(child, { kind: 'crashed', message: `The sandbox process did not take the request: ${error.message}` });
      });
    });
  }

  /** Ends the process; requests in flight fail with `crashed`. */
  async dispose(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_WAIT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.exited(child, { kind: 'crashed', message: 'The sandbox was closed' });
    await exited;
  }

  private start(): ChildProcess {
    const start: ProcessStart = { limits: this.limits, workerScript: this.workerScript };
    const child = fork(this.script, [JSON.stringify(start)], {
      // Not the host's flags (an inspector port, a test runner's options); Electron's binary runs as Node.
      execArgv: [`--max-old-space-size=${Math.max(128, this.limits.memoryLimitMb)}`],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.starts += 1;
    child.on('message', (message: ProcessMessage) => {
      if ('type' in message) this.retire(child, message.failure);
      else this.settle(message.id, message.ok ? { result: message.result } : { failure: message.failure });
    });
    child.on('error', (error) => this.exited(child, { kind: 'crashed', message: `The sandbox process failed: ${error.message}` }));
    child.on('exit', (code, signal) => this.exited(child, { kind: 'crashed', message: `The sandbox stopped (${signal ? `signal ${signal}` : `exit code ${code}`})` }));
    this.child = child;
    return child;
  }

  private settle(id: number, outcome: { result: unknown } | { failure: SandboxFailure }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if ('result' in outcome) pending.resolve(outcome.result);
    else pending.reject(new SandboxError(outcome.failure));
    if (this.ending.has(pending.child)) this.killWhenAnswered(pending.child);
  }

  /**
   * The process's worker died (it says so before answering what was in flight): the next request starts a
   * new process, so owners hear now that loaded files and streams are gone.
   */
  private retire(child: ChildProcess, failure: SandboxFailure): void {
    if (this.ending.has(child)) return;
    this.ending.set(child, failure);
    if (this.child === child) {
      this.child = undefined;
      this.onRestartNeeded?.();
    }
    this.killWhenAnswered(child);
  }

  private killWhenAnswered(child: ChildProcess): void {
    for (const entry of this.pending.values()) if (entry.child === child) return;
    // Whatever it still runs (a native allocation the watchdog caught mid-way) goes with it, now.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** The process is gone (or we end it): what it did not answer fails with why its worker died, else with `failure`. */
  private exited(child: ChildProcess, failure: SandboxFailure): void {
    const reason = this.ending.get(child) ?? failure;
    this.ending.delete(child);
    if (this.child === child) {
      this.child = undefined;
      this.onRestartNeeded?.();
    }
    for (const [id, entry] of [...this.pending]) {
      if (entry.child !== child) continue;
      this.pending.delete(id);
      entry.reject(new SandboxError(withEventIndex(entry.request, reason)));
    }
    child.removeAllListeners('message');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
