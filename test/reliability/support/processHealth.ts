/**
 * Counts what must never happen in the suite: a promise rejected with nobody listening, an exception
 * thrown out of a callback. Mocha attributes some of these to whichever test is running (or loses them
 * between tests), so they are counted here independently and checked after every test and at the end.
 */
export interface HealthEvent {
  kind: 'unhandledRejection' | 'uncaughtException';
  reason: unknown;
  message: string;
}

const seen: HealthEvent[] = [];
let installed = false;

function describeReason(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

function record(kind: HealthEvent['kind'], reason: unknown): void {
  // Mocha re-emits an unhandled rejection on `process` after seeing it: count each reason once.
  if (seen.some((event) => event.reason === reason && event.kind === kind)) return;
  seen.push({ kind, reason, message: describeReason(reason) });
}

/** Idempotent: the root hook calls it once, before the first test. */
export function watchProcessHealth(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => record('unhandledRejection', reason));
  process.on('uncaughtExceptionMonitor', (error) => record('uncaughtException', error));
}

export function healthEvents(): readonly HealthEvent[] {
  return seen;
}

/** Drops the record of one reason: only for the suite's own self-test, which provokes one on purpose. */
export function forgetReason(reason: unknown): void {
  for (let i = seen.length - 1; i >= 0; i--) if (seen[i].reason === reason) seen.splice(i, 1);
}
