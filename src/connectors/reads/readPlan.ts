/**
 * What reading a source does to it, said before anything is read. Generic readers (search, trace) ask each
 * source for its plan, show it, let the user leave out what changes state, and carry back what happened.
 */

/**
 * - `none`: nothing changes (a log read through a throw-away group that never commits, a stream queue, an
 *   event store);
 * - `marks-redelivered`: a classic queue's peek takes messages and returns them, flagged redelivered;
 * - `counts-delivery`: a quorum queue with a delivery limit counts the peek in `x-delivery-count`;
 * - `takes-whole-queue`: a quorum queue without a limit puts returns at its tail, so a peek takes every
 *   message and returns them all to keep their order;
 * - `creates-temporary-group`: a consumer group is made for the read and deleted after it.
 */
export type ReadEffect = 'none' | 'marks-redelivered' | 'counts-delivery' | 'takes-whole-queue' | 'creates-temporary-group';

export interface SourcePlan {
  /** The topic, queue or store read, as its connector names it. */
  source: string;
  /** What reading does to the messages themselves. */
  effect: ReadEffect;
  /** What else the read does beside it (a temporary group: made, never committed, deleted). */
  alsoDoes: ReadEffect[];
  /** One sentence a person reads in the plan. */
  note: string;
  /** Set when the source is left out: why (messages at their delivery limit, …). Nothing is read from it. */
  refused?: string;
}

/** Whether reading this source changes something someone else will see. */
export function changesState(plan: SourcePlan): boolean {
  return plan.effect !== 'none' && plan.effect !== 'creates-temporary-group';
}

/** The plan of a source whose reading changes nothing: an event store, a stream. */
export function readOnlyPlan(source: string, note: string): SourcePlan {
  return { source, effect: 'none', alsoDoes: [], note };
}

/** What a read of one source actually did, carried back with its results. */
export interface ReadOutcome {
  /** Messages taken and returned (a peek), now flagged redelivered or counted as a delivery. */
  redelivered: number;
  /** Messages this read left at their delivery limit (the next read of them is refused). */
  leftAtLimit: number;
  /** Messages the broker dead-lettered because they were already at their limit when read. */
  deadLettered: number;
  /** Temporary consumer groups made and deleted. */
  temporaryGroups: number;
}

export const NOTHING_HAPPENED: ReadOutcome = { redelivered: 0, leftAtLimit: 0, deadLettered: 0, temporaryGroups: 0 };

/** "Peeked 20 (redelivered), 2 left at their limit" — or "changed nothing". */
export function describeOutcome(outcome: ReadOutcome): string {
  const parts: string[] = [];
  if (outcome.redelivered > 0) parts.push(`${outcome.redelivered} taken and returned (redelivered)`);
  if (outcome.leftAtLimit > 0) parts.push(`${outcome.leftAtLimit} left at their delivery limit`);
  if (outcome.deadLettered > 0) parts.push(`${outcome.deadLettered} dead-lettered by the broker`);
  if (outcome.temporaryGroups > 0) parts.push(`${outcome.temporaryGroups} temporary group(s) made and deleted`);
  return parts.length === 0 ? 'changed nothing' : parts.join('; ');
}

const EFFECT_TEXT: Record<ReadEffect, string> = {
  none: 'changes nothing',
  'marks-redelivered': 'marks the messages it peeks redelivered',
  'counts-delivery': 'counts a delivery on each message it peeks',
  'takes-whole-queue': 'takes the whole queue and returns it',
  'creates-temporary-group': 'creates a temporary consumer group and deletes it',
};

/** One line per source for the plan shown before reading. */
export function describePlan(plan: SourcePlan): string {
  if (plan.refused !== undefined) return `${plan.source}: left out — ${plan.refused}`;
  const also = plan.alsoDoes.length === 0 ? '' : ` (and ${plan.alsoDoes.map((e) => EFFECT_TEXT[e]).join(', ')})`;
  return `${plan.source}: reading ${EFFECT_TEXT[plan.effect]}${also}. ${plan.note}`;
}
