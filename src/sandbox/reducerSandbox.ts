import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { DEFAULT_BUS_RUN_OPTIONS, type BusRun, type BusRunOptions } from './bus/busTypes';
import { SandboxStream } from './sandboxStream';
import { buildUpcastPreview, type UpcastPreview } from './upcastPreview';
import { DEFAULT_LIMITS, SandboxError, type Limits, type LoadReport } from './types';
import type { Transpiled } from './transpile';
import type { UpcastResult } from './workerProtocol';
import { ProcessHost, type SandboxHost } from './processHost';

export interface ReducerSandboxOptions extends Partial<Limits> {
  /** Events per message across the thread boundary. */
  batchSize?: number;
  /** A checkpoint every this many events inside the worker. */
  checkpointEvery?: number;
  workerScript?: string;
}

/**
 * Workspace reducers and bus files, run in a worker thread inside a process of its own (processHost.ts),
 * with a time limit per event and a memory limit on everything the code holds. Nothing starts until the
 * first request: a workspace that is never trusted never starts a worker.
 * Failures of user code reject with a `SandboxError` that names the event and the place in the user's
 * file; after a timeout or an out-of-memory the next request starts a new worker, reloads the files and
 * sends the open streams again.
 */
export class ReducerSandbox {
  readonly limits: Limits;
  readonly batchSize: number;
  readonly checkpointEvery: number;
  private readonly host: SandboxHost;
  private files: string[] = [];
  private resolveAs: Record<string, string> = {};
  private loaded: Promise<LoadReport> | undefined;
  private readonly streams = new Set<SandboxStream>();
  private nextStream = 1;

  constructor(options: ReducerSandboxOptions = {}) {
    this.limits = { timeLimitMs: options.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs, memoryLimitMb: options.memoryLimitMb ?? DEFAULT_LIMITS.memoryLimitMb };
    this.batchSize = options.batchSize ?? 5000;
    this.checkpointEvery = options.checkpointEvery ?? 256;
    this.host = options.workerScript ? new ProcessHost(this.limits, options.workerScript) : new ProcessHost(this.limits);
    this.host.onRestartNeeded = () => {
      // The worker's modules and streams died with it; both come back on the next request.
      this.loaded = undefined;
      for (const stream of this.streams) stream.markLost();
    };
  }

  get workerStarts(): number {
    return this.host.workerStarts;
  }

  /**
   * Loads reducer files (`.js`, `.ts`); replaces what was loaded before. `resolveAs` maps a file that is a
   * copy (git's HEAD version) to the working copy's path, which its imports resolve from.
   */
  load(files: readonly string[], options: { resolveAs?: Record<string, string> } = {}): Promise<LoadReport> {
    this.files = [...files];
    this.resolveAs = { ...options.resolveAs };
    this.loaded = this.host.request({ op: 'load', files: this.files, resolveAs: this.resolveAs });
    return this.loaded;
  }

  /** Reads the same files again (after a save); open streams fold with the new code from the start. */
  reload(): Promise<LoadReport> {
    return this.load(this.files, { resolveAs: this.resolveAs });
  }

  /** Opens one aggregate's stream in the sandbox: its events cross the thread boundary once, in batches. */
  async openStream(aggregateType: string, events: readonly FlowEvent[]): Promise<SandboxStream> {
    const stream = new SandboxStream(this, this.host, `s${this.nextStream++}`, aggregateType, events);
    this.streams.add(stream);
    await stream.ensureOpen();
    return stream;
  }

  /** @internal */
  forget(stream: SandboxStream): void {
    this.streams.delete(stream);
  }

  /** @internal Makes sure the files are loaded in the current worker (a restart forgets them). */
  async ready(): Promise<LoadReport> {
    this.loaded ??= this.host.request({ op: 'load', files: this.files, resolveAs: this.resolveAs });
    return this.loaded;
  }

  /** Each event before and after the aggregate type's upcasters. */
  async upcast(aggregateType: string, events: readonly FlowEvent[]): Promise<UpcastResult[]> {
    await this.ready();
    return this.host.request({ op: 'upcast', aggregateType, events: [...events] });
  }

  /** Each event before and after the upcasters, and the events no upcaster covers. */
  async upcastPreview(aggregateType: string, events: readonly FlowEvent[]): Promise<UpcastPreview> {
    const report = await this.ready();
    const results = await this.upcast(aggregateType, events);
    return buildUpcastPreview(results, report.reducers.find((reducer) => reducer.aggregateType === aggregateType)?.upcasters);
  }

  /**
   * The first of `pairs` (a state and the event that led to it) for which `expression` is true, or -1:
   * a breakpoint over states the host folded itself (a built-in reducer), evaluated here under the limits.
   */
  async evaluate(expression: string, pairs: ReadonlyArray<{ state: JsonValue; event: FlowEvent }>): Promise<number> {
    const { index } = await this.host.request({ op: 'evaluate', expression, json: JSON.stringify(pairs) });
    return index;
  }

  /** `file` as the worker runs it: TypeScript and ES module syntax transpiled (with a source map back to the file); CommonJS as written. */
  transpile(file: string): Promise<Transpiled> {
    return this.host.request({ op: 'transpile', file });
  }

  /** Runs events through a bus file (`.eventflow/bus.js`), recording every step. */
  async runBus(file: string, events: readonly FlowEvent[], options: Partial<BusRunOptions> = {}): Promise<BusRun> {
    return this.host.request({ op: 'runBus', file, events: [...events], options: { ...DEFAULT_BUS_RUN_OPTIONS, stepLimitMs: this.limits.timeLimitMs, ...options } });
  }

  async dispose(): Promise<void> {
    this.streams.clear();
    await this.host.dispose();
  }
}

export { SandboxError };
export type { JsonValue };
