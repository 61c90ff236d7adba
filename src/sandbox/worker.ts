/**
 * The sandbox worker: runs workspace reducers and bus files off the extension host's thread. It holds the
 * loaded reducers and the streams the host sent (so a jump or a re-replay after a save sends nothing but
 * a request), and answers one request at a time. The host's watchdog stops it when user code hangs; the
 * worker's heap limit stops it when user code allocates without end.
 */
import * as fs from 'node:fs';
import * as vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { runBus } from './bus/busEngine';
import { readBusSpec } from './bus/busSpec';
import type { StepError } from './bus/busTypes';
import { decodeEventBatch } from './eventBatch';
import { describeConditionSyntax } from './conditionSyntax';
import { loadWorkspaceModule } from './moduleLoader';
import { ProgressWriter } from './progress';
import { deepFreeze, readReducerSpecs, reducerInfo, type ReducerSpec } from './reducerSpec';
import { SourceLocations } from './sourceLocations';
import { FailedAtEvent, StreamReplay } from './streamReplay';
import type { LoadReport, SandboxFailure } from './types';
import { TranspileError, transpileWorkspaceModule } from './transpile';
import { upcastEvent } from './upcast';
import type { UpcastResult, WorkerData, WorkerRequestEnvelope, WorkerResponse } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread only');
const { progress: progressBuffer, heartbeatMs } = workerData as WorkerData;
const progress = new ProgressWriter(progressBuffer);
// A synchronous loop in user code stops this timer and the tick with it; that is what the watchdog sees.
setInterval(() => progress.beat(), heartbeatMs);
// The first tick tells the host's watchdog that start-up is over and the time limit now applies.
progress.beat();
const locations = new SourceLocations();
const reducers = new Map<string, ReducerSpec>();
const streams = new Map<string, { replay: StreamReplay; aggregateType: string }>();

port.on('message', (request: WorkerRequestEnvelope) => {
  void answer(request).then((response) => port.postMessage(response));
});

async function answer(request: WorkerRequestEnvelope): Promise<WorkerResponse> {
  try {
    return { id: request.id, ok: true, result: await handle(request) };
  } catch (error) {
    return { id: request.id, ok: false, failure: toFailure(error) };
  }
}

async function handle(request: WorkerRequestEnvelope): Promise<unknown> {
  switch (request.op) {
    case 'ready':
      return null;
    case 'load':
      return load(request.files, request.resolveAs ?? {});
    case 'openStream': {
      const spec = reducerFor(request.aggregateType);
      streams.set(request.stream, { replay: new StreamReplay(spec, request.checkpointEvery, progress), aggregateType: request.aggregateType });
      return null;
    }
    case 'append': {
      const { replay } = streamFor(request.stream);
      const offset = replay.events.length;
      progress.at(offset);
      const events = decodeEventBatch(request.batch);
      // Freezing is work per event too: the tick moves, so a long transfer is never taken for a hang.
      events.forEach((event, i) => {
        progress.at(offset + i);
        deepFreeze(event);
      });
      replay.append(events);
      return { length: replay.events.length };
    }
    case 'closeStream':
      streams.delete(request.stream);
      return null;
    case 'stateAt':
      return toJson(streamFor(request.stream).replay.stateAt(request.index));
    case 'states': {
      const states: JsonValue[] = [];
      streamFor(request.stream).replay.walk(request.from, request.to, (state) => (states.push(toJson(state)), true));
      return states;
    }
    case 'findBreak':
      return findBreak(streamFor(request.stream).replay, request.expression, request.from, request.to);
    case 'evaluate':
      return evaluatePairs(request.expression, JSON.parse(request.json) as Array<{ state: unknown; event: FlowEvent }>);
    case 'upcast':
      return upcastAll(reducerFor(request.aggregateType), request.events);
    case 'runBus': {
      progress.at(0);
      const spec = readBusSpec(loadWorkspaceModule(request.file, locations), request.file);
      return runBus(spec, request.events, request.options, { describeError, onStep: (index) => progress.at(index) });
    }
    case 'transpile':
      return transpileWorkspaceModule(fs.readFileSync(request.file, 'utf8'), request.file);
  }
}

