import type { JsonValue } from '../../core/json';
import type { SourceLocation } from '../types';

/** An event as it travels through the bus: what middleware and handlers receive. */
export interface BusEvent {
  id: string;
  type: string;
  data: JsonValue;
  timestamp?: string;
  aggregateId?: string;
  version?: number;
  metadata?: { correlationId?: string; causationId?: string; [key: string]: JsonValue | undefined };
}

export interface StepError {
  message: string;
  stack?: string;
  location?: SourceLocation;
}

/** One middleware call: what it got, what it passed on (null: it dropped the event), the paths it changed. */
export interface MiddlewareStep {
  name: string;
  received: JsonValue;
  passed: JsonValue | null;
  changed: string[];
  dropped: boolean;
  durationMs: number;
  error?: StepError;
}

export interface HandlerAttempt {
  attempt: number;
  /** How long the bus waited before this attempt (0 for the first). */
  delayMs: number;
  durationMs: number;
  result?: JsonValue;
  error?: StepError;
}

export interface HandlerRun {
  name: string;
  attempts: HandlerAttempt[];
  outcome: 'ok' | 'failed' | 'dead-lettered';
}

/** One published event's way through the bus, with the events its handlers published as children. */
export interface BusTrace {
  event: BusEvent;
  parentId?: string;
  middleware: MiddlewareStep[];
  /** The middleware that dropped the event (returned nothing), or threw. */
  droppedBy?: string;
  handlers: HandlerRun[];
  children: BusTrace[];
  /** A failure of the publish itself (Python: the bus's own gather raised). */
  error?: StepError;
}

export interface DeadLetter {
  eventId: string;
  eventType: string;
  handler: string;
  attempts: number;
  error: StepError;
}

export interface BusRun {
  file: string;
  traces: BusTrace[];
  deadLetters: DeadLetter[];
  durationMs: number;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  backoffMs: number;
  /** Each later wait is the one before times this. */
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 50, factor: 2 };

export interface BusRunOptions {
  /** One middleware or handler step may take this long (an async step that never settles fails at it). */
  stepLimitMs: number;
  /** Events handlers may publish in one run, so a handler that publishes what it handles ends. */
  maxEvents: number;
}

export const DEFAULT_BUS_RUN_OPTIONS: BusRunOptions = { stepLimitMs: 2000, maxEvents: 1000 };
