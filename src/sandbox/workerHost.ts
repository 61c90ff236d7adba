import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { youngGenerationMb } from './processProtocol';
import { ProgressReader } from './progress';
import { SandboxError, type Limits, type SandboxFailure } from './types';
import type { WorkerRequest, WorkerRequestEnvelope, WorkerResponse, WorkerResults } from './workerProtocol';

/** The bundled extension has it at dist/sandbox/worker.js (this code runs from dist/lazy/); compiled tests beside this file. */
export function defaultWorkerScript(): string {
  const candidates = [path.join(__dirname, 'worker.js'), path.join(__dirname, 'sandbox', 'worker.js'), path.join(__dirname, '..', 'sandbox', 'worker.js')];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[0];
}

interface Pending {
  request: WorkerRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * One sandbox worker and the requests in flight to it. A watchdog reads the worker's progress tick from
 * shared memory; when it stands still past the time limit the worker is terminated and the request fails
 * with `timeout` at the event it was stuck on. The heap limit ends a worker that allocates without end
 * (`memory`). Either way the next request starts a fresh worker: the host never waits on user code.
 */
export class WorkerHost {
  private worker: Worker | undefined;
  private progress = new ProgressReader();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private lastTick = -1;
  private lastTickAt = 0;
  private lastCheckAt = 0;
  private starts = 0;
  /** Called after a worker died (with why), so owners know its state (loaded files, streams) is gone. */
  onRestartNeeded: ((failure: SandboxFailure) => void) | undefined;

  constructor(
    private readonly limits: Limits,
    private readonly script = defaultWorkerScript(),
  ) {}

  private get checkInterval(): number {
    return Math.max(5, Math.min(50, Math.floor(this.limits.timeLimitMs / 10)));
  }

  /** How many workers were started: an untrusted workspace must keep this at 0. */
  get workerStarts(): number {
    return this.starts;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  request<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>, transfer: ArrayBuffer[] = []): Promise<WorkerResults[K]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { request, resolve: resolve as (value: unknown) => void, reject });
      this.armWatchdog();
      worker.postMessage({ ...request, id } satisfies WorkerRequestEnvelope, transfer);
    });
  }

  /**
   * Stops the worker from outside (the sandbox process's memory watchdog): requests in flight fail with
   * `failure`, at the event the worker was on.
   */
  abort(failure: SandboxFailure): void {
    if (this.worker) this.stop({ ...failure, eventIndex: this.progress.index() });
  }

  /** Ends the worker; requests in flight fail with `crashed`. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.stop({ kind: 'crashed', message: 'The sandbox was closed' });
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    this.progress = new ProgressReader();
    const worker = new Worker(this.script, {
      workerData: { progress: this.progress.buffer, heartbeatMs: Math.max(5, Math.floor(this.limits.timeLimitMs / 4)) },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryLimitMb, maxYoungGenerationSizeMb: youngGenerationMb(this.limits) },
      stdout: false,
      stderr: false,
    });
    this.starts += 1;
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(worker, outOfMemory ? { kind: 'memory', message: `Ran out of memory (limit ${this.limits.memoryLimitMb} MB)` } : { kind: 'crashed', message: error.message });
    });
    worker.on('exit', (code) => this.fail(worker, { kind: 'crashed', message: `The sandbox stopped (exit code ${code})` }));
    this.worker = worker;
    return worker;
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.disarmWatchdog();
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new SandboxError(response.failure));
  }

  /** The worker died under us (heap limit, crash): fail what was in flight at the event it was on. */
  private fail(worker: Worker, failure: SandboxFailure): void {
    if (this.worker !== worker) return;
    this.stop({ ...failure, eventIndex: this.progress.index() });
  }

  private stop(failure: SandboxFailure): void {
    const worker = this.worker;
    this.worker = undefined;
    this.disarmWatchdog();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(new SandboxError(withEventIndex(entry.request, failure)));
    if (worker) {
      worker.removeAllListeners('message');
      void worker.terminate();
      this.onRestartNeeded?.(failure);
    }
  }

  private armWatchdog(): void {
    if (this.watchdog) return;
    this.lastTick = this.progress.tick();
    this.lastTickAt = performance.now();
    this.lastCheckAt = this.lastTickAt;
    this.watchdog = setInterval(() => this.check(), this.checkInterval);
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private check(): void {
    const tick = this.progress.tick();
    const now = performance.now();
    const late = now - this.lastCheckAt > 4 * this.checkInterval;
    this.lastCheckAt = now;
    // Tick 0: the worker is still starting (parsing its bundle); start-up is not user code's time.
    if (tick !== this.lastTick || late || tick === 0) {
      // A late check means the host itself was busy: time nobody watched is not charged to user code.
      this.lastTick = tick;
      this.lastTickAt = now;
      return;
    }
    if (now - this.lastTickAt > this.limits.timeLimitMs) {
      this.stop({ kind: 'timeout', message: `Stopped after ${this.limits.timeLimitMs} ms without finishing (time limit per event)`, eventIndex: this.progress.index() });
    }
  }
}

/** Only requests that walk events name one; a load that hangs is the file's fault, not an event's. */
export function withEventIndex(request: WorkerRequest, failure: SandboxFailure): SandboxFailure {
  if (request.op === 'load') {
    const file = request.files[failure.eventIndex ?? 0];
    const { eventIndex: _ignored, ...rest } = failure;
    return file ? { ...rest, location: { file, line: 1 } } : rest;
  }
  return failure;
}
