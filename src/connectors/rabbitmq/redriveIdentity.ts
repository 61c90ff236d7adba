import { createHash } from 'node:crypto';
import type { DeathRecord } from './deadLetters';

/**
 * What a dry run and the redrive after it agree a message is, whatever its position: a queue may change
 * between the two (messages added, consumed, purged), so positions prove nothing. The message id when the
 * publisher set one; otherwise its latest `x-death` record (reason, queue, exchange, keys, count, time)
 * and its body: its whole size and a SHA-256 of its first bytes. Two copies of one message share an identity:
 * the redrive counts them.
 */
export function redriveIdentity(message: { messageId?: string; deaths: readonly DeathRecord[]; body: Uint8Array; wholeSize?: number }): string {
  if (message.messageId !== undefined) return `id:${message.messageId}`;
  const death = message.deaths[0];
  const record = death ? JSON.stringify([death.reason, death.queue, death.exchange, death.routingKeys, death.count, death.time ?? '']) : 'no x-death';
  // A peek keeps a large body as its first bytes only (see FIRST_BYTES_KEPT) while the redrive reads it whole:
  // both sides hash the same first bytes and name the same size.
  const size = message.wholeSize ?? message.body.byteLength;
  const hash = createHash('sha256').update(message.body.subarray(0, IDENTITY_BYTES)).digest('hex');
  return `death:${record} size:${size} sha256:${hash}`;
}

/** What of a body the identity hashes: less than a peek keeps of a cut body (16 KB, less up to 3 bytes of a split character). */
export const IDENTITY_BYTES = 8 * 1024;

/** The identities a dry run listed, as a multiset the redrive takes from one match at a time. */
export class ListedMessages {
  private readonly remaining = new Map<string, number>();
  readonly size: number;

  constructor(identities: readonly string[]) {
    for (const identity of identities) this.remaining.set(identity, (this.remaining.get(identity) ?? 0) + 1);
    this.size = identities.length;
  }

  /** True (and one fewer left) when the identity is still among those listed. */
  take(identity: string): boolean {
    const left = this.remaining.get(identity) ?? 0;
    if (left === 0) return false;
    if (left === 1) this.remaining.delete(identity);
    else this.remaining.set(identity, left - 1);
    return true;
  }

  get allFound(): boolean {
    return this.remaining.size === 0;
  }

  /** Listed and not (yet) found, one entry per missing copy. */
  missing(): string[] {
    return [...this.remaining].flatMap(([identity, count]) => Array.from({ length: count }, () => identity));
  }
}

/** An identity as a person reads it: the message id, or "no id (rejected in q, body sha256 1a2b3c4d…)". */
export function describeIdentity(identity: string): string {
  if (identity.startsWith('id:')) return identity.slice(3);
  const hash = /sha256:([0-9a-f]{8})/.exec(identity)?.[1] ?? '';
  const record = /^death:(\[.*\]) size:\d+ sha256:/.exec(identity)?.[1];
  let where = 'no x-death';
  if (record) {
    const [reason, queue] = JSON.parse(record) as string[];
    where = `${reason} in ${queue}`;
  }
  return `no id (${where}, body sha256 ${hash}…)`;
}
