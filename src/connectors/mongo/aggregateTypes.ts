/**
 * How a store's aggregates get their type: from a field when the documents carry one, else from the id's
 * prefix (`Order-123`), else from the first event's type (`OrderCreated` → `Order`).
 */
export type TypeSource = 'field' | 'idPrefix' | 'firstEvent';

const PREFIX = /^([A-Za-z][A-Za-z0-9.]*?)[-_:]./;

export function typeFromIdPrefix(id: string): string | undefined {
  return PREFIX.exec(id)?.[1];
}

const CREATION_SUFFIX = /(Created|Opened|Registered|Started|Placed|Initiated|Submitted)$/;

export function typeFromFirstEvent(eventType: string): string {
  const stripped = eventType.replace(CREATION_SUFFIX, '');
  return stripped || eventType;
}

/** Escapes text for use inside a `$regex` anchored at the start. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