function load(files: readonly string[], resolveAs: Record<string, string>): LoadReport {
  const report: LoadReport = { reducers: [], failures: [] };
  reducers.clear();
  files.forEach((file, i) => {
    progress.at(i);
    try {
      for (const spec of readReducerSpecs(loadWorkspaceModule(file, locations, resolveAs[file]), file)) {
        reducers.set(spec.aggregateType, spec);
        report.reducers.push(reducerInfo(spec));
      }
    } catch (error) {
      report.failures.push({ ...toFailure(error), kind: 'load', location: toFailure(error).location ?? { file, line: 1 } });
    }
  });
  // Open streams fold with the new code from the start; their events stay where they are.
  for (const stream of streams.values()) {
    const spec = reducers.get(stream.aggregateType);
    if (spec) stream.replay.useReducer(spec);
  }
  return report;
}

type Condition = (state: unknown, event: FlowEvent) => unknown;

function compileCondition(expression: string): Condition {
  try {
    // The condition is the user's own code, run under the sandbox's limits.
    return vm.compileFunction(`"use strict"; return (${expression}\n);`, ['state', 'event'], { filename: 'breakpoint condition' }) as Condition;
  } catch {
    // The engine's message is about the wrapped text; the user is told about their own.
    throw new SyntaxError(`The breakpoint condition ${describeConditionSyntax(expression)}`);
  }
}

/** The first pair after which the condition holds, or -1; each pair is frozen, so a condition cannot change state. */
function evaluatePairs(expression: string, pairs: ReadonlyArray<{ state: unknown; event: FlowEvent }>): { index: number } {
  const test = compileCondition(expression);
  for (let index = 0; index < pairs.length; index++) {
    progress.at(index);
    let hit: unknown;
    try {
      hit = test(Object.freeze(pairs[index].state), Object.freeze(pairs[index].event));
    } catch (error) {
      throw new FailedAtEvent(index, new Error(`The breakpoint condition failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (hit) return { index };
  }
  return { index: -1 };
}

function findBreak(replay: StreamReplay, expression: string, from: number, to: number): { index: number } {
  const test = compileCondition(expression);
  let found = -1;
  replay.walk(from, to, (state, index) => {
    let hit: unknown;
    try {
      hit = test(state, replay.events[index]);
    } catch (error) {
      throw new FailedAtEvent(index, new Error(`The breakpoint condition failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (hit) found = index;
    return !hit;
  });
  return { index: found };
}

function upcastAll(spec: ReducerSpec, events: readonly FlowEvent[]): UpcastResult[] {
  return events.map((before, index) => {
    progress.at(index);
    try {
      const { event, versions } = upcastEvent(spec, before);
      return { index, before, after: event, versions };
    } catch (error) {
      throw new FailedAtEvent(index, error);
    }
  });
}

function reducerFor(aggregateType: string): ReducerSpec {
  const spec = reducers.get(aggregateType);
  if (!spec) throw new RangeError(`No workspace reducer for aggregate type ${aggregateType}; loaded: ${[...reducers.keys()].join(', ') || 'none'}`);
  return spec;
}

function streamFor(id: string): { replay: StreamReplay; aggregateType: string } {
  const stream = streams.get(id);
  if (!stream) throw new RangeError(`No open stream ${id}`);
  return stream;
}

/** States go back as plain JSON: what the timeline shows, diffs and exports. */
function toJson(state: unknown): JsonValue {
  return state === undefined ? null : (JSON.parse(JSON.stringify(state) ?? 'null') as JsonValue);
}

function describeError(error: unknown): StepError {
  const message = error instanceof Error ? error.message : `threw ${JSON.stringify(error) ?? String(error)}`;
  if (error instanceof TranspileError) return { message, location: error.location };
  if (!(error instanceof Error) || !error.stack) return { message };
  const mapped = locations.mapStack(error.stack);
  return mapped.location ? { message, stack: mapped.stack, location: mapped.location } : { message, stack: mapped.stack };
}

function toFailure(error: unknown): SandboxFailure {
  if (error instanceof FailedAtEvent) {
    return { kind: 'threw', ...describeError(error.cause), eventIndex: error.eventIndex };
  }
  return { kind: 'threw', ...describeError(error) };
}
