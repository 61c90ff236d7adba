import type { JsonValue } from '../core/json';

/** A place in the user's own file (1-based line and column), after mapping through a transpiler's source map. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/**
 * Why user code failed: it threw, it ran past the time limit, it ran out of memory, its file could not be
 * loaded (syntax, missing export), or the sandbox process itself went away.
 */
export type FailureKind = 'threw' | 'timeout' | 'memory' | 'load' | 'crashed';

export interface SandboxFailure {
  kind: FailureKind;
  message: string;
  /** The stack with positions in the user's file, when there is one. */
  stack?: string;
  /** The innermost frame in a workspace file: where the timeline points. */
  location?: SourceLocation;
  /** The index in the stream of the event being applied when it failed. */
  eventIndex?: number;
  eventId?: string;
  eventType?: string;
  /** The event's version, when it has one: what the user reads (`v3`), where `eventIndex` is 0-based. */
  eventVersion?: number;
}

/** A failure of user code, thrown to callers of the sandbox. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(readonly failure: SandboxFailure) {
    super(describeFailure(failure));
  }
}

export function describeFailure(failure: SandboxFailure): string {
  // Named as the timeline names it: v3 when the event has a version, else its 1-based position.
  const place = failure.eventVersion !== undefined ? `v${failure.eventVersion}` : `event #${(failure.eventIndex ?? 0) + 1}`;
  const at = failure.eventIndex !== undefined ? ` at ${place}${failure.eventType ? ` (${failure.eventType})` : ''}` : '';
  const where = failure.location ? ` [${failure.location.file}:${failure.location.line}${failure.location.column !== undefined ? `:${failure.location.column}` : ''}]` : '';
  return `${failure.message}${at}${where}`;
}

/** What a loaded reducer file offers, per aggregate type. */
export interface ReducerInfo {
  aggregateType: string;
  file: string;
  /** Event types with an upcaster, each with the schema versions it upcasts from. */
  upcasters: Record<string, number[]>;
}

export interface LoadReport {
  reducers: ReducerInfo[];
  /** Files that could not be loaded; the others still are. */
  failures: SandboxFailure[];
}

export interface Limits {
  /** How long one event (or one middleware / handler step) may run. */
  timeLimitMs: number;
  /** The sandbox's heap (worker `maxOldGenerationSizeMb`; Python: address space). */
  memoryLimitMb: number;
}

export const DEFAULT_LIMITS: Limits = { timeLimitMs: 2000, memoryLimitMb: 256 };

/** A state as it crosses back to the host: plain JSON. */
export type SandboxState = JsonValue;
