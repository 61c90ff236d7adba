import { Sampler, type SamplerOptions } from './sampler';

export interface WatchedTargetsOptions {
  /** The targets (connection ids) whose figures should stay fresh now: the open connections of one kind. */
  targets(): readonly string[];
  /** Reads one target's figures; the target's sampler never starts a second read while this one runs. */
  read(target: string, signal: AbortSignal): Promise<void>;
  /** A failed read of a target: reported; the next tick tries again. */
  onError?(target: string, error: unknown): void;
  every?: SamplerOptions['every'];
}

/**
 * Keeps the figures of several targets fresh while someone watches them, one `Sampler` per target: watched
 * and with an interval, each target is read on every tick, one read in flight per target; unwatched (the
 * view hidden), or at interval 0, every subscription ends and nothing is read. The first read waits for the
 * first tick: a view that just became visible loads what it shows itself, and a read landing in the middle
 * of that (a reveal, a selection) would undo it.
 */
export class WatchedTargets {
  private readonly samplers = new Map<string, Sampler<void>>();
  private readonly subscriptions = new Map<string, { dispose(): void }>();
  private watched = false;
  private intervalMs = 0;

  constructor(private readonly options: WatchedTargetsOptions) {}

  /** Whether anyone looks at the figures now (the view is visible). */
  watch(watched: boolean): void {
    this.watched = watched;
    this.update();
  }

  /** A new interval (0: on demand only): the samplers are made afresh at the new pace. */
  setInterval(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.stopAll();
    this.samplers.clear();
    this.intervalMs = intervalMs;
    this.update();
  }

  /** Follows the targets as they are now: new ones start, gone ones stop, the others keep their pace. */
  update(): void {
    const wanted = new Set(this.watched && this.intervalMs > 0 ? this.options.targets() : []);
    for (const [target, subscription] of [...this.subscriptions]) {
      if (wanted.has(target)) continue;
      subscription.dispose();
      this.subscriptions.delete(target);
      this.samplers.delete(target);
    }
    for (const target of wanted) {
      if (!this.subscriptions.has(target)) this.subscriptions.set(target, this.samplerOf(target).subscribe(() => undefined));
    }
  }

  /** The targets read on the interval now. */
  get active(): string[] {
    return [...this.subscriptions.keys()];
  }

  dispose(): void {
    this.watched = false;
    this.stopAll();
  }

  private stopAll(): void {
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
  }

  private samplerOf(target: string): Sampler<void> {
    let sampler = this.samplers.get(target);
    if (sampler === undefined) {
      sampler = new Sampler((signal) => this.options.read(target, signal), {
        intervalMs: this.intervalMs,
        onError: (error) => this.options.onError?.(target, error),
        readAtOnce: false,
        ...(this.options.every === undefined ? {} : { every: this.options.every }),
      });
      this.samplers.set(target, sampler);
    }
    return sampler;
  }
}
