/** The longest delay Node's timers take (2^31 - 1 ms); a longer one fires at once, with a warning. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * A delay every timer accepts: a whole number from 0 to MAX_TIMER_DELAY_MS. A deadline left unset (0, NaN)
 * or already past gives 0, so the timer fires at once as it meant to, rather than Node warning of a
 * negative or NaN delay ("TimeoutNegativeWarning") and then doing the same.
 */
export function timerDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.min(Math.ceil(ms), MAX_TIMER_DELAY_MS);
}
