/**
 * What every benchmark file exports and what the runner records. One shape for every row, so a Kafka or
 * RabbitMQ row added later is one more file and one more line in run.ts.
 */

export interface Figure {
  /** The median of `samples`. */
  median: number;
  unit: 'ms' | 'MiB';
  samples: number[];
}

export type Status = 'pass' | 'miss' | 'skipped' | 'error';

export interface BenchResult {
  name: string;
  title: string;
  /** The data the row ran on, in words: "1,000,000 events", "a 100,000-event stream". */
  size: string;
  status: Status;
  ours?: Figure;
  /** What the same run measured for the reference on the same data. */
  baseline?: Figure & { label: string };
  /** Baseline time ÷ our time: how many times faster we are (above 1) or slower (below 1). */
  speedup?: number;
  target: string;
  /** Why a row was skipped or failed, and anything a reader must know to trust the figure. */
  note?: string;
  /** Extra figures a row reports beside its headline (e.g. DOM row count, per-step render time). */
  extra?: Record<string, number | string | boolean>;
  /** When the row was measured (results.json keeps rows of earlier runs for benchmarks not run this time). */
  measuredAt?: string;
}

export interface BenchContext {
  /** Folder outside the repository for large generated inputs, reused across runs. */
  cacheDir: string;
  repoRoot: string;
  /** Repetitions measured after the warm-up; a benchmark may use fewer when one repetition is long. */
  repetitions: number;
  log: (line: string) => void;
}

export interface Benchmark {
  name: string;
  title: string;
  /** The goal in words, shown even when the row is skipped. */
  target: string;
  run(context: BenchContext): Promise<BenchResult>;
}

/** Thrown by a benchmark whose prerequisite (a server, code-server) is missing: the row is skipped, not failed. */
export class SkipBenchmark extends Error {
  override readonly name = 'SkipBenchmark';
}
