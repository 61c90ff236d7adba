/**
 * `eventFlows.alerts`: the alert rules a workspace keeps, one entry per rule. Each entry is checked on
 * its own: a malformed one is reported by its place in the list and what is wrong, the others still hold.
 */
import * as v from 'valibot';
import type { AlertRule } from './connectors/reads/alertRules';

export const ALERTS_SETTING = 'alerts';

const name = (what: string) => v.pipe(v.string(`${what} must be a string`), v.trim(), v.minLength(1, `${what} must not be empty`), v.maxLength(500, `${what} is longer than 500 characters`));
const positive = (what: string) => v.pipe(v.number(`${what} must be a number`), v.finite(`${what} must be a number`), v.minValue(1, `${what} must be at least 1`), v.maxValue(1e12, `${what} is too large`));
const connection = name('"connection" (a connection\'s name or id)');
const scope = v.optional(v.pipe(v.string('"scope" must be a string'), v.maxLength(500, '"scope" is longer than 500 characters')));

const entrySchema = v.variant(
  'when',
  [
    v.strictObject({ when: v.literal('deadLettersGrow'), connection, source: name('"source" (the dead-letter queue)'), scope, growth: v.optional(positive('"growth"')) }),
    v.pipe(
      v.strictObject({ when: v.literal('lagAbove'), connection, group: name('"group"'), messages: v.optional(positive('"messages"')), seconds: v.optional(positive('"seconds"')) }),
      v.check((entry) => entry.messages !== undefined || entry.seconds !== undefined, 'a lag alert needs "messages", "seconds" or both'),
    ),
    v.strictObject({ when: v.literal('rateZero'), connection, source: name('"source"'), scope, seconds: positive('"seconds"') }),
    v.strictObject({ when: v.literal('groupEmpty'), connection, group: name('"group"') }),
  ],
  '"when" must be one of "deadLettersGrow", "lagAbove", "rateZero", "groupEmpty"',
);

export type AlertEntry = v.InferOutput<typeof entrySchema>;

/** A rule as the settings keep it: the connection by name or id, resolved when rules are made. */
export interface AlertEntries {
  entries: AlertEntry[];
  problems: string[];
}

export function readAlertEntries(raw: unknown): AlertEntries {
  if (raw === undefined || raw === null) return { entries: [], problems: [] };
  if (!Array.isArray(raw)) return { entries: [], problems: [`Setting "eventFlows.${ALERTS_SETTING}" must be a list of alert rules; no alert is watched.`] };
  const entries: AlertEntry[] = [];
  const problems: string[] = [];
  raw.forEach((item: unknown, index) => {
    const result = v.safeParse(entrySchema, item);
    if (result.success) entries.push(result.output);
    else {
      const issue = result.issues[0];
      const key = issue.path?.map((p) => String(p.key)).join('.');
      const unknownKey = issue.kind === 'schema' && issue.type === 'strict_object' && key !== undefined;
      const what = unknownKey ? `"${key}" is not a setting of this rule` : issue.message;
      problems.push(`Setting "eventFlows.${ALERTS_SETTING}" entry ${index + 1} is skipped: ${what}.`);
    }
  });
  return { entries, problems };
}

/** The rules of the entries whose connection is known (by id, or else by its name), and a problem for each that is not. */
export function alertRules(entries: readonly AlertEntry[], connections: readonly { id: string; label: string }[]): { rules: AlertRule[]; problems: string[] } {
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const found = connections.find((c) => c.id === entry.connection) ?? connections.find((c) => c.label === entry.connection);
    if (found === undefined) {
      problems.push(`Setting "eventFlows.${ALERTS_SETTING}" entry ${index + 1} names no connection: "${entry.connection}".`);
      return;
    }
    // Named by what it watches, not its place: an entry added above another leaves that one's episode alone.
    const text = JSON.stringify(entry);
    const repeat = seen.get(text) ?? 0;
    seen.set(text, repeat + 1);
    const id = repeat === 0 ? text : `${text}#${repeat}`;
    const connectionId = found.id;
    const source = (s: { source: string; scope?: string }) => ({ name: s.source, ...(s.scope === undefined ? {} : { scope: s.scope }) });
    switch (entry.when) {
      case 'deadLettersGrow':
        rules.push({ id, connectionId, when: entry.when, source: source(entry), growth: entry.growth ?? 1 });
        return;
      case 'lagAbove':
        rules.push({ id, connectionId, when: entry.when, group: entry.group, ...(entry.messages === undefined ? {} : { messages: entry.messages }), ...(entry.seconds === undefined ? {} : { seconds: entry.seconds }) });
        return;
      case 'rateZero':
        rules.push({ id, connectionId, when: entry.when, source: source(entry), seconds: entry.seconds });
        return;
      case 'groupEmpty':
        rules.push({ id, connectionId, when: entry.when, group: entry.group });
        return;
    }
  });
  return { rules, problems };
}
