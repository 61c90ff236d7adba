import type { EventHeader } from '../../../core/envelope';
import { readDltOrigin, republishCount, REPUBLISH_COUNT_HEADER, type DltOrigin } from './dltHeaders';

/** A record's place in the dead-letter topic: what a dry run lists and a re-publish runs, never more. */
export interface LetterPosition {
  partition: number;
  /** Decimal text (64-bit). */
  offset: string;
}

export function positionKey(position: LetterPosition): string {
  return `${position.partition}:${position.offset}`;
}

/** A dead letter as the plan needs it: its place, key and headers (never its value). */
export interface DeadLetter extends LetterPosition {
  key: Buffer | null;
  headers: EventHeader[];
}

export type RepublishSelection = 'all' | { positions: readonly LetterPosition[] };

/**
 * Where in the origin topic: the partition the message came from when its headers name one that still
 * exists, else the one the default (Java-compatible) partitioner gives its key.
 */
export type PartitionChoice = 'original' | 'by-key';

export const DEFAULT_MAX_REPUBLISHES = 3;

export interface RepublishRule {
  selection: RepublishSelection;
  partitionChoice: PartitionChoice;
  maxRepublishes: number;
  /** A header naming the origin topic, from settings (besides Spring's and Connect's). */
  originHeader?: string;
}

/** What the plan knows of an origin topic; undefined when it does not exist. */
export interface OriginLayout {
  partitions: number;
  partitionOfKey: (key: Buffer | null) => number;
}

export interface RepublishTarget {
  topic: string;
  partition: number;
  /** How the partition was chosen, said in the dry run. */
  chosenBy: 'original partition' | 'key' | 'no key: partitioner';
}

export interface RepublishItem extends LetterPosition {
  origin?: DltOrigin;
  /** Re-publishes the message carries already (its counter header). */
  count: number;
  target?: RepublishTarget;
  /** Why it stays where it is. */
  hold?: string;
}

export interface RepublishPlan {
  dlt: string;
  partitionChoice: PartitionChoice;
  maxRepublishes: number;
  /** Selected messages, in partition then offset order. */
  items: RepublishItem[];
  toSend: number;
  held: number;
  /** Messages that would be sent, by "topic [partition]". */
  byTarget: Record<string, number>;
}

function isSelected(selection: RepublishSelection, letter: LetterPosition, picked: ReadonlySet<string> | undefined): boolean {
  return selection === 'all' || (picked?.has(positionKey(letter)) ?? false);
}

function byPosition(a: LetterPosition, b: LetterPosition): number {
  if (a.partition !== b.partition) return a.partition - b.partition;
  const x = BigInt(a.offset);
  const y = BigInt(b.offset);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The destination of one dead letter, or why it has none. Pure: the dry run decides it once, the re-publish obeys. */
export function decideTarget(letter: DeadLetter, rule: RepublishRule, layoutOf: (topic: string) => OriginLayout | undefined): Omit<RepublishItem, 'partition' | 'offset'> {
  const origin = readDltOrigin(letter.headers, rule.originHeader);
  const count = republishCount(letter.headers);
  const item: Omit<RepublishItem, 'partition' | 'offset'> = { count, ...(origin ? { origin } : {}) };
  if (!origin) return { ...item, hold: 'no origin-topic header: where it came from is unknown' };
  if (count >= rule.maxRepublishes) return { ...item, hold: `re-published ${count} times and dead again (limit ${rule.maxRepublishes}): held back so it does not loop` };
  const layout = layoutOf(origin.topic);
  if (!layout) return { ...item, hold: `origin topic ${origin.topic} does not exist` };
  if (rule.partitionChoice === 'original' && origin.partition !== undefined && origin.partition < layout.partitions) {
    return { ...item, target: { topic: origin.topic, partition: origin.partition, chosenBy: 'original partition' } };
  }
  return { ...item, target: { topic: origin.topic, partition: layout.partitionOfKey(letter.key), chosenBy: letter.key === null ? 'no key: partitioner' : 'key' } };
}

export function targetLabel(target: Pick<RepublishTarget, 'topic' | 'partition'>): string {
  return `${target.topic} [${target.partition}]`;
}

/** The dry run: what would go where, by partition and offset. Messages not selected are left out. */
export function planRepublish(dlt: string, letters: readonly DeadLetter[], rule: RepublishRule, layoutOf: (topic: string) => OriginLayout | undefined): RepublishPlan {
  const picked = rule.selection === 'all' ? undefined : new Set(rule.selection.positions.map(positionKey));
  const plan: RepublishPlan = { dlt, partitionChoice: rule.partitionChoice, maxRepublishes: rule.maxRepublishes, items: [], toSend: 0, held: 0, byTarget: {} };
  for (const letter of [...letters].sort(byPosition)) {
    if (!isSelected(rule.selection, letter, picked)) continue;
    const item: RepublishItem = { partition: letter.partition, offset: letter.offset, ...decideTarget(letter, rule, layoutOf) };
    if (item.target) {
      plan.toSend += 1;
      const label = targetLabel(item.target);
      plan.byTarget[label] = (plan.byTarget[label] ?? 0) + 1;
    } else plan.held += 1;
    plan.items.push(item);
  }
  return plan;
}

/** What a confirmed dry run sends: the listed positions with their targets, minus those already sent (a continued run). */
export function listedToSend(plan: RepublishPlan, alreadySent: Iterable<string> = []): RepublishItem[] {
  const sent = new Set(alreadySent);
  return plan.items.filter((item) => item.target !== undefined && !sent.has(positionKey(item)));
}

/** The headers of the copy: the message's own, in order, with the counter raised in place (or added last). */
export function withRaisedCount(headers: readonly EventHeader[], count: number): EventHeader[] {
  const raised: EventHeader = { key: REPUBLISH_COUNT_HEADER, value: String(count + 1) };
  const at = headers.findIndex((h) => h.key === raised.key);
  if (at < 0) return [...headers, raised];
  return headers.filter((h, i) => h.key !== raised.key || i === at).map((h, i) => (i === at ? raised : h));
}

/** The dry run as lines a person reads in a confirmation and a document. */
export function describePlan(plan: RepublishPlan, maxLines = 50): string[] {
  const choice = plan.partitionChoice === 'original' ? 'each to the partition it came from when that exists, else by key (default partitioner)' : 'by key (default partitioner)';
  const lines = [`Dry run for ${plan.dlt}: ${plan.toSend} to re-publish, ${plan.held} held back; partitions: ${choice}.`];
  for (const [label, count] of Object.entries(plan.byTarget)) lines.push(`  ${count} → ${label}`);
  for (const item of plan.items.slice(0, maxLines)) {
    const where = item.target ? `→ ${targetLabel(item.target)} (${item.target.chosenBy})` : `held back: ${item.hold ?? ''}`;
    lines.push(`  [${item.partition}] @ ${item.offset} ${where}${item.count > 0 ? ` · re-published ${item.count}×` : ''}`);
  }
  if (plan.items.length > maxLines) lines.push(`  … and ${plan.items.length - maxLines} more`);
  return lines;
}
