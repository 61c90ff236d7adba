import type { Channel, ConsumeMessage } from 'amqplib';
import type { ReadProblem } from '../connector';
import { abortable, type AmqpSession } from './amqpSession';
import { deadLetteredByReturn, guardKey, leftAtLimit, type DeliveryLimitMemory } from './deliveryLimitGuard';
import { RabbitError } from './errors';
import { DEFAULT_MAX_BODY_BYTES, heldBytes, toPeekedMessage, type PeekedMessage } from './messages';

/** How long a peek waits for a quorum queue to show every returned message again. */
const RETURN_SETTLE_MS = 5000;

/**
 * A quorum queue (3.10) applies a return of more than 32 messages in no particular order, and merges
 * returns that arrive while an earlier one is still being written. So messages go back in groups of 32,
 * each group once the previous one shows in the ready count: the order survives whatever the load.
 */
const RETURN_GROUP = 32;

async function returnInOrder(channel: Channel, queue: string, taken: readonly ConsumeMessage[], readyWithout: number): Promise<void> {
  for (let from = 0; from < taken.length; from += RETURN_GROUP) {
    const group = taken.slice(from, from + RETURN_GROUP);
    channel.nack(group[group.length - 1], true, true);
    const expected = readyWithout + from + group.length;
    for (let waited = 0; waited < RETURN_SETTLE_MS; waited += 5) {
      if ((await channel.checkQueue(queue)).messageCount >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** The most one peek takes: AMQP's prefetch count is 16 bits. */
export const MAX_PEEK = 65_535;

/** The most one peek holds in memory (bodies, first bytes of large ones, previews), whatever the count. */
export const DEFAULT_MAX_PEEK_BYTES = 64 * 1024 * 1024;

export interface PeekRequest {
  queue: string;
  limit: number;
  signal?: AbortSignal;
  maxPreviewBytes?: number;
  /** Bodies up to this size are kept whole; larger ones as their first bytes (`PeekedMessage.wholeSize`). */
  maxBodyBytes?: number;
  /** The peek stops keeping messages once they hold this many bytes (default `DEFAULT_MAX_PEEK_BYTES`). */
  maxBytes?: number;
  /** Keep this position's body whole whatever its size (`fetchBody`). */
  wholeAt?: number;
}

export interface PeekTarget {
  vhost: string;
  queue: string;
  /** Quorum queues: the effective delivery limit, when there is one. */
  deliveryLimit?: number;
  /**
   * The queue puts returned messages at its tail, not back at the head: RabbitMQ 3.10's quorum queues
   * without a delivery limit do. The peek then takes every ready message and returns them all, so the
   * queue ends in its original order (the tail of an empty queue is its head).
   */
  returnsToTail?: boolean;
}

/** The most messages a whole-queue peek takes (see `returnsToTail`); a longer queue is refused with the reason. */
export const MAX_WHOLE_QUEUE_PEEK = 20_000;

export interface PeekResult {
  messages: PeekedMessage[];
  /** Ready messages before the peek and after it (exact: over AMQP, not the management API's sampled counts). */
  readyBefore: number;
  readyAfter: number;
  /** True when the peek saw every ready message. */
  reachedEnd: boolean;
  /** What the messages hold in memory (see `DEFAULT_MAX_PEEK_BYTES`). */
  heldBytes: number;
  /** Set when the byte bound, not the count, ended the peek: the bound. */
  stoppedAtBytes?: number;
  /** Peeked messages come back flagged `redelivered` for the next reader (the broker's doing, not data loss). */
  redeliveredNote: string;
  /** Quorum queues with a delivery limit: positions that this peek left at their limit (the next peek is refused). */
  leftAtLimit: number[];
  /** Positions the peek found already at their limit: returning them dead-lettered them. Reported, never hidden. */
  deadLettered: number[];
  problems: ReadProblem[];
}

export const REDELIVERED_NOTE =
  'Peeking takes messages unacknowledged and returns them all, in order. A classic queue then marks them redelivered for the next reader; a quorum queue with a delivery limit counts the peek in x-delivery-count.';

/** Refuses, with the reason, a peek that would push messages over a quorum queue's delivery limit. */
export function checkDeliveryLimit(target: PeekTarget, memory: DeliveryLimitMemory): void {
  const limit = target.deliveryLimit;
  if (limit === undefined) return;
  if (limit <= 0) throw new RabbitError('amqp', 'invalid', `Not peeking ${target.queue}: its delivery limit is ${limit}, so returning any message after a peek would dead-letter it.`);
  const known = memory.get(guardKey(target.vhost, target.queue));
  if (known && known.messages.length > 0) {
    const shown = known.messages.slice(0, 5).join(', ') + (known.messages.length > 5 ? ', …' : '');
    throw new RabbitError(
      'amqp',
      'invalid',
      `Not peeking ${target.queue}: ${known.messages.length} message(s) (${shown}) are at the queue's delivery limit of ${limit}; peeking is a delivery on a quorum queue, and one more would dead-letter them. Once a consumer has taken them, "Forget Delivery-Limit Record" on the queue lets it be peeked again.`,
    );
  }
}

/**
 * The first `limit` messages of a classic or quorum queue, leaving the queue as it was: one consumer with a
 * prefetch of `limit` takes them unacknowledged (in queue order, pipelined, unlike one `get` per message),
 * then the consumer is cancelled and every message is returned (classic: one multiple nack; quorum: see
 * `returnInOrder`); a passive declare on the same channel afterwards proves the broker processed the nack.
 */
export async function peekQueue(session: AmqpSession, target: PeekTarget, request: PeekRequest, memory: DeliveryLimitMemory, idleMs = 1000): Promise<PeekResult> {
  const limit = Math.min(MAX_PEEK, Math.max(0, Math.floor(request.limit)));
  checkDeliveryLimit(target, memory);
  return session.withChannel(
    'plain',
    async (channel) => {
      const before = await channel.checkQueue(request.queue);
      if (target.returnsToTail && before.messageCount > MAX_WHOLE_QUEUE_PEEK) {
        throw new RabbitError(
          'amqp',
          'invalid',
          `Not peeking ${request.queue}: it is a quorum queue without a delivery limit, which puts returned messages at its tail, so a peek must take all of its ${before.messageCount} messages to keep their order (at most ${MAX_WHOLE_QUEUE_PEEK}).`,
        );
      }
      const wanted = target.returnsToTail ? before.messageCount : Math.min(limit, before.messageCount);
      // Only what the returns need (the delivery tag) stays of each message taken; its body is converted
      // as it arrives (large ones cut to their first bytes), so a peek never holds whole large bodies.
      const taken: ConsumeMessage[] = [];
      const kept = new Keeper(target, request, limit);
      if (wanted > 0) {
        await channel.prefetch(wanted);
        let arrived: () => void = () => undefined;
        let idle: NodeJS.Timeout | undefined;
        const done = new Promise<void>((resolve) => (arrived = resolve));
        const { consumerTag } = await channel.consume(
          request.queue,
          (message) => {
            if (message === null) return arrived();
            kept.offer(message, taken.length);
            taken.push({ fields: message.fields, properties: message.properties, content: EMPTY });
            clearTimeout(idle);
            // A queue that returns to its tail must be taken whole to keep its order; any other stops at the byte bound too.
            if (taken.length >= wanted || (kept.full && !target.returnsToTail)) arrived();
            else idle = setTimeout(arrived, idleMs);
          },
          { noAck: false },
        );
        // Another consumer may take some of the ready messages first: then fewer arrive, and the idle timer ends the wait.
        idle = setTimeout(arrived, idleMs * 3);
        try {
          await abortable(done, request.signal, `Peeking ${request.queue}`);
        } finally {
          // Cancelled or not, everything taken goes back, in order.
          clearTimeout(idle);
          await channel.cancel(consumerTag);
          if (target.deliveryLimit !== undefined || target.returnsToTail) await returnInOrder(channel, request.queue, taken, before.messageCount - taken.length);
          else if (taken.length > 0) channel.nackAll(true);
        }
      }
      let after = await channel.checkQueue(request.queue);
      // Returns show in the ready count a little after the nacks were sent: a quorum queue applies them
      // through its log, and a classic queue's count can lag them by a moment too. Asked again (bounded) at
      // growing pauses from 1 ms, so the usual short lag costs a millisecond rather than a whole pause.
      for (let waited = 0, pause = 1; after.messageCount < before.messageCount && taken.length > 0 && waited < RETURN_SETTLE_MS; waited += pause, pause = Math.min(20, pause * 2)) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        after = await channel.checkQueue(request.queue);
      }
      return summarise(target, request, kept, before.messageCount, after.messageCount, memory);
    },
    request.signal,
  );
}

const EMPTY = Buffer.alloc(0);

/** The messages a peek keeps, converted as they arrive, up to its count and its byte bound. */
class Keeper {
  readonly messages: PeekedMessage[] = [];
  readonly problems: ReadProblem[] = [];
  bytes = 0;
  full = false;
  private readonly maxBytes: number;

  constructor(
    private readonly target: PeekTarget,
    private readonly request: PeekRequest,
    private readonly limit: number,
  ) {
    this.maxBytes = request.maxBytes ?? DEFAULT_MAX_PEEK_BYTES;
  }

  offer(raw: ConsumeMessage, position: number): void {
    if (this.full || position >= this.limit) return;
    const whole = position === this.request.wholeAt;
    const { message, problems } = toPeekedMessage(raw, { vhost: this.target.vhost, queue: this.request.queue, position }, { maxPreviewBytes: this.request.maxPreviewBytes, maxBodyBytes: whole ? Number.POSITIVE_INFINITY : (this.request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) });
    const bytes = whole ? 0 : heldBytes(message);
    // The first message is always kept (its body cut to its first bytes if large), so a peek shows something.
    if (this.messages.length > 0 && this.bytes + bytes > this.maxBytes) {
      this.full = true;
      return;
    }
    this.bytes += bytes;
    this.messages.push(message);
    for (const problem of problems) this.problems.push(problem);
  }
}

function summarise(target: PeekTarget, request: PeekRequest, kept: Keeper, readyBefore: number, readyAfter: number, memory: DeliveryLimitMemory): PeekResult {
  const { messages, problems } = kept;
  const result: PeekResult = { messages, readyBefore, readyAfter, reachedEnd: messages.length >= readyBefore, heldBytes: kept.bytes, redeliveredNote: REDELIVERED_NOTE, leftAtLimit: [], deadLettered: [], problems };
  if (kept.full) {
    const maxBytes = request.maxBytes ?? DEFAULT_MAX_PEEK_BYTES;
    result.stoppedAtBytes = maxBytes;
    problems.push({ message: `Kept the first ${messages.length} messages of ${request.queue}: they hold ${megabytes(kept.bytes)} MB, and a peek holds at most ${megabytes(maxBytes)} MB (bodies over ${Math.round((request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) / 1024)} KB are kept as their first bytes).` });
  }
  if (readyAfter !== readyBefore) {
    problems.push({ message: `${request.queue} held ${readyBefore} ready messages before the peek and ${readyAfter} after: publishers or consumers were at work, so positions may have moved (the peek itself returned every message it took).` });
  }
  const limit = target.deliveryLimit;
  if (limit !== undefined) {
    const remembered: string[] = [];
    for (const message of messages) {
      if (deadLetteredByReturn(message.deliveryCount, limit)) result.deadLettered.push(message.position);
      else if (leftAtLimit(message.deliveryCount, limit)) {
        result.leftAtLimit.push(message.position);
        remembered.push(message.properties.messageId ?? `#${message.position}`);
      }
    }
    memory.set(guardKey(target.vhost, request.queue), remembered.length === 0 ? undefined : { limit, messages: remembered });
    if (result.deadLettered.length > 0) {
      problems.push({ message: `${result.deadLettered.length} message(s) were already at the delivery limit of ${limit} when peeked (another reader returned them): the broker dead-lettered them when they were returned.` });
    }
  }
  return result;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
