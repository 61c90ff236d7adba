/**
 * A bus run as the webview shows it: each middleware step with the differences between what it received
 * and what it passed on, and the run's counts. Free of the vscode API, so tests build exactly what a panel posts.
 */
import { valueChanges } from '../../core/diff';
import type { JsonValue } from '../../core/json';
import type { BusRunInit, BusRunSummary, BusTraceView, MiddlewareChange, MiddlewareStepView } from '../../protocol/busRun';
import type { BusRun, BusTrace, MiddlewareStep } from '../../sandbox/bus/busTypes';

/** More differences than this in one step are cut: the step's received and passed values still hold all. */
export const MAX_CHANGES_PER_STEP = 200;

export function busRunView(run: BusRun, source: string): BusRunInit {
  return {
    type: 'init',
    source,
    file: run.file,
    durationMs: run.durationMs,
    traces: run.traces.map(traceView),
    deadLetters: run.deadLetters,
    summary: summarize(run),
  };
}

function traceView(trace: BusTrace): BusTraceView {
  return { ...trace, middleware: trace.middleware.map(stepView), children: trace.children.map(traceView) };
}

function stepView(step: MiddlewareStep): MiddlewareStepView {
  return { ...step, changes: step.passed === null ? [] : middlewareChanges(step.received, step.passed) };
}

/** What a middleware changed: added, removed and changed values by dotted path. */
export function middlewareChanges(received: JsonValue, passed: JsonValue): MiddlewareChange[] {
  return valueChanges(received, passed, MAX_CHANGES_PER_STEP);
}

export function summarize(run: BusRun): BusRunSummary {
  const traces = everyTrace(run.traces);
  const handlers = traces.flatMap((trace) => trace.handlers);
  return {
    events: traces.length,
    handlers: handlers.length,
    retried: handlers.filter((handler) => handler.attempts.length > 1).length,
    dropped: traces.filter((trace) => trace.droppedBy !== undefined).length,
    failed: handlers.filter((handler) => handler.outcome !== 'ok').length + traces.filter((trace) => trace.error !== undefined).length,
    deadLetters: run.deadLetters.length,
  };
}

export function everyTrace<T extends { children: T[] }>(traces: readonly T[]): T[] {
  return traces.flatMap((trace) => [trace, ...everyTrace(trace.children)]);
}

/** Every file a step's error points into: the only files the webview may ask the editor to open. */
export function runLocations(run: BusRun): Set<string> {
  const files = new Set<string>([run.file]);
  for (const trace of everyTrace(run.traces)) {
    for (const error of [trace.error, ...trace.middleware.map((step) => step.error), ...trace.handlers.flatMap((handler) => handler.attempts.map((attempt) => attempt.error))]) {
      if (error?.location) files.add(error.location.file);
    }
  }
  for (const letter of run.deadLetters) if (letter.error.location) files.add(letter.error.location.file);
  return files;
}
