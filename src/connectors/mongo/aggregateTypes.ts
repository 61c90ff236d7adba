/**
 * How a store's aggregates get their type: from a field when the documents carry one, else from the id's
 * prefix, else from the first event's type (the guesses themselves live in src/core/aggregateTypeNames.ts).
 */
export type TypeSource = 'field' | 'idPrefix' | 'firstEvent';

/** Escapes text for use inside a `$regex` anchored at the start. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
