/**
 * The source chapter's store layout as its own code writes it (`EventStore.append_event`: `aggregate_id`,
 * `event_type`, `data`, `version`, `timestamp`, nothing else), filled with the chapter's Order flow, and
 * the same events as NDJSON lines: plain, and as `mongoexport` prints them (relaxed and canonical
 * Extended JSON). Tests on both stores use it, so both must read it the same way.
 */
import { chapterOrderFlows } from '../../src/core/chapterSamples';
import type { JsonObject, JsonValue } from '../../src/core/json';
import { orderReducer } from '../../src/core/reducers';
import type { SampleAggregate } from '../../src/core/samples';

export const CHAPTER_ORDERS = 12;

export interface ChapterDocument {
  aggregate_id: string;
  event_type: string;
  data: JsonObject;
  version: number;
  timestamp: Date;
}

export function chapterFlows(): SampleAggregate[] {
  return chapterOrderFlows({ orders: CHAPTER_ORDERS });
}

/** What `append_event(aggregate_id, event_type, data, version)` inserts, in insertion order. */
export function chapterDocuments(flows = chapterFlows()): ChapterDocument[] {
  return flows.flatMap((flow) =>
    flow.events.map((event, i) => ({
      aggregate_id: flow.aggregateId,
      event_type: event.type,
      data: event.data as JsonObject,
      version: i + 1,
      timestamp: new Date(event.timestamp),
    })),
  );
}

/** The same documents as NDJSON lines holding only the chapter's fields. */
export function chapterLines(documents = chapterDocuments()): string[] {
  return documents.map((doc) => JSON.stringify({ ...doc, timestamp: doc.timestamp.toISOString() }));
}

/** As `mongoexport` prints the collection: an `_id`, dates and numbers wrapped (relaxed or canonical). */
export function mongoexportLines(documents = chapterDocuments(), mode: 'relaxed' | 'canonical' = 'relaxed'): string[] {
  return documents.map((doc, i) => {
    const oid = (0x65a1b2c3 + i).toString(16).padStart(8, '0') + '00000000' + i.toString(16).padStart(8, '0');
    const line: { [key: string]: JsonValue } = {
      _id: { $oid: oid },
      aggregate_id: doc.aggregate_id,
      event_type: doc.event_type,
      data: mode === 'canonical' ? canonicalNumbers(doc.data) : doc.data,
      version: mode === 'canonical' ? { $numberInt: String(doc.version) } : doc.version,
      timestamp: mode === 'canonical' ? { $date: { $numberLong: String(doc.timestamp.getTime()) } } : { $date: doc.timestamp.toISOString() },
    };
    return JSON.stringify(line);
  });
}

function canonicalNumbers(value: JsonValue): JsonValue {
  if (typeof value === 'number') return Number.isInteger(value) ? { $numberInt: String(value) } : { $numberDouble: String(value) };
  if (Array.isArray(value)) return value.map(canonicalNumbers);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, canonicalNumbers(item)]));
  return value;
}

/** What the chapter's `Order` holds after replaying each flow: its items (`data["item"]`) and `total_amount`. */
export function chapterExpectations(flows = chapterFlows()): Map<string, { items: JsonValue[]; totalAmount: number; events: number }> {
  const expected = new Map<string, { items: JsonValue[]; totalAmount: number; events: number }>();
  for (const flow of flows) {
    const added = flow.events.filter((event) => event.type === 'ItemAdded').map((event) => event.data as { item: JsonValue; price: number });
    const cents = added.reduce((sum, data) => sum + Math.round(data.price * 100), 0);
    expected.set(flow.aggregateId, { items: added.map((data) => data.item), totalAmount: cents / 100, events: flow.events.length });
  }
  return expected;
}

export { orderReducer };
