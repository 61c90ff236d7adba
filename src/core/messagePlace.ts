/**
 * Where a broker's message sits, as a statistics example keeps it to open it again: a log partition's
 * offset (Kafka), a stream's offset (a RabbitMQ stream), or its place from a classic or quorum queue's head
 * when it was peeked — such a queue cannot be read there again without effect, so that message is kept as
 * it was peeked instead. Plain data: it goes into the exported statistics. Each kind says how its sources
 * map to a place (`messagePlaceOf` in `sourceDescribers.ts`).
 */

/** An offset that reads the message again: in a partition of a log, or in a stream (no partition). */
export interface OffsetPlace {
  partition?: number;
  /** A decimal string: offsets pass 2^53. */
  offset: string;
}

/** Counted from the queue's head (0 is the first) when it was peeked: the queue may have moved since. */
export interface PeekedPlace {
  peeked: number;
}

export type MessagePlace = OffsetPlace | PeekedPlace;

export function isPeekedPlace(place: MessagePlace): place is PeekedPlace {
  return 'peeked' in place;
}

/** `partition 2 · offset 1,234`, `offset 1,234`, `#3 from the head, as peeked`. */
export function describeMessagePlace(place: MessagePlace): string {
  if (isPeekedPlace(place)) return `#${(place.peeked + 1).toLocaleString('en-US')} from the head, as peeked`;
  const offset = `offset ${groupDigits(place.offset)}`;
  return place.partition === undefined ? offset : `partition ${place.partition} · ${offset}`;
}

/** Whether two places name the same message: the same partition and offset, or the same place from the head. */
export function samePlace(a: MessagePlace, b: MessagePlace): boolean {
  if (isPeekedPlace(a) || isPeekedPlace(b)) return isPeekedPlace(a) && isPeekedPlace(b) && a.peeked === b.peeked;
  return a.partition === b.partition && a.offset === b.offset;
}

/** `1234567` → `1,234,567`; anything that is not plain digits stays as it is. */
function groupDigits(digits: string): string {
  return /^\d+$/.test(digits) ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : digits;
}
