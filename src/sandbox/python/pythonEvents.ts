import { changedPaths } from '../../core/diff';
import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { BusRun, BusTrace, StepError } from '../bus/busTypes';

/** A stored event in the shape of the chapter's event store (§3.1), which Python reducers read. */
export interface PythonEvent {
  aggregate_id: string | null;
  event_type: string;
  data: JsonValue;
  version: number | null;
  timestamp: string;
  event_id: string;
  metadata: JsonValue;
}

export function toPythonEvent(event: FlowEvent): PythonEvent {
  return {
    aggregate_id: event.aggregateId ?? null,
    event_type: event.type,
    data: event.data,
    version: event.version ?? null,
    timestamp: event.timestamp,
    event_id: event.id,
    metadata: event.metadata as unknown as JsonValue,
  };
}

/** The harness records what each middleware passed on; the changed paths are computed here, as for bus.js. */
export function withChangedPaths(run: BusRun): BusRun {
  const visit = (trace: BusTrace): void => {
    for (const step of trace.middleware) {
      if (step.passed !== null) step.changed = changedPaths(step.received, step.passed);
    }
    trace.children.forEach(visit);
  };
  run.traces.forEach(visit);
  return run;
}

/** Every error of a Python bus run says which interpreter ran it (`name` rewrites one message). */
export function withInterpreterNamed(run: BusRun, name: (error: StepError) => StepError): BusRun {
  const visit = (trace: BusTrace): void => {
    for (const step of trace.middleware) if (step.error) step.error = name(step.error);
    for (const handler of trace.handlers) for (const attempt of handler.attempts) if (attempt.error) attempt.error = name(attempt.error);
    if (trace.error) trace.error = name(trace.error);
    trace.children.forEach(visit);
  };
  run.traces.forEach(visit);
  for (const letter of run.deadLetters) letter.error = name(letter.error);
  return run;
}
