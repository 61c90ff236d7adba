import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import type { BusRun, BusRunOptions } from './bus/busTypes';
import type { Transpiled } from './transpile';
import type { LoadReport, SandboxFailure } from './types';

/** What the host asks the worker. Every request carries an id; the answer carries it back. */
export type WorkerRequest =
  /** Answered once the worker runs: the sandbox process measures its own size at rest then. */
  | { op: 'ready' }
  /**
   * `resolveAs`: file → the path its `require`s resolve from (and its `__filename`): a copy of an old version
   * (git's HEAD) resolves its imports exactly as the working copy does, from the workspace.
   */
  | { op: 'load'; files: string[]; resolveAs?: Record<string, string> }
  | { op: 'openStream'; stream: string; aggregateType: string; checkpointEvery: number }
  /**
   * A batch of events as text (eventBatch.ts): V8 parses JSON faster than it deserializes a structured
   * clone, and rows without repeated keys are shorter to parse.
   */
  | { op: 'append'; stream: string; batch: string }
  | { op: 'closeStream'; stream: string }
  | { op: 'stateAt'; stream: string; index: number }
  | { op: 'states'; stream: string; from: number; to: number }
  | { op: 'findBreak'; stream: string; expression: string; from: number; to: number }
  /** A condition over (state, event) pairs the host already has (a built-in reducer's states): JSON text. */
  | { op: 'evaluate'; expression: string; json: string }
  | { op: 'upcast'; aggregateType: string; events: FlowEvent[] }
  | { op: 'runBus'; file: string; events: FlowEvent[]; options: BusRunOptions }
  /** A workspace file as the worker runs it (TypeScript and ES modules transpiled, with the source map): Debug Reducer runs the same code. */
  | { op: 'transpile'; file: string };

export type WorkerRequestEnvelope = WorkerRequest & { id: number };

export interface UpcastResult {
  index: number;
  before: FlowEvent;
  after: FlowEvent;
  /** Schema versions passed through, first to last. */
  versions: number[];
}

export interface WorkerResults {
  ready: null;
  load: LoadReport;
  openStream: null;
  append: { length: number };
  closeStream: null;
  stateAt: JsonValue;
  states: JsonValue[];
  findBreak: { index: number };
  evaluate: { index: number };
  upcast: UpcastResult[];
  runBus: BusRun;
  transpile: Transpiled;
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; failure: SandboxFailure };

export interface WorkerData {
  progress: SharedArrayBuffer;
  /** How often the worker's idle heartbeat moves the tick: well inside the time limit. */
  heartbeatMs: number;
}
