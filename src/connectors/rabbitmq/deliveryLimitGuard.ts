/**
 * What the connector remembers about quorum queues with a delivery limit. Peeking such a queue is a
 * delivery: returning a message raises its `x-delivery-count`, and a message returned with a count above
 * the limit is dead-lettered. The broker shows the count only to whoever takes the message, so a peek
 * that finds a message already at its limit has doomed it. The guard therefore remembers, per queue, the
 * messages a peek left at their limit, and refuses the next peek before it takes anything.
 * Callers that outlive the connector (the extension, across sessions) can give it their own memory.
 */
export interface DeliveryLimitMemory {
  get(key: string): AtLimitRecord | undefined;
  set(key: string, record: AtLimitRecord | undefined): void;
}

export interface AtLimitRecord {
  limit: number;
  /** Message ids (or positions as `#n` when a message has no id) left at their limit by a peek. */
  messages: string[];
}

export class InMemoryDeliveryLimits implements DeliveryLimitMemory {
  private readonly records = new Map<string, AtLimitRecord>();

  get(key: string): AtLimitRecord | undefined {
    return this.records.get(key);
  }

  set(key: string, record: AtLimitRecord | undefined): void {
    if (record === undefined || record.messages.length === 0) this.records.delete(key);
    else this.records.set(key, record);
  }
}

export function guardKey(vhost: string, queue: string): string {
  return `${vhost}\u0000${queue}`;
}

/**
 * After a peek saw a message with `deliveryCount` (absent: 0), returning it raised the count by one.
 * At the limit now means: the next delivery and return will dead-letter it.
 */
export function leftAtLimit(deliveryCount: number | undefined, limit: number): boolean {
  return (deliveryCount ?? 0) + 1 >= limit;
}

/** Dead-lettered by this very peek: it was already at its limit when the peek took it. */
export function deadLetteredByReturn(deliveryCount: number | undefined, limit: number): boolean {
  return (deliveryCount ?? 0) + 1 > limit;
}
