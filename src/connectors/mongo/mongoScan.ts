/**
 * Reading a whole MongoDB event store (or one aggregate type of it) in (aggregate id, version) order with
 * a single sorted cursor: what store-wide checks run on, at about the cost of one read of the collection.
 * Each event leaves with its aggregate type, found as the listing finds it (field, id prefix, first event).
 */
import type { Document, Filter } from 'mongodb';
import { typeFromFirstEvent, typeFromIdPrefix } from '../../core/aggregateTypeNames';
import type { FlowEvent } from '../../core/envelope';
import type { IdentityRules } from '../../core/identity';
import type { ReadAllOptions } from '../eventStore';
import { escapeRegex } from './aggregateTypes';
import { documentToEvent } from './documentMapper';
import { cursorBatches } from './mongoCursor';
import { NO_TYPE, hasAggregateId, type ListingContext } from './mongoListing';

const DEFAULT_BATCH_SIZE = 1000;

export interface ScanContext extends ListingContext {
  source: { database: string; collection: string };
  identity?: IdentityRules;
}

export async function* readAllEvents(context: ScanContext, options: ReadAllOptions = {}): AsyncIterable<FlowEvent[]> {
  const { events, mapping, typeSource, source } = context;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const wanted = options.aggregateType;
  const conditions: Filter<Document>[] = [hasAggregateId(mapping)];
  if (wanted !== undefined && typeSource === 'field' && mapping.aggregateType) conditions.push({ [mapping.aggregateType]: wanted === NO_TYPE ? null : wanted });
  if (wanted !== undefined && typeSource === 'idPrefix') conditions.push({ [mapping.aggregateId]: { $regex: `^${escapeRegex(wanted)}[-_:]` } });
  const cursor = events.find(conditions.length === 1 ? conditions[0] : { $and: conditions }, {
    sort: { [mapping.aggregateId]: 1, [mapping.version]: 1 },
    batchSize,
  });
  // The first event of each aggregate decides its type where the documents carry none.
  let currentId: string | undefined;
  let currentType: string | undefined;
  let batch: FlowEvent[] = [];
  const subject = wanted === undefined ? `the events of ${source.database}.${source.collection}` : `the ${wanted} events of ${source.database}.${source.collection}`;
  for await (const docs of cursorBatchesGuarded(context, cursorBatches(cursor, { signal: options.signal, batchTimeoutMs: context.timeoutMs, subject }))) {
    for (const doc of docs) {
      const mapped = documentToEvent(doc, mapping, source, context.identity);
      if (!mapped.ok) {
        options.onProblem?.({ message: mapped.error });
        continue;
      }
      const event = mapped.event;
      const id = event.aggregateId ?? '';
      if (id !== currentId) {
        currentId = id;
        currentType = event.aggregateType ?? guessedType(typeSource, id, event.type);
      }
      if (wanted !== undefined && currentType !== wanted) continue;
      if (event.aggregateType === undefined && currentType !== undefined) event.aggregateType = currentType;
      batch.push(event);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Server failures while iterating come out classified, as from every other call of the store. */
async function* cursorBatchesGuarded(context: ListingContext, batches: AsyncIterable<Document[]>): AsyncIterable<Document[]> {
  const iterator = batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await context.run(() => iterator.next());
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** The type of an aggregate whose first event carries none, as listAggregateTypes counts it. */
function guessedType(typeSource: ListingContext['typeSource'], aggregateId: string, firstEventType: string): string {
  if (typeSource === 'field') return NO_TYPE;
  if (typeSource === 'idPrefix') return typeFromIdPrefix(aggregateId) ?? NO_TYPE;
  return typeFromFirstEvent(firstEventType);
}
