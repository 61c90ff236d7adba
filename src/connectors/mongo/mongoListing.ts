/**
 * Listing a MongoDB event store: aggregate types with their counts, and pages of aggregates of one type.
 * Queries keep to what MongoDB and FerretDB both serve: find + sort on the (aggregate id, version) index,
 * distinct, findOne.
 */
import type { Collection, Document, Filter } from 'mongodb';
import { typeFromFirstEvent, typeFromIdPrefix } from '../../core/aggregateTypeNames';
import type { AggregateSummary, AggregateTypeSummary, ListAggregatesOptions, Page } from '../eventStore';
import { escapeRegex, type TypeSource } from './aggregateTypes';
import { bsonToJson, idText, toVersion } from './bsonToJson';
import type { FieldMapping } from './fieldMapping';
import { cursorDocuments } from './mongoCursor';

/** What the listing needs from the store: its collection, names, and its guard around server calls. */
export interface ListingContext {
  events: Collection;
  mapping: FieldMapping;
  typeSource: TypeSource;
  /** Bound on each single server call (maxTimeMS where the server takes it: FerretDB's distinct does not). */
  timeoutMs: number;
  run<T>(operation: () => Promise<T>): Promise<T>;
}

export const NO_TYPE = '(no type)';

/**
 * Every aggregate counted once under its type, whether or not its stream starts at version 1: the first
 * events (version 1) type most aggregates in one read; each aggregate the distinct ids show beyond those
 * (a stream that starts later, e.g. after a migration or a purge) is typed by its own lowest version.
 */
