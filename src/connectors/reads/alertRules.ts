/**
 * Alerts on a connection's moving figures, judged sample by sample. Each rule holds an episode: it begins
 * once (one notification), holds while the condition does, and ends only when the condition has clearly
 * cleared (hysteresis), so a figure hovering at a threshold raises nothing new. A failed read changes
 * nothing: a broker restarted under an alert neither clears it nor raises it again.
 */
import { sourceKey, type Figures, type SourceTarget } from './figures';
import type { FiguresReading } from './samplerRegistry';

export type AlertCondition =
  /** The queue holds `growth` or more messages beyond the fewest it held since the last episode. */
  | { when: 'deadLettersGrow'; source: SourceTarget; growth: number }
  /** The group's lag, summed over partitions, reaches `messages`, or its oldest unread message is `seconds` old. */
  | { when: 'lagAbove'; group: string; messages?: number; seconds?: number }
  /** Nothing has come in for `seconds`. */
  | { when: 'rateZero'; source: SourceTarget; seconds: number }
  /** The group had members and now has none. */
  | { when: 'groupEmpty'; group: string };

export type AlertRule = AlertCondition & {
  /** Stable across reloads: one episode per rule. */
  id: string;
  connectionId: string;
};

/** The part of the status bar's summary an episode adds to. */
export type AlertMark = 'DLQ' | 'lag' | 'idle' | 'no members';

export interface AlertEpisode {
  rule: AlertRule;
  /** When the condition was first seen (ms). */
  since: number;
  mark: AlertMark;
  /** The figure the summary shows: dead letters added, messages behind, seconds idle, groups empty. */
  figure: number;
  /** One sentence for the notification. */
  text: string;
}

export interface AlertChanges {
  raised: AlertEpisode[];
  cleared: AlertEpisode[];
  /** Episodes holding on whose figure moved (more dead letters, more lag): the summary shows the new figure, nobody is notified again. */
  updated?: AlertEpisode[];
}

/** A lag alert ends once the lag falls below this share of its threshold. */
export const LAG_CLEAR_RATIO = 0.8;
/** Readings in a row a lag must stay past its threshold, and not falling, before it raises (Burrow: a consumer catching up is not stalled). */
export const LAG_CONFIRM_READINGS = 2;

interface RuleState {
  episode?: AlertEpisode;
  /** deadLettersGrow: the fewest messages seen since the last episode. */
  baseline?: number;
  /** rateZero: since when the rate has been zero. */
  zeroSince?: number;
  /** groupEmpty: members were seen once. */
  hadMembers?: boolean;
  /** lagAbove: the lag of the readings past the threshold in a row. */
  over?: number[];
}

/** What a rule's condition needs read: the targets of the connection's sampler subscription. */
export function ruleTargets(rule: AlertRule): { sources: SourceTarget[]; groups: string[]; lagOf: string[]; lagAge?: boolean } {
  switch (rule.when) {
    case 'deadLettersGrow':
    case 'rateZero':
      return { sources: [rule.source], groups: [], lagOf: [] };
    case 'lagAbove':
      // A lag in messages needs no age read; a lag in seconds does.
      return { sources: [], groups: [], lagOf: [rule.group], ...(rule.seconds === undefined ? { lagAge: false } : {}) };
    case 'groupEmpty':
      return { sources: [], groups: [rule.group], lagOf: [] };
  }
}

const named = (source: SourceTarget): string => (source.scope === undefined || source.scope === '' ? source.name : `${source.name} (${source.scope})`);

export class AlertEngine {
  private readonly states = new Map<string, RuleState>();

  constructor(private rules: readonly AlertRule[]) {}

  /** New rules: a rule kept (same id and condition) keeps its episode; a rule gone is cleared without notice. */
  setRules(rules: readonly AlertRule[]): void {
    const keep = new Set(rules.map((r) => JSON.stringify(r)));
    for (const rule of this.rules) if (!keep.has(JSON.stringify(rule))) this.states.delete(rule.id);
    this.rules = rules;
  }

  get allRules(): readonly AlertRule[] {
    return this.rules;
  }

  /** The episodes holding now. */
  active(): AlertEpisode[] {
    return this.rules.flatMap((rule) => this.states.get(rule.id)?.episode ?? []);
  }

  /** Judges one reading of a connection at `at`; a failed reading changes nothing. */
  observe(connectionId: string, at: number, reading: FiguresReading): AlertChanges {
    const changes: AlertChanges = { raised: [], cleared: [] };
    if (reading.figures === undefined) return changes;
    const updated: AlertEpisode[] = [];
    for (const rule of this.rules) {
      if (rule.connectionId !== connectionId) continue;
      let state = this.states.get(rule.id);
      if (state === undefined) {
        state = {};
        this.states.set(rule.id, state);
      }
      const verdict = judge(rule, state, at, reading.figures);
      if (verdict === undefined) continue;
      if (verdict.holds) {
        if (state.episode === undefined) {
          state.episode = { rule, since: at, mark: verdict.mark, figure: verdict.figure, text: verdict.text };
          changes.raised.push(state.episode);
        } else {
          if (state.episode.figure !== verdict.figure) updated.push(state.episode);
          state.episode.figure = verdict.figure;
          state.episode.text = verdict.text;
        }
      } else if (verdict.clears && state.episode !== undefined) {
        changes.cleared.push(state.episode);
        state.episode = undefined;
      }
    }
    if (updated.length > 0) changes.updated = updated;
    return changes;
  }
}

