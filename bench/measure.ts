/** Timing helpers: medians after a warm-up, because this 2-core machine is shared and single runs are noise. */
import type { BenchResult, Figure } from './benchmark';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function figure(samples: number[], unit: Figure['unit'] = 'ms'): Figure {
  return { median: median(samples), unit, samples: samples.map((value) => round(value)) };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export interface TimingOptions {
  warmup?: number;
  repetitions: number;
  /**
   * Run, untimed, before every measured sample of either side (`timePair` only): a collection there starts
   * each sample on a clean heap without timing a forced full collection while a side still holds what it read.
   */
  before?: () => unknown;
}

/** Runs `task` `warmup` times unmeasured, then `repetitions` times measured; returns milliseconds per run. */
export async function timeRuns(task: () => unknown, options: TimingOptions): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < options.repetitions; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Alternates ours and the baseline, one repetition each, so load from other processes on the machine
 * falls on both sides alike rather than on whichever ran second. Who goes first alternates too: the
 * garbage one side leaves is collected during whatever runs next, and that should not always be the same side.
 */
export async function timePair(ours: () => unknown, baseline: () => unknown, options: TimingOptions): Promise<{ ours: number[]; baseline: number[] }> {
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await ours();
    await baseline();
  }
  const result = { ours: [] as number[], baseline: [] as number[] };
  const timed = async (task: () => unknown, into: number[]): Promise<void> => {
    await options.before?.();
    const started = performance.now();
    await task();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < options.repetitions; i++) {
    if (i % 2 === 0) {
      await timed(ours, result.ours);
      await timed(baseline, result.baseline);
    } else {
      await timed(baseline, result.baseline);
      await timed(ours, result.ours);
    }
  }
  return result;
}

/** A row comparing our time against a baseline's; `pass` decides from the speed-up (baseline ÷ ours). */
export function comparedRow(
  base: Pick<BenchResult, 'name' | 'title' | 'size' | 'target' | 'note' | 'extra'>,
  samples: { ours: number[]; baseline: number[] },
  baselineLabel: string,
  pass: (speedup: number, ours: Figure) => boolean,
): BenchResult {
  const ours = figure(samples.ours);
  const baseline = { ...figure(samples.baseline), label: baselineLabel };
  const speedup = round(baseline.median / ours.median, 2);
  return { ...base, ours, baseline, speedup, status: pass(speedup, ours) ? 'pass' : 'miss' };
}

/** Lets the event loop and the garbage collector breathe between heavy repetitions. */
export function settle(): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return new Promise((resolve) => setImmediate(resolve));
}
