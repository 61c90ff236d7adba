import * as v from 'valibot';
import type { EventMetadata, NewEvent } from '../core/envelope';
import { headersFromStorage } from '../core/headers';
import type { JsonValue } from '../core/json';
import { parseJsonSafely } from '../core/codec';

/** What "Append Event" appends: written by the user in a JSON editor, or passed by a caller. */
export interface EventDraft {
  aggregateId: string;
  aggregateType: string;
  expectedVersion: number;
  event: NewEvent;
}

const jsonValue: v.GenericSchema<JsonValue> = v.lazy(() =>
  v.union([v.string(), v.number(), v.boolean(), v.null(), v.array(jsonValue), v.record(v.string(), jsonValue)]),
);

const draftSchema = v.strictObject({
  aggregateId: v.pipe(v.string(), v.trim(), v.minLength(1, 'aggregateId must not be empty')),
  aggregateType: v.pipe(v.string(), v.trim(), v.minLength(1, 'aggregateType must not be empty')),
  expectedVersion: v.pipe(v.number(), v.integer('expectedVersion must be a whole number'), v.minValue(0, 'expectedVersion must be 0 or more')),
  type: v.pipe(v.string(), v.trim(), v.minLength(1, 'type (the event type) must not be empty')),
  data: jsonValue,
  metadata: v.optional(
    v.strictObject({
      correlationId: v.optional(v.string()),
      causationId: v.optional(v.string()),
      schemaVersion: v.optional(v.number()),
      // `{ name: value }` as people write them, or the list form that keeps repeated keys and bytes.
      headers: v.optional(
        v.union([
          v.record(v.string(), v.string()),
          v.array(v.strictObject({ key: v.string(), value: v.string(), encoding: v.optional(v.literal('base64')) })),
        ]),
      ),
    }),
  ),
});

export type EventDraftInput = v.InferInput<typeof draftSchema>;

export type DraftResult = { ok: true; draft: EventDraft } | { ok: false; error: string };

/** Checks an event draft, from a document's text or a caller's object, and says what is wrong. */
export function parseEventDraft(input: unknown): DraftResult {
  let raw: unknown = input;
  if (typeof input === 'string') {
    const parsed = parseJsonSafely(input);
    if (!parsed.ok) {
      return { ok: false, error: parsed.error };
    }
    raw = parsed.value;
  }
  const result = v.safeParse(draftSchema, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const at = issue.path?.map((p) => String(p.key)).join('.');
    return { ok: false, error: at ? `${at}: ${issue.message}` : issue.message };
  }
  const { aggregateId, aggregateType, expectedVersion, type, data, metadata } = result.output;
  // The template offers empty id fields; an id left empty means "none", not an empty id.
  const { headers, ...ids } = metadata ?? {};
  const cleaned: EventMetadata = Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== ''));
  if (headers !== undefined) cleaned.headers = headersFromStorage(headers);
  return { ok: true, draft: { aggregateId, aggregateType, expectedVersion, event: { type, data, metadata: cleaned } } };
}

/** The template a user edits: every field the draft needs, filled with what we know. */
export function draftTemplate(aggregateId: string, aggregateType: string, expectedVersion: number, eventType: string): string {
  const template: EventDraftInput = {
    aggregateId,
    aggregateType,
    expectedVersion,
    type: eventType,
    data: {},
    metadata: { correlationId: '', causationId: '' },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}
