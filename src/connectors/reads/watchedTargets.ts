export interface WatchedTargetsOptions {
  /** The targets (connection ids) whose figures should stay fresh now: the open connections of one kind. */
  targets(): readonly string[];
  /** Subscribes to one target's figures at this interval (a `SamplerRegistry` subscription); disposing leaves. */
  subscribe(target: string, intervalMs: number): { dispose(): void };
}

/**
 * Keeps the figures of several targets fresh while someone watches them: watched and with an interval, each
 * target has one subscription to its connection's sampler; unwatched (the view hidden), or at interval 0,
 * every subscription ends, so nothing is read for this watcher.
 */
export class WatchedTargets {
  private readonly subscriptions = new Map<string, { dispose(): void }>();
  private watched = false;
  private intervalMs = 0;

  constructor(private readonly options: WatchedTargetsOptions) {}

  /** Whether anyone looks at the figures now (the view is visible). */
  watch(watched: boolean): void {
    this.watched = watched;
    this.update();
  }

  /** A new interval (0: on demand only): every subscription is made afresh at the new pace. */
  setInterval(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.stopAll();
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
    }
    for (const target of wanted) {
      if (!this.subscriptions.has(target)) this.subscriptions.set(target, this.options.subscribe(target, this.intervalMs));
    }
  }

  /** The targets subscribed now. */
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
}
