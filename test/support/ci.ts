/**
 * The one rule for "under CI": the variable `CI` set to anything (`true`, `1`, `yes`), as every CI system
 * sets it. Under CI the rig is part of the run, so a missing server fails the test instead of skipping it.
 */
export function underCi(): boolean {
  return process.env.CI !== undefined;
}