export async function listAggregateTypes(context: ListingContext, signal?: AbortSignal): Promise<AggregateTypeSummary[]> {
  const { events, mapping, typeSource, timeoutMs } = context;
  const counts = new Map<string, number>();
  const add = (type: string): void => void counts.set(type, (counts.get(type) ?? 0) + 1);
  await context.run(async () => {
    const ids: unknown[] = await events.distinct(mapping.aggregateId, hasAggregateId(mapping));
    signal?.throwIfAborted();
    if (typeSource === 'idPrefix') {
      for (const id of ids) add(typeFromIdPrefix(idText(id)) ?? NO_TYPE);
      return;
    }
    const typeField = typeSource === 'field' && mapping.aggregateType ? mapping.aggregateType : mapping.eventType;
    const typeOf = (doc: Document): string => (typeSource === 'field' ? typeText(doc[typeField]) : typeFromFirstEvent(String(doc[typeField])));
    const typed = new Set<string>();
    const cursor = events.find(firstEventFilter(mapping), { projection: { [mapping.aggregateId]: 1, [typeField]: 1 }, batchSize: 5000 });
    for await (const doc of cursorDocuments(cursor, { signal, batchTimeoutMs: timeoutMs, subject: 'the first events' })) {
      const id = idText(doc[mapping.aggregateId]);
      if (typed.has(id)) continue;
      typed.add(id);
      add(typeOf(doc));
    }
    for (const id of ids) {
      if (typed.has(idText(id))) continue;
      signal?.throwIfAborted();
      const first = await events.findOne({ [mapping.aggregateId]: id }, { sort: { [mapping.version]: 1 }, projection: { [typeField]: 1 }, signal, maxTimeMS: timeoutMs });
      if (first !== null) add(typeOf(first));
    }
  });
  return [...counts].map(([name, aggregateCount]) => ({ name, aggregateCount })).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listAggregates(context: ListingContext, type: string, options: ListAggregatesOptions = {}): Promise<Page<AggregateSummary>> {
  const { events, mapping, typeSource } = context;
  const limit = Math.max(1, options.limit ?? 100);
  // A document without an aggregate id belongs to no aggregate; readStream reports it as a problem.
  const idConditions: Filter<Document>[] = [{ [mapping.aggregateId]: { $ne: null } }];
  if (options.after !== undefined) idConditions.push({ [mapping.aggregateId]: { $gt: options.after } });
  if (options.idPrefix) idConditions.push({ [mapping.aggregateId]: { $regex: `^${escapeRegex(options.idPrefix)}` } });
  if (typeSource === 'field' && mapping.aggregateType) idConditions.push({ [mapping.aggregateType]: type });
  if (typeSource === 'idPrefix') idConditions.push({ [mapping.aggregateId]: { $regex: `^${escapeRegex(type)}[-_:]` } });
  if (typeSource === 'firstEvent') {
    return listByFirstEvent(context, type, idConditions, limit, options.signal);
  }
  const filter: Filter<Document> = idConditions.length > 0 ? { $and: idConditions } : {};
  const summaries: AggregateSummary[] = [];
  let next: string | undefined;
  await context.run(async () => {
    // Walks the (id, version) index in order and keeps the last event of each id: one pass, no $max needed.
    const cursor = events.find(filter, {
      projection: { [mapping.aggregateId]: 1, [mapping.version]: 1, [mapping.timestamp]: 1 },
      sort: { [mapping.aggregateId]: 1, [mapping.version]: 1 },
      batchSize: Math.min(5000, limit * 20),
    });
    for await (const doc of cursorDocuments(cursor, { signal: options.signal, batchTimeoutMs: context.timeoutMs, subject: `the ${type} aggregates` })) {
      const id = idText(doc[mapping.aggregateId]);
      const last = summaries.at(-1);
      if (last?.id === id) {
        last.version = toVersion(doc[mapping.version]) ?? last.version;
        last.lastEventAt = timestampOf(doc[mapping.timestamp]) ?? last.lastEventAt;
        continue;
      }
      if (summaries.length === limit) {
        next = summaries[summaries.length - 1].id;
        break;
      }
      summaries.push({ id, type, version: toVersion(doc[mapping.version]) ?? 0, lastEventAt: timestampOf(doc[mapping.timestamp]) });
    }
  });
  return next === undefined ? { items: summaries } : { items: summaries, next };
}

async function listByFirstEvent(
  context: ListingContext,
  type: string,
  idConditions: Filter<Document>[],
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Page<AggregateSummary>> {
  const { events, mapping, timeoutMs } = context;
  const ids: string[] = [];
  let next: string | undefined;
  await context.run(async () => {
    const cursor = events.find(
      { $and: [firstEventFilter(mapping), ...idConditions] },
      { projection: { [mapping.aggregateId]: 1, [mapping.eventType]: 1 }, sort: { [mapping.aggregateId]: 1 } },
    );
    for await (const doc of cursorDocuments(cursor, { signal, batchTimeoutMs: timeoutMs, subject: `the first events of ${type} aggregates` })) {
      if (typeFromFirstEvent(String(doc[mapping.eventType])) !== type) continue;
      if (ids.length === limit) {
        next = ids[ids.length - 1];
        break;
      }
      ids.push(idText(doc[mapping.aggregateId]));
    }
  });
  const items: AggregateSummary[] = [];
  for (const id of ids) {
    const last = await context.run(() => events.findOne({ [mapping.aggregateId]: id }, { sort: { [mapping.version]: -1 }, signal, maxTimeMS: timeoutMs }));
    items.push({ id, type, version: toVersion(last?.[mapping.version]) ?? 0, lastEventAt: timestampOf(last?.[mapping.timestamp]) });
  }
  return next === undefined ? { items } : { items, next };
}

export function firstEventFilter(mapping: FieldMapping): Filter<Document> {
  return { [mapping.version]: 1, ...hasAggregateId(mapping) };
}

export function hasAggregateId(mapping: FieldMapping): Filter<Document> {
  return { [mapping.aggregateId]: { $ne: null } };
}

function typeText(value: unknown): string {
  return value === null || value === undefined ? NO_TYPE : idText(value);
}

export function timestampOf(value: unknown): string | undefined {
  const json = bsonToJson(value);
  if (typeof json === 'string') return json;
  if (typeof json === 'number') return new Date(json).toISOString();
  return undefined;
}