interface Verdict {
  holds: boolean;
  /** When not holding: whether a running episode ends (false: inside the hysteresis band, it holds on). */
  clears: boolean;
  mark: AlertMark;
  figure: number;
  text: string;
}

/** The condition on this reading; undefined when the reading does not tell (the source or group is not in it, a rate not known yet). */
function judge(rule: AlertRule, state: RuleState, at: number, figures: Figures): Verdict | undefined {
  switch (rule.when) {
    case 'deadLettersGrow': {
      const source = figures.sources.find((s) => sourceKey(s) === sourceKey(rule.source));
      const count = source?.messages ?? (source?.ready === undefined ? undefined : source.ready + (source.unacked ?? 0));
      if (count === undefined) return undefined;
      if (state.baseline === undefined || (state.episode === undefined && count < state.baseline)) state.baseline = count;
      const added = count - state.baseline;
      const holds = added >= rule.growth;
      // The episode ends when the queue is back where it began (redriven, purged); then that is the new baseline.
      const clears = count <= state.baseline;
      if (!holds && clears) state.baseline = count;
      return { holds: holds || (state.episode !== undefined && !clears), clears, mark: 'DLQ', figure: Math.max(0, added), text: `Dead letters grow in ${named(rule.source)}: +${Math.max(0, added)} (${count} held).` };
    }
    case 'lagAbove': {
      const group = figures.groups.find((g) => g.group === rule.group);
      if (group?.lag === undefined) return undefined;
      const lag = Number(group.lag.total);
      const oldestMs = Math.max(0, ...group.lag.partitions.map((p) => p.lagMs ?? 0));
      const past = (rule.messages !== undefined && lag >= rule.messages) || (rule.seconds !== undefined && oldestMs >= rule.seconds * 1000);
      const below = (rule.messages === undefined || lag < rule.messages * LAG_CLEAR_RATIO) && (rule.seconds === undefined || oldestMs < rule.seconds * 1000 * LAG_CLEAR_RATIO);
      state.over = past ? [...(state.over ?? []), lag].slice(-LAG_CONFIRM_READINGS) : [];
      const confirmed = state.over.length >= LAG_CONFIRM_READINGS && state.over[state.over.length - 1] >= state.over[0];
      const text = `Consumer group ${rule.group} is ${lag.toLocaleString('en-US')} message(s) behind${oldestMs > 0 ? `, the oldest unread ${Math.round(oldestMs / 1000)} s old` : ''}.`;
      return { holds: confirmed || (state.episode !== undefined && !below), clears: below, mark: 'lag', figure: lag, text };
    }
    case 'rateZero': {
      const rate = figures.sources.find((s) => sourceKey(s) === sourceKey(rule.source))?.publishRate;
      if (rate === undefined) return undefined;
      if (rate > 0) {
        state.zeroSince = undefined;
        return { holds: false, clears: true, mark: 'idle', figure: 0, text: '' };
      }
      state.zeroSince ??= at;
      const idleSeconds = Math.round((at - state.zeroSince) / 1000);
      return { holds: at - state.zeroSince >= rule.seconds * 1000, clears: false, mark: 'idle', figure: idleSeconds, text: `Nothing came into ${named(rule.source)} for ${idleSeconds} s.` };
    }
    case 'groupEmpty': {
      const group = figures.groups.find((g) => g.group === rule.group);
      if (group === undefined) return undefined;
      if (group.members > 0) {
        state.hadMembers = true;
        return { holds: false, clears: true, mark: 'no members', figure: 0, text: '' };
      }
      return { holds: state.hadMembers === true, clears: false, mark: 'no members', figure: 1, text: `Consumer group ${rule.group} lost its last member (${group.state}).` };
    }
  }
}

/** "12.3k", "1.2M": a figure in a few characters. */
export function compactNumber(value: number): string {
  const size = Math.abs(value);
  if (size < 1000) return String(Math.round(value));
  const [divisor, unit] = size < 1e6 ? [1e3, 'k'] : size < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  const scaled = value / divisor;
  return `${Math.abs(scaled) < 10 ? scaled.toFixed(1).replace(/\.0$/, '') : Math.round(scaled)}${unit}`;
}

/** The status bar's summary of the holding episodes: "DLQ +3 · lag 1.2k". */
export function alertSummary(episodes: readonly AlertEpisode[]): string {
  const parts: string[] = [];
  const of = (mark: AlertMark): AlertEpisode[] => episodes.filter((e) => e.mark === mark);
  const dlq = of('DLQ');
  if (dlq.length > 0) parts.push(`DLQ +${compactNumber(dlq.reduce((sum, e) => sum + e.figure, 0))}`);
  const lag = of('lag');
  if (lag.length > 0) parts.push(`lag ${compactNumber(Math.max(...lag.map((e) => e.figure)))}`);
  const idle = of('idle');
  if (idle.length > 0) parts.push(`idle ${idle.length}`);
  const empty = of('no members');
  if (empty.length > 0) parts.push(`no members ${empty.length}`);
  return parts.join(' · ');
}
