/**
 * Fuzzing with fast-check, counting what the issue asks for: how many cases ran, how many crashed (the
 * code under test threw where it promises not to), and how long the slowest case took. A case slower than
 * its bound counts as a hang. Assertion failures are not crashes: they fail the property like crashes do,
 * and fast-check shrinks either to a small counterexample.
 */
import { AssertionError } from 'node:assert';
import * as fc from 'fast-check';
import { figure } from './figures';

export const FUZZ_CASES = Number(process.env.EFX_FUZZ_CASES ?? 10_000);
/** Replays a failed run: fast-check prints the `seed` (and `path`) of a counterexample it found. */
const SEED = process.env.EFX_FUZZ_SEED === undefined ? {} : { seed: Number(process.env.EFX_FUZZ_SEED) };

export interface FuzzOptions {
  numRuns?: number;
  /** A single case slower than this is a hang. Generous: the machine is shared with other suites. */
  caseBoundMs?: number;
}

interface Tally {
  cases: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
}

function newTally(): Tally {
  return { cases: 0, crashes: 0, hangs: 0, slowestMs: 0 };
}

class HangError extends Error {}

function account(tally: Tally, started: number, bound: number, error: unknown): void {
  const elapsed = performance.now() - started;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  if (error !== undefined) {
    if (error instanceof HangError) tally.hangs += 1;
    else if (!(error instanceof AssertionError)) tally.crashes += 1;
    throw error instanceof Error ? error : new Error(`threw a non-error: ${JSON.stringify(error) ?? typeof error}`);
  }
  if (elapsed > bound) {
    tally.hangs += 1;
    throw new HangError(`one case took ${elapsed.toFixed(0)} ms, over the ${bound} ms bound`);
  }
}

function report(name: string, tally: Tally): void {
  figure(`fuzz.${name}.cases`, tally.cases);
  figure(`fuzz.${name}.crashes`, tally.crashes);
  figure(`fuzz.${name}.hangs`, tally.hangs);
  figure(`fuzz.${name}.slowestCaseMs`, Math.round(tally.slowestMs * 10) / 10);
}

/** After a passing run: the counts must say so too (a property that never ran proves nothing). */
function check(name: string, tally: Tally, numRuns: number): void {
  if (tally.cases < numRuns) throw new AssertionError({ message: `fuzz.${name} ran ${tally.cases} of ${numRuns} cases` });
  if (tally.crashes !== 0 || tally.hangs !== 0) throw new AssertionError({ message: `fuzz.${name}: ${tally.crashes} crashes, ${tally.hangs} hangs` });
}

export function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, property: (value: T) => void, options: FuzzOptions = {}): void {
  const numRuns = options.numRuns ?? FUZZ_CASES;
  const bound = options.caseBoundMs ?? 5000;
  const tally = newTally();
  try {
    fc.assert(
      fc.property(arbitrary, (value) => {
        tally.cases += 1;
        const started = performance.now();
        let failure: unknown;
        try {
          property(value);
        } catch (error) {
          failure = error;
        }
        account(tally, started, bound, failure);
      }),
      { numRuns, ...SEED },
    );
  } finally {
    // Printed whether or not the property held; fast-check's own error (with the shrunk case) stays the failure.
    report(name, tally);
  }
  check(name, tally, numRuns);
}

export async function fuzzAsync<T>(name: string, arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<void>, options: FuzzOptions = {}): Promise<void> {
  const numRuns = options.numRuns ?? FUZZ_CASES;
  const bound = options.caseBoundMs ?? 5000;
  const tally = newTally();
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        tally.cases += 1;
        const started = performance.now();
        let failure: unknown;
        let timer: NodeJS.Timeout | undefined;
        try {
          // A case that never settles would stall the run: the bound turns it into a failure (a hang).
          await Promise.race([
            property(value),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new HangError(`one case did not settle within ${bound * 5} ms`)), bound * 5);
            }),
          ]);
        } catch (error) {
          failure = error;
        } finally {
          clearTimeout(timer);
        }
        account(tally, started, bound, failure);
      }),
      { numRuns, ...SEED },
    );
  } finally {
    // Printed whether or not the property held; fast-check's own error (with the shrunk case) stays the failure.
    report(name, tally);
  }
  check(name, tally, numRuns);
}
