import type { BrowsePage, ReadEffects } from '../broker';
import type { PeekResult } from './peek';

/**
 * How many messages the first page of a classic or quorum queue peeks, to serve the pages after it: the
 * peek's own byte bound (64 MB) holds too. One peek of the window costs about what one page costs, and every
 * later page costs nothing at the broker (no more deliveries, no more redelivered flags).
 */
export const QUEUE_BROWSE_WINDOW = 10_000;

/** Held peeks beyond this many queues are dropped, oldest first: each holds at most the peek's byte bound. */
const MAX_HELD = 4;

interface Held {
  result: PeekResult;
}

/**
 * The peeks a broker holds for paging queues: the first page peeks once, each next page is a slice of that
 * peek (a queue read again from its head would deliver every earlier message again, cost quadratic time,
 * and stop at 65,535). A new first page peeks again and replaces what was held; closing the broker drops all.
 */
export class HeldPeeks {
  private readonly held = new Map<string, Held>();

  hold(vhost: string, queue: string, result: PeekResult): void {
    const key = keyOf(vhost, queue);
    this.held.delete(key);
    this.held.set(key, { result });
    while (this.held.size > MAX_HELD) {
      const oldest = this.held.keys().next().value;
      if (oldest === undefined) break;
      this.held.delete(oldest);
    }
  }

  get(vhost: string, queue: string): PeekResult | undefined {
    return this.held.get(keyOf(vhost, queue))?.result;
  }

  clear(): void {
    this.held.clear();
  }
}

/** What a peek did to the queue, carried by every page it serves. */
export function effectsOf(result: PeekResult): ReadEffects {
  return { note: result.redeliveredNote, leftAtLimit: result.leftAtLimit, deadLettered: result.deadLettered, peeks: 1 };
}

/** Page `[from, from + limit)` of a held peek; the cursor goes on while the peek has more or the queue had more. */
export function pageOf(result: PeekResult, from: number, limit: number, first: boolean): BrowsePage {
  const events = result.messages.slice(from, from + limit).map((m) => m.event);
  const next = from + events.length;
  const more = next < result.messages.length;
  const cursors = more ? [{ partition: 0, next: String(next) }] : [];
  const problems = first ? result.problems : [];
  if (!more && !result.reachedEnd) {
    problems.push({ message: `The peek behind these pages held the first ${result.messages.length} of ${result.readyBefore} ready messages (its bounds: ${QUEUE_BROWSE_WINDOW.toLocaleString('en-US')} messages, the peek's byte bound); Browse again from the beginning after consuming some to see further.` });
  }
  return { events, cursors, reachedEnd: !more && result.reachedEnd, problems, effects: { ...effectsOf(result), peeks: first ? 1 : 0 } };
}

function keyOf(vhost: string, queue: string): string {
  return `${vhost}\u0000${queue}`;
}
