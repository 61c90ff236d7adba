import { underCi } from './ci';

/**
 * What a test does when a server of the test rig is not there. On a developer's machine it skips and says
 * why in one line; under CI (`CI` set to anything, see ci.ts) the rig is part of the run, so a missing server fails the test.
 */
export function skipOrFailWithoutRig(context: Mocha.Context, label: string, missing: string | undefined): void {
  if (missing === undefined) return;
  if (underCi()) {
    throw new Error(`${label}: ${missing}`);
  }
  console.log(`      ${label}: skipped, ${missing}`);
  context.skip();
}
