/**
 * Guessing an aggregate's type from names alone, for stores whose events carry no type field: from the
 * id's prefix (`Order-123` → `Order`) or from the first event's type (`OrderCreated` → `Order`).
 */

const PREFIX = /^([A-Za-z][A-Za-z0-9.]*?)[-_:]./;

/** Ids a machine made: UUIDs, ULIDs, MongoDB ObjectIds and other hex, plain numbers. They carry no type. */
const GENERATED_IDS = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9A-HJKMNP-TV-Z]{26}$/i,
  /^[0-9a-f]{8,}$/i,
  /^[0-9]+([-_:.][0-9]+)*$/,
];
/** A prefix that is hex with a digit in it, or long hex, is the first group of a generated id, not a name. */
const HEX_WITH_DIGIT = /^(?=[^0-9]*[0-9])[0-9a-f]+$/i;
const LONG_HEX = /^[0-9a-f]{8,}$/i;

/**
 * `Order-123` → `Order`, `order_9` → `order`; undefined for an id without a name before its first
 * separator, and for generated ids (`a1b2c3d4-5e6f-…` is a UUID, not an aggregate of type `a1b2c3d4`).
 */
export function typeFromIdPrefix(id: string): string | undefined {
  if (GENERATED_IDS.some((pattern) => pattern.test(id))) return undefined;
  const prefix = PREFIX.exec(id)?.[1];
  if (prefix === undefined || HEX_WITH_DIGIT.test(prefix) || LONG_HEX.test(prefix)) return undefined;
  return prefix;
}

const CREATION_SUFFIX = /(Created|Opened|Registered|Started|Placed|Initiated|Submitted)$/;

export function typeFromFirstEvent(eventType: string): string {
  const stripped = eventType.replace(CREATION_SUFFIX, '');
  return stripped || eventType;
}

/**
 * The guess for one aggregate without a type field, as the MongoDB store makes it: the id's prefix when it
 * has one, else the type of its first event.
 */
export function guessAggregateType(aggregateId: string, firstEventType: string): string {
  return typeFromIdPrefix(aggregateId) ?? typeFromFirstEvent(firstEventType);
}
