import type { Collection, Document, Filter } from 'mongodb';
import { DEFAULT_IDENTITY_RULES, type IdentityRules } from '../../core/identity';
import type { FlowEvent } from '../../core/envelope';
import { NOTHING_HAPPENED } from '../reads/readPlan';
import { inWindow, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../reads/search';
import { documentToEvent } from './documentMapper';
import type { FieldMapping } from './fieldMapping';
import { searchIndexCoverage, type SearchIndexCoverage } from './mongoIndexes';

/** The predicates `searchFields` asks of the server; the others are matched after reading. */
export const SEARCH_PREDICATE_FIELDS = ['eventId', 'eventType', 'key', 'correlationId', 'traceId'] as const;

/** The most documents one search maps back to events (a query that matches more says so). */
const SEARCH_DOCUMENTS = 100_000;

/**
 * The document fields a predicate can be asked of on the server: the mapped fields for id, type and key,
 * and for correlation and trace the `metadata:` places of the identity rules inside the metadata field.
 * Undefined: the predicate has no field (text, header) and is matched after reading.
 */
export function searchFields(mapping: FieldMapping, request: Pick<SourceSearchRequest, 'predicate'>, identity: IdentityRules = DEFAULT_IDENTITY_RULES): string[] | undefined {
  const { predicate } = request;
  const inMetadata = (places: readonly string[]) =>
    mapping.metadata === undefined ? [] : places.filter((p) => p.startsWith('metadata:')).map((p) => `${mapping.metadata}.${p.slice('metadata:'.length)}`);
  switch (predicate.field) {
    case 'eventId':
      return [mapping.eventId ?? '_id'];
    case 'eventType':
      return [mapping.eventType];
    case 'key':
      return [mapping.aggregateId];
    case 'correlationId':
      return inMetadata(identity.correlationId);
    case 'traceId':
      return inMetadata(identity.traceId);
    default:
      return undefined;
  }
}

/**
 * One query on the mapped fields; when no index starts with one of them the result says the server scanned,
 * and lists in `unindexed` those an index can be made on (`ensureSearchIndexes`).
 */
export async function searchMongo(events: Collection, mapping: FieldMapping, source: { database: string; collection: string }, request: SourceSearchRequest, identity: IdentityRules | undefined): Promise<SourceSearchResult> {
  const fields = searchFields(mapping, request, identity);
  const notes: string[] = [];
  let coverage: SearchIndexCoverage | undefined;
  const filter: Filter<Document> = fields === undefined || fields.length === 0 ? {} : { $or: fields.map((field) => ({ [field]: request.predicate.value })) };
  if (fields === undefined || fields.length === 0) notes.push(`A ${request.predicate.field} search cannot be asked of the server: every event of ${source.collection} is read and matched here.`);
  else {
    coverage = await searchIndexCoverage(events, fields);
    const { uncovered, unindexable } = coverage;
    if (uncovered.length > 0) notes.push(`No index covers ${uncovered.join(', ')}: the server scans ${source.collection} for this search. An index on ${uncovered.length === 1 ? 'it' : 'them'} makes it a lookup (Create Search Indexes).`);
    if (unindexable.length > 0)
      notes.push(`${unindexable.join(', ')} cannot be indexed (a field name starting with $), so the server scans ${source.collection} for ${unindexable.length === 1 ? 'it' : 'them'}: leave ${unindexable.length === 1 ? 'it' : 'them'} out of eventFlows.identity for this connection if its events never use ${unindexable.length === 1 ? 'it' : 'them'}.`);
  }
  const found: FlowEvent[] = [];
  let scanned = 0;
  const cursor = events.find(filter, { batchSize: 1000, ...(request.signal ? { signal: request.signal } : {}) });
  try {
    for await (const doc of cursor) {
      scanned += 1;
      if (scanned % 1000 === 0) request.onProgress?.(scanned);
      const mapped = documentToEvent(doc, mapping, source, identity);
      if (mapped.ok && matchesSearch(mapped.event, request.predicate) && inWindow(mapped.event, request.window)) found.push(mapped.event);
      if (found.length >= request.limit || scanned >= SEARCH_DOCUMENTS) break;
    }
  } finally {
    await cursor.close();
  }
  if (scanned >= SEARCH_DOCUMENTS && found.length < request.limit) notes.push(`Stopped after ${SEARCH_DOCUMENTS.toLocaleString('en-US')} documents.`);
  return {
    source: `${source.database}.${source.collection}`,
    events: found,
    scanned,
    complete: found.length < request.limit && scanned < SEARCH_DOCUMENTS,
    outcome: NOTHING_HAPPENED,
    notes,
    ...(coverage !== undefined && coverage.uncovered.length > 0 ? { unindexed: coverage.uncovered } : {}),
  };
}
