/**
 * One poll of a connection's moving figures (rates, lag, queue depths, store counts), shared by everyone
 * who watches them: it runs only while someone subscribes, at one bounded interval, never two reads at
 * once, and stops when the last subscriber leaves. The tree, a monitor and alerts subscribe to the same one.
 */

/** Polling faster than this only loads the broker: the management API itself samples every 5 s. */
export const MIN_SAMPLE_SECONDS = 1;
export const MAX_SAMPLE_SECONDS = 3600;

/** A refresh interval in seconds checked against the bounds; 0 means "on demand only". */
export function checkSampleInterval(seconds: unknown, setting: string): { seconds: number; problem?: string } {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return { seconds: -1, problem: `Setting "${setting}" must be a number of seconds (0 turns it off).` };
  if (seconds === 0) return { seconds: 0 };
  if (seconds < MIN_SAMPLE_SECONDS) return { seconds: -1, problem: `Setting "${setting}" is ${seconds} s: refreshing more often than every ${MIN_SAMPLE_SECONDS} s is refused (it loads the broker for figures that do not move that fast).` };
  if (seconds > MAX_SAMPLE_SECONDS) return { seconds: MAX_SAMPLE_SECONDS, problem: `Setting "${setting}" is ${seconds} s: using ${MAX_SAMPLE_SECONDS} s, the longest interval.` };
  return { seconds };
}

export interface Sample<T> {
  /** When the figures were read (ms since the epoch): shown beside them. */
  at: number;
  value: T;
}

export interface SamplerOptions {
  intervalMs: number;
  /** A failed read: reported, and the next tick tries again. */
  onError?: (error: unknown) => void;
  now?: () => number;
  /** Calls `tick` every `ms` until disposed (setInterval unless a test drives the ticks itself). */
  every?: (ms: number, tick: () => void) => { dispose(): void };
  /** false: the first read waits for the first tick rather than coming with the first subscriber. */
  readAtOnce?: boolean;
}

const everyInterval = (ms: number, tick: () => void): { dispose(): void } => {
  const timer = setInterval(tick, ms);
  return { dispose: () => clearInterval(timer) };
};

export class Sampler<T> {
  private readonly listeners = new Set<(sample: Sample<T>) => void>();
  private timer: { dispose(): void } | undefined;
  private running: AbortController | undefined;
  private latest: Sample<T> | undefined;
  /** Reads made (for tests and the monitor's own figures). */
  polls = 0;

  constructor(
    private readonly read: (signal: AbortSignal) => Promise<T>,
    private readonly options: SamplerOptions,
  ) {
    if (!(options.intervalMs >= MIN_SAMPLE_SECONDS * 1000)) throw new RangeError(`A sampler polls at most once a second (asked for every ${options.intervalMs} ms).`);
  }

  /** The last figures read, with their time; undefined before the first read. */
  get last(): Sample<T> | undefined {
    return this.latest;
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Starts the poll with the first subscriber (one read at once); the returned disposable leaves. */
  subscribe(listener: (sample: Sample<T>) => void): { dispose(): void } {
    this.listeners.add(listener);
    if (this.latest !== undefined) listener(this.latest);
    if (this.timer === undefined) {
      if (this.options.readAtOnce !== false) this.tick();
      this.timer = (this.options.every ?? everyInterval)(this.options.intervalMs, () => this.tick());
    }
    return { dispose: () => this.leave(listener) };
  }

  private leave(listener: (sample: Sample<T>) => void): void {
    this.listeners.delete(listener);
    if (this.listeners.size > 0) return;
    this.timer?.dispose();
    this.timer = undefined;
    this.running?.abort();
    this.running = undefined;
  }

  private tick(): void {
    if (this.running !== undefined) return;
    const controller = new AbortController();
    this.running = controller;
    this.polls += 1;
    this.read(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        this.latest = { at: (this.options.now ?? Date.now)(), value };
        for (const listener of [...this.listeners]) listener(this.latest);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) this.options.onError?.(error);
      })
      .finally(() => {
        if (this.running === controller) this.running = undefined;
      });
  }
}
