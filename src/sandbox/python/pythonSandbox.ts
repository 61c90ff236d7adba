import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { BusRun } from '../bus/busTypes';
import { RemoteStream } from '../remoteStream';
import { DEFAULT_LIMITS, type Limits, type LoadReport } from '../types';
import { HarnessProcess } from './harnessProcess';
import type { ResolvedInterpreter } from './interpreter';
import { toPythonEvent, withChangedPaths, withInterpreterNamed } from './pythonEvents';

export interface PythonSandboxOptions extends Partial<Limits> {
  /** A fixed interpreter (tests); `interpreter` is asked before each load instead, when given. */
  python?: string;
  /** The workspace's chosen interpreter, asked before each load (the user may select another one). */
  interpreter?: () => Promise<ResolvedInterpreter>;
  harnessScript?: string;
  batchSize?: number;
  checkpointEvery?: number;
}

export interface PythonLoadReport extends LoadReport {
  /** Files that hold a bus (an object with publish, middleware and subscribers). */
  buses: string[];
  /** Limits asked for but not applied, with the reason (no memory limit where Python has no `resource` module, as on Windows). */
  warnings: string[];
}

/**
 * `.py` reducers (classes with `apply(event)`, like the chapter's `Order(Aggregate)`) and bus files (the
 * chapter's `EventBus` with its middleware and subscribers), run through the shipped harness by the
 * interpreter chosen for the workspace (`interpreter`), `python3` by default.
 * Same shape as the JavaScript sandbox: nothing starts before the first request.
 */
export class PythonSandbox {
  readonly limits: Limits;
  private readonly harness: HarnessProcess;
  private readonly batchSize: number;
  private readonly checkpointEvery: number;
  private files: string[] = [];
  private loaded: Promise<PythonLoadReport> | undefined;
  private readonly streams = new Set<PythonStream>();
  private nextStream = 1;
  private readonly chooseInterpreter: (() => Promise<ResolvedInterpreter>) | undefined;

  constructor(options: PythonSandboxOptions = {}) {
    this.chooseInterpreter = options.interpreter;
    this.limits = { timeLimitMs: options.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs, memoryLimitMb: options.memoryLimitMb ?? DEFAULT_LIMITS.memoryLimitMb };
    this.harness = new HarnessProcess(this.limits, options.python, options.harnessScript);
    this.batchSize = options.batchSize ?? 5000;
    this.checkpointEvery = options.checkpointEvery ?? 256;
    this.harness.onRestartNeeded = () => {
      this.loaded = undefined;
      for (const stream of this.streams) stream.markLost();
    };
  }

  get processStarts(): number {
    return this.harness.processStarts;
  }

  /** The interpreter that runs (or will run) the workspace's Python. */
  get interpreter(): string {
    return this.harness.interpreter;
  }

  load(files: readonly string[]): Promise<PythonLoadReport> {
    this.files = [...files];
    this.loaded = this.requestLoad();
    return this.loaded;
  }

  reload(): Promise<PythonLoadReport> {
    return this.load(this.files);
  }

  /** @internal */
  ready(): Promise<PythonLoadReport> {
    this.loaded ??= this.requestLoad();
    return this.loaded;
  }

  private async requestLoad(): Promise<PythonLoadReport> {
    if (this.chooseInterpreter) this.harness.usePython((await this.chooseInterpreter()).command);
    const report = await this.harness.request<PythonLoadReport>('load', { files: this.files });
    return { ...report, failures: report.failures.map((failure) => this.harness.named(failure)) };
  }

  async openStream(aggregateType: string, aggregateId: string, events: readonly FlowEvent[]): Promise<PythonStream> {
    const stream = new PythonStream(this, this.harness, `p${this.nextStream++}`, aggregateType, aggregateId, events, this.batchSize, this.checkpointEvery);
    this.streams.add(stream);
    await stream.ensureOpen();
    return stream;
  }

  /** @internal */
  forget(stream: PythonStream): void {
    this.streams.delete(stream);
  }

  /** Publishes each event through the file's bus as written, recording every middleware and handler. */
  async runBus(file: string, events: readonly FlowEvent[]): Promise<BusRun> {
    const run = await this.harness.request<BusRun>('runBus', { file, events: events.map(toPythonEvent) });
    return withInterpreterNamed(withChangedPaths(run), (error) => {
      const { missingModule, ...rest } = error as typeof error & { missingModule?: string };
      return { ...rest, message: this.harness.named({ kind: 'threw', message: error.message, missingModule }).message };
    });
  }

  dispose(): void {
    this.streams.clear();
    this.harness.dispose();
  }
}

export class PythonStream extends RemoteStream {
  constructor(
    private readonly sandbox: PythonSandbox,
    private readonly harness: HarnessProcess,
    id: string,
    aggregateType: string,
    readonly aggregateId: string,
    events: readonly FlowEvent[],
    private readonly batchSize: number,
    private readonly checkpointEvery: number,
  ) {
    super(id, aggregateType, events);
  }

  stateAt(index: number): Promise<JsonValue> {
    return this.call(() => this.harness.request<JsonValue>('stateAt', { stream: this.id, index }));
  }

  states(from: number, to: number): Promise<JsonValue[]> {
    return this.call(() => this.harness.request<JsonValue[]>('states', { stream: this.id, from, to }));
  }

  async close(): Promise<void> {
    this.sandbox.forget(this);
    if (this.sent && this.harness.running) await this.harness.request('closeStream', { stream: this.id });
  }

  protected async send(): Promise<void> {
    await this.sandbox.ready();
    await this.harness.request('openStream', { stream: this.id, aggregateType: this.aggregateType, aggregateId: this.aggregateId, checkpointEvery: this.checkpointEvery });
    const sent: Promise<unknown>[] = [];
    for (let start = 0; start < this.events.length; start += this.batchSize) {
      sent.push(this.harness.request('append', { stream: this.id, events: this.events.slice(start, start + this.batchSize).map(toPythonEvent) }));
    }
    await Promise.all(sent);
  }
}
