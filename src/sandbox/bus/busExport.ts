import { plural } from '../../core/plural';
import type { BusRun, BusTrace, StepError } from './busTypes';

type Line = Record<string, unknown>;

/**
 * A bus run as NDJSON: one `run` line, then per event (depth first, children after their parent) an `event`
 * line, its `middleware` lines and one `handler` line per try, and a `dead-letter` line for each.
 */
export function busRunToNdjson(run: BusRun): string {
  const lines: Line[] = [{ kind: 'run', file: run.file, durationMs: run.durationMs, events: countEvents(run.traces), deadLetters: run.deadLetters.length }];
  const visit = (trace: BusTrace): void => {
    const { event } = trace;
    lines.push({ kind: 'event', id: event.id, type: event.type, parentId: trace.parentId, droppedBy: trace.droppedBy, error: trace.error, event });
    for (const step of trace.middleware) lines.push({ kind: 'middleware', eventId: event.id, ...step });
    for (const handler of trace.handlers) {
      for (const attempt of handler.attempts) lines.push({ kind: 'handler', eventId: event.id, name: handler.name, outcome: handler.outcome, ...attempt });
    }
    trace.children.forEach(visit);
  };
  run.traces.forEach(visit);
  for (const letter of run.deadLetters) lines.push({ kind: 'dead-letter', ...letter });
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** The run in words, one line per step, for the output channel. */
export function busRunLogLines(run: BusRun): string[] {
  const lines = [`bus run of ${run.file}: ${plural(countEvents(run.traces), 'event')}, ${plural(run.deadLetters.length, 'dead letter')}, ${run.durationMs.toFixed(1)} ms`];
  const visit = (trace: BusTrace, depth: number): void => {
    const pad = '  '.repeat(depth + 1);
    lines.push(`${pad}${trace.event.type} ${trace.event.id}${trace.parentId ? ` (caused by ${trace.parentId})` : ''}`);
    for (const step of trace.middleware) {
      const what = step.error ? `threw ${where(step.error)}` : step.dropped ? 'dropped it' : step.changed.length ? `changed ${step.changed.join(', ')}` : 'passed it on';
      lines.push(`${pad}  middleware ${step.name}: ${what} (${step.durationMs.toFixed(2)} ms)`);
    }
    for (const handler of trace.handlers) {
      for (const attempt of handler.attempts) {
        const wait = attempt.delayMs > 0 ? ` after ${attempt.delayMs} ms` : '';
        lines.push(`${pad}  handler ${handler.name} try ${attempt.attempt}${wait}: ${attempt.error ? `failed ${where(attempt.error)}` : 'ok'} (${attempt.durationMs.toFixed(2)} ms)`);
      }
      if (handler.outcome === 'dead-lettered') lines.push(`${pad}  handler ${handler.name}: dead-lettered`);
    }
    if (trace.error) lines.push(`${pad}  publish failed: ${where(trace.error)}`);
    for (const child of trace.children) visit(child, depth + 1);
  };
  run.traces.forEach((trace) => visit(trace, 0));
  return lines;
}

function where(error: StepError): string {
  return error.location ? `${error.message} at ${error.location.file}:${error.location.line}${error.location.column ? `:${error.location.column}` : ''}` : error.message;
}

function countEvents(traces: readonly BusTrace[]): number {
  return traces.reduce((n, trace) => n + 1 + countEvents(trace.children), 0);
}
