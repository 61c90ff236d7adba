import { NO_TARGETS, unionOf, type FiguresRequest } from './figures';
import { AlertEngine, ruleTargets, type AlertChanges, type AlertEpisode, type AlertRule } from './alertRules';
import type { SamplerRegistry } from './samplerRegistry';

export interface AlertWatchOptions {
  samplers: Pick<SamplerRegistry, 'subscribe'>;
  intervalMs: number;
  /** Whether a connection is open now: alerts watch open connections only and never open one themselves. */
  isOpen(connectionId: string): boolean;
  /** Episodes raised, cleared or whose figure moved on one reading, with every episode holding after it. */
  onChange(changes: AlertChanges, active: AlertEpisode[]): void;
}

/**
 * Keeps every alert rule judged: one sampler subscription per open connection that has rules, asking for
 * what the rules read, sharing the poll with the tree and the monitor. `update` follows connections opened
 * and closed; `setRules` follows the settings.
 */
export class AlertWatch {
  private readonly engine: AlertEngine;
  private readonly subscriptions = new Map<string, { dispose(): void }>();

  constructor(
    rules: readonly AlertRule[],
    private readonly options: AlertWatchOptions,
  ) {
    this.engine = new AlertEngine(rules);
    this.update();
  }

  get rules(): readonly AlertRule[] {
    return this.engine.allRules;
  }

  active(): AlertEpisode[] {
    return this.engine.active();
  }

  /** Connections watched now. */
  get watching(): string[] {
    return [...this.subscriptions.keys()];
  }

  setRules(rules: readonly AlertRule[]): void {
    const before = new Set(this.engine.active());
    this.engine.setRules(rules);
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
    this.update();
    const after = new Set(this.engine.active());
    const cleared = [...before].filter((e) => !after.has(e));
    if (cleared.length > 0) this.options.onChange({ raised: [], cleared }, [...after]);
  }

  /** Follows open connections: those with rules are watched, the others not. */
  update(): void {
    const wanted = new Set(this.engine.allRules.map((r) => r.connectionId).filter((id) => this.options.isOpen(id)));
    for (const [id, subscription] of [...this.subscriptions]) {
      if (wanted.has(id)) continue;
      subscription.dispose();
      this.subscriptions.delete(id);
    }
    for (const id of wanted) {
      if (this.subscriptions.has(id)) continue;
      this.subscriptions.set(
        id,
        this.options.samplers.subscribe(id, {
          intervalMs: this.options.intervalMs,
          targets: () => this.targetsOf(id),
          onSample: (sample) => {
            const changes = this.engine.observe(id, sample.at, sample.value);
            if (changes.raised.length > 0 || changes.cleared.length > 0 || (changes.updated ?? []).length > 0) this.options.onChange(changes, this.engine.active());
          },
        }),
      );
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
  }

  private targetsOf(connectionId: string): FiguresRequest {
    if (!this.options.isOpen(connectionId)) return NO_TARGETS;
    return unionOf(this.engine.allRules.filter((r) => r.connectionId === connectionId).map(ruleTargets));
  }
}
