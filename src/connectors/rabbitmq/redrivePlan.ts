import { redriveCount, REDRIVE_COUNT_HEADER, type DeathRecord } from './deadLetters';
import type { MessageProperties, PeekedMessage } from './messages';
import { redriveIdentity } from './redriveIdentity';

/** Where redriven messages go. */
export type RedriveDestination =
  /** Back to the queue each message died in, through the default exchange (reaches that queue only). */
  | { to: 'origin-queue' }
  /** Back to the exchange each message was first published to, with its original routing key. */
  | { to: 'origin-exchange' }
  /** To a chosen exchange; with the message's own routing key unless one is given. */
  | { to: 'exchange'; exchange: string; routingKey?: string };

/** Which messages: all of them, or these (message ids, or positions counted from the head for messages without one). */
export type RedriveSelection = 'all' | { messageIds?: string[]; positions?: number[] };

export const DEFAULT_MAX_REDRIVES = 3;

export interface RedriveTarget {
  exchange: string;
  routingKey: string;
}

export interface RedrivePlanItem {
  position: number;
  /** What the redrive matches it by (see `redriveIdentity`): never its position. */
  identity: string;
  messageId?: string;
  /** The most recent death, when the message has an `x-death` header. */
  death?: DeathRecord;
  target?: RedriveTarget;
  /** Why the message stays where it is. */
  skip?: string;
}

export interface RedrivePlan {
  items: RedrivePlanItem[];
  /** Messages that would be sent, by "exchange → routing key". */
  byTarget: Record<string, number>;
  toSend: number;
  skipped: number;
}

export interface RedriveRule {
  destination: RedriveDestination;
  selection: RedriveSelection;
  maxRedrives: number;
}

/** A message as far as the plan needs it: a peeked one, or one just taken by the redrive itself. */
export interface RedriveCandidate {
  position: number;
  properties: MessageProperties;
  rawHeaders: unknown;
  deaths: DeathRecord[];
  routingKey: string;
}

export function isSelected(selection: RedriveSelection, candidate: Pick<RedriveCandidate, 'position' | 'properties'>): boolean {
  if (selection === 'all') return true;
  const id = candidate.properties.messageId;
  if (id !== undefined && selection.messageIds?.includes(id)) return true;
  return selection.positions?.includes(candidate.position) ?? false;
}

/** The destination of one message, or why it has none. Pure: the dry run and the redrive both use it. */
export function decide(candidate: RedriveCandidate, rule: RedriveRule): { target?: RedriveTarget; skip?: string } {
  if (!isSelected(rule.selection, candidate)) return { skip: 'not selected' };
  const times = redriveCount(candidate.rawHeaders);
  if (times >= rule.maxRedrives) return { skip: `redriven ${times} times and dead again (limit ${rule.maxRedrives}): left here so it does not loop` };
  const death = candidate.deaths[0];
  const destination = rule.destination;
  if (destination.to === 'exchange') return { target: { exchange: destination.exchange, routingKey: destination.routingKey ?? death?.routingKeys[0] ?? candidate.routingKey } };
  if (!death) return { skip: 'no x-death header: where it came from is unknown (choose an exchange)' };
  if (destination.to === 'origin-queue') return death.queue === '' ? { skip: 'x-death names no queue' } : { target: { exchange: '', routingKey: death.queue } };
  const first = candidate.deaths[candidate.deaths.length - 1];
  return { target: { exchange: first.exchange, routingKey: first.routingKeys[0] ?? candidate.routingKey } };
}

export function targetLabel(target: RedriveTarget): string {
  return `${target.exchange === '' ? '(default exchange)' : target.exchange} → ${target.routingKey}`;
}

/** The dry run: what would go where, from a peek of the dead-letter queue. */
export function planRedrive(messages: readonly PeekedMessage[], rule: RedriveRule): RedrivePlan {
  const plan: RedrivePlan = { items: [], byTarget: {}, toSend: 0, skipped: 0 };
  for (const message of messages) {
    const rawHeaders = Object.fromEntries(message.headers.filter((h) => h.key === REDRIVE_COUNT_HEADER).map((h) => [h.key, h.value]));
    const { target, skip } = decide({ position: message.position, properties: message.properties, rawHeaders, deaths: message.deaths, routingKey: message.routingKey }, rule);
    const item: RedrivePlanItem = { position: message.position, identity: redriveIdentity({ messageId: message.properties.messageId, deaths: message.deaths, body: message.body, ...(message.wholeSize === undefined ? {} : { wholeSize: message.wholeSize }) }) };
    if (message.properties.messageId !== undefined) item.messageId = message.properties.messageId;
    if (message.deaths[0]) item.death = message.deaths[0];
    if (target) {
      item.target = target;
      plan.toSend += 1;
      const label = targetLabel(target);
      plan.byTarget[label] = (plan.byTarget[label] ?? 0) + 1;
    } else if (skip !== 'not selected') plan.skipped += 1;
    if (skip !== undefined) item.skip = skip;
    plan.items.push(item);
  }
  return plan;
}

/** What the user confirms when confirming a dry run: exactly the messages it would send, by identity. */
export function listedForRedrive(plan: RedrivePlan): string[] {
  return plan.items.filter((item) => item.target !== undefined).map((item) => item.identity);
}
