/**
 * Guessing an aggregate's type from names alone, for stores whose events carry no type field: from the
 * id's prefix (`Order-123` → `Order`) or from the first event's type (`OrderCreated` → `Order`).
 */

const PREFIX = /^([A-Za-z][A-Za-z0-9.]*?)[-_:]./;

export function typeFromIdPrefix(id: string): string | undefined {
  return PREFIX.exec(id)?.[1];
}

const CREATION_SUFFIX = /(Created|Opened|Registered|Started|Placed|Initiated|Submitted)$/;

export function typeFromFirstEvent(eventType: string): string {
  const stripped = eventType.replace(CREATION_SUFFIX, '');
  return stripped || eventType;
}
