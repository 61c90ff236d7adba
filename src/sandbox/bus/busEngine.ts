import { randomUUID } from 'node:crypto';
import { changedPaths } from '../../core/diff';
import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { BusContext, BusSpec } from './busSpec';
import type { BusEvent, BusRun, BusRunOptions, BusTrace, DeadLetter, HandlerRun, MiddlewareStep, StepError } from './busTypes';

export interface BusEngineHooks {
  /** Turns what user code threw into a message with the stack mapped to the user's file. */
  describeError(error: unknown): StepError;
  /** Called before every middleware or handler step (the watchdog's heartbeat), with the event's index. */
  onStep?(index: number): void;
}

/** The event as the bus passes it on: a copy, so a middleware that edits it in place edits only its own. */
export function toBusEvent(event: FlowEvent | BusEvent): BusEvent {
  const { id, type, data, timestamp, aggregateId, version, metadata } = event;
  return JSON.parse(JSON.stringify({ id, type, data, timestamp, aggregateId, version, metadata: metadata ?? {} })) as BusEvent;
}

const snapshot = (value: unknown): JsonValue => (value === undefined ? null : (JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes events through a workspace bus the way an in-process bus does — middleware in order, then every
 * handler of the type — and records each step: what each middleware received and passed on, who dropped the
 * event, each handler's tries with their delays and errors, the dead letters, and the events handlers
 * published (children, with causation ids). Handlers of one event run one after another, so the record
 * reads in the order things happened.
 */
export async function runBus(spec: BusSpec, events: readonly (FlowEvent | BusEvent)[], options: BusRunOptions, hooks: BusEngineHooks): Promise<BusRun> {
  const started = performance.now();
  const deadLetters: DeadLetter[] = [];
  let published = 0;
  const traces: BusTrace[] = [];
  for (let index = 0; index < events.length; index++) {
    const queue: { event: BusEvent; parent?: BusTrace }[] = [{ event: toBusEvent(events[index]) }];
    while (queue.length > 0) {
      const { event, parent } = queue.shift()!;
      const trace: BusTrace = { event, middleware: [], handlers: [], children: [], ...(parent ? { parentId: parent.event.id } : {}) };
      (parent ? parent.children : traces).push(trace);
      const publish = (child: { type: string; data?: unknown; id?: string }): void => {
        published += 1;
        if (published > options.maxEvents) throw new RangeError(`more than ${options.maxEvents} events published in one run: does a handler publish what it handles?`);
        queue.push({ event: childOf(event, child), parent: trace });
      };
      await runOne(spec, trace, index, options, hooks, publish, deadLetters);
    }
  }
  return { file: spec.file, traces, deadLetters, durationMs: performance.now() - started };
}

async function runOne(
  spec: BusSpec,
  trace: BusTrace,
  index: number,
  options: BusRunOptions,
  hooks: BusEngineHooks,
  publish: BusContext['publish'],
  deadLetters: DeadLetter[],
): Promise<void> {
  let current: BusEvent = trace.event;
  for (const middleware of spec.middleware) {
    hooks.onStep?.(index);
    const received = snapshot(current);
    const step: MiddlewareStep = { name: middleware.name, received, passed: null, changed: [], dropped: false, durationMs: 0 };
    trace.middleware.push(step);
    const t0 = performance.now();
    try {
      const out = await withinLimit(middleware.run(structuredClone(current), { publish, attempt: 1 }), options.stepLimitMs, middleware.name);
      step.durationMs = performance.now() - t0;
      // As in the chapter's bus: a middleware that returns nothing drops the event.
      if (out === undefined || out === null || out === false) {
        step.dropped = true;
        trace.droppedBy = middleware.name;
        return;
      }
      step.passed = snapshot(out);
      step.changed = changedPaths(received, step.passed);
      current = step.passed as unknown as BusEvent;
    } catch (error) {
      step.durationMs = performance.now() - t0;
      step.error = hooks.describeError(error);
      step.dropped = true;
      trace.droppedBy = middleware.name;
      return;
    }
  }
  for (const handler of spec.subscribers.get(current.type) ?? []) {
    const run: HandlerRun = { name: handler.name, attempts: [], outcome: 'failed' };
    trace.handlers.push(run);
    let delayMs = 0;
    for (let attempt = 1; attempt <= spec.retry.attempts; attempt++) {
      if (attempt > 1) {
        delayMs = spec.retry.backoffMs * spec.retry.factor ** (attempt - 2);
        await sleep(delayMs);
      }
      hooks.onStep?.(index);
      const t0 = performance.now();
      try {
        const result = await withinLimit(handler.run(structuredClone(current), { publish, attempt }), options.stepLimitMs, handler.name);
        run.attempts.push({ attempt, delayMs, durationMs: performance.now() - t0, ...(result === undefined ? {} : { result: snapshot(result) }) });
        run.outcome = 'ok';
        break;
      } catch (error) {
        run.attempts.push({ attempt, delayMs, durationMs: performance.now() - t0, error: hooks.describeError(error) });
      }
    }
    if (run.outcome !== 'ok') {
      run.outcome = 'dead-lettered';
      const last = run.attempts[run.attempts.length - 1];
      deadLetters.push({ eventId: current.id, eventType: current.type, handler: handler.name, attempts: run.attempts.length, error: last.error ?? { message: 'failed' } });
    }
  }
}

function childOf(parent: BusEvent, child: { type: string; data?: unknown; id?: string }): BusEvent {
  if (typeof child !== 'object' || child === null || typeof child.type !== 'string') throw new TypeError('publish() takes { type, data }');
  const correlationId = parent.metadata?.correlationId ?? parent.id;
  return { id: child.id ?? randomUUID(), type: child.type, data: snapshot(child.data ?? {}), metadata: { correlationId, causationId: parent.id } };
}

/** A step that returns a promise must settle within the limit; a synchronous loop is the watchdog's. */
async function withinLimit<T>(value: T | Promise<T>, limitMs: number, name: string): Promise<T> {
  if (!(value instanceof Promise)) return value;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([value, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
