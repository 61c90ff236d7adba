/**
 * Appending to a MongoDB event store. Appends are optimistic: the version is checked first, and the unique
 * index on (aggregate id, version) turns a writer that raced past that check into a VersionConflictError.
 */
import type { Collection, Document, ObjectId } from 'mongodb';
import type { NewEvent } from '../../core/envelope';
import { VersionConflictError, type AppendResult } from '../eventStore';
import { validateAppend } from '../validation/validation';
import { toVersion } from './bsonToJson';
import type { FieldMapping } from './fieldMapping';
import { DUPLICATE_KEY_CODE, errorCode } from './mongoErrors';

/** What an append needs from the store: its collection and mapping, and how it runs and classifies server calls. */
export interface AppendContext {
  /** The events collection, connecting first: asked for only once the events are valid. */
  events(): Promise<Collection>;
  mapping: FieldMapping;
  run<T>(operation: () => Promise<T>): Promise<T>;
  failure(error: unknown): Error;
}

export interface AppendRequest {
  aggregateId: string;
  aggregateType: string;
  newEvents: NewEvent[];
  expectedVersion: number;
  signal?: AbortSignal;
}

export async function appendEvents(context: AppendContext, request: AppendRequest): Promise<AppendResult> {
  const { aggregateId, aggregateType, newEvents, expectedVersion, signal } = request;
  // Same input rules as the Local store: an empty list is a RangeError, non-JSON data a TypeError.
  validateAppend(aggregateId, aggregateType, newEvents, expectedVersion);
  const events = await context.events();
  const { mapping } = context;
  const current = await currentVersion(events, context, aggregateId, signal);
  if (current !== expectedVersion) {
    throw new VersionConflictError(aggregateId, expectedVersion, current);
  }
  const docs = newEvents.map((event, i) => {
    const doc: Document = {
      [mapping.aggregateId]: aggregateId,
      [mapping.eventType]: event.type,
      [mapping.data]: event.data,
      [mapping.version]: expectedVersion + i + 1,
      [mapping.timestamp]: event.timestamp ? new Date(event.timestamp) : new Date(),
    };
    if (mapping.eventId) doc[mapping.eventId] = event.id ?? crypto.randomUUID();
    if (mapping.aggregateType) doc[mapping.aggregateType] = aggregateType;
    if (mapping.metadata && event.metadata && Object.keys(event.metadata).length > 0) doc[mapping.metadata] = event.metadata;
    return doc;
  });
  try {
    signal?.throwIfAborted();
    await events.insertMany(docs, { ordered: true });
  } catch (error) {
    if (errorCode(error) !== DUPLICATE_KEY_CODE) {
      throw context.failure(error);
    }
    await undoPartialAppend(events, context, error, aggregateId, expectedVersion);
    throw new VersionConflictError(aggregateId, expectedVersion, await currentVersion(events, context, aggregateId));
  }
  return { fromVersion: expectedVersion + 1, toVersion: expectedVersion + newEvents.length };
}

/**
 * Without a transaction an ordered insert that hits a taken version has stored the events before it;
 * removing exactly those keeps the append all-or-nothing for readers that come after.
 */
async function undoPartialAppend(events: Collection, context: AppendContext, error: unknown, aggregateId: string, expectedVersion: number): Promise<void> {
  const insertedIds = (error as { insertedIds?: Record<string, unknown> }).insertedIds ?? {};
  const ids = Object.values(insertedIds);
  if (ids.length === 0) return;
  const { mapping } = context;
  await context.run(() => events.deleteMany({ _id: { $in: ids as ObjectId[] }, [mapping.aggregateId]: aggregateId, [mapping.version]: { $gt: expectedVersion } }));
}

async function currentVersion(events: Collection, context: AppendContext, aggregateId: string, signal?: AbortSignal): Promise<number> {
  const { mapping } = context;
  const last = await context.run(() => events.findOne({ [mapping.aggregateId]: aggregateId }, { sort: { [mapping.version]: -1 }, projection: { [mapping.version]: 1 }, signal }));
  return toVersion(last?.[mapping.version]) ?? 0;
}
