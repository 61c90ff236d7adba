import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FlowEvent } from '../core/envelope';
import type { BusRun } from './bus/busTypes';
import type { ResolvedInterpreter } from './python/interpreter';
import { PythonSandbox } from './python/pythonSandbox';
import { ReducerSandbox } from './reducerSandbox';
import type { Limits } from './types';
import { BUS_FILES } from './workspaceFiles';

/** Why nothing of the workspace's own code runs: said in the UI wherever a workspace reducer or bus would. */
export const UNTRUSTED_REASON =
  'Workspace reducers and bus files are code from this folder; they run only in a trusted workspace. Until you trust it, timelines use the built-in reducers.';

export class UntrustedWorkspaceError extends Error {
  override readonly name = 'UntrustedWorkspaceError';
  constructor() {
    super(UNTRUSTED_REASON);
  }
}

export interface WorkspaceCodeOptions {
  /** The workspace folder holding `.eventflow/`, if one is open. */
  root(): string | undefined;
  /** Workspace Trust, asked at every use: trust can be granted while the window is open. */
  isTrusted(): boolean;
  limits?: Partial<Limits>;
  /** The interpreter chosen for the workspace (asked before each load of Python code); `python3` without it. */
  pythonInterpreter?: () => Promise<ResolvedInterpreter>;
}

/**
 * The gate in front of the sandboxes: they are created on first use, and only when the workspace is
 * trusted; in an untrusted one every use fails with `UntrustedWorkspaceError` and no worker or process
 * ever starts (`workerStarts`, `processStarts` stay 0).
 */
export class WorkspaceCode {
  private javascript: ReducerSandbox | undefined;
  private python: PythonSandbox | undefined;
  private conditions: ReducerSandbox | undefined;

  constructor(private readonly options: WorkspaceCodeOptions) {}

  get trusted(): boolean {
    return this.options.isTrusted();
  }

  /** Every worker thread started: the workspace's reducers and bus, and the breakpoint conditions' own. */
  get workerStarts(): number {
    return (this.javascript?.workerStarts ?? 0) + (this.conditions?.workerStarts ?? 0);
  }

  get processStarts(): number {
    return this.python?.processStarts ?? 0;
  }

  reducerSandbox(): ReducerSandbox {
    this.assertTrusted();
    this.javascript ??= new ReducerSandbox(this.options.limits);
    return this.javascript;
  }

  pythonSandbox(): PythonSandbox {
    this.assertTrusted();
    this.python ??= new PythonSandbox({ ...this.options.limits, interpreter: this.options.pythonInterpreter });
    return this.python;
  }

  /** A Python sandbox of its own (the other side of a what-if), on the workspace's interpreter and limits. */
  separatePythonSandbox(): PythonSandbox {
    this.assertTrusted();
    return new PythonSandbox({ ...this.options.limits, interpreter: this.options.pythonInterpreter });
  }

  /**
   * The sandbox of breakpoint conditions: the expression the user typed in the timeline, not code from the
   * folder, so it needs no trust; a worker of its own that never loads a workspace file.
   */
  conditionSandbox(): ReducerSandbox {
    this.conditions ??= new ReducerSandbox(this.options.limits);
    return this.conditions;
  }

  /** `.eventflow/bus.js` (or `.ts`, `.py`), the first that exists. */
  busFile(): string | undefined {
    const root = this.options.root();
    if (!root) return undefined;
    return BUS_FILES.map((file) => path.join(root, file)).find((file) => fs.existsSync(file));
  }

  /** Runs events through the workspace's bus file in the sandbox that fits its language. */
  async runBus(events: readonly FlowEvent[]): Promise<BusRun> {
    this.assertTrusted();
    const file = this.busFile();
    if (!file) throw new Error(`There is no bus file: create ${BUS_FILES[0]} (the starter bus command writes one)`);
    if (file.endsWith('.py')) {
      const python = this.pythonSandbox();
      await python.load([file]);
      return python.runBus(file, events);
    }
    return this.reducerSandbox().runBus(file, events);
  }

  async dispose(): Promise<void> {
    this.python?.dispose();
    await this.javascript?.dispose();
    await this.conditions?.dispose();
  }

  private assertTrusted(): void {
    if (!this.options.isTrusted()) throw new UntrustedWorkspaceError();
  }
}
