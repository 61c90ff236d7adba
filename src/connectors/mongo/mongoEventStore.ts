import type { Collection, Document, Filter, MongoClient, ObjectId } from 'mongodb';
import type { FlowEvent, NewEvent } from '../../core/envelope';
import {
  VersionConflictError,
  type AggregateSummary,
  type AggregateTypeSummary,
  type AppendResult,
  type EventStore,
  type ListAggregatesOptions,
  type Page,
  type ReadProblem,
  type ReadStreamOptions,
  type Snapshot,
} from '../eventStore';
import { validateAppend, validateSnapshot } from '../validation/validation';
import { typeFromFirstEvent, typeFromIdPrefix } from '../../core/aggregateTypeNames';
import { escapeRegex, type TypeSource } from './aggregateTypes';
import { bsonToJson, idText, toVersion } from './bsonToJson';
import { maskConnectionString, redact } from './connectionString';
import { documentToEvent } from './documentMapper';
import { DUPLICATE_KEY_CODE, MongoStoreError, classifyMongoError, errorCode } from './mongoErrors';
import { openMongoClient } from './mongoClient';
import { checkVersionIndex, ensureEventStoreIndexes, type IndexCheck } from './mongoIndexes';
import { DEFAULT_MONGO_TIMEOUT_MS, type MongoStoreOptions } from './mongoOptions';

export type { IndexCheck } from './mongoIndexes';

/**
 * An event store in a MongoDB collection (or a server speaking its wire protocol). Appends are optimistic:
 * the unique index on (aggregate id, version) turns a concurrent writer into a VersionConflictError.
 */
export class MongoEventStore implements EventStore {
  readonly kind = 'mongo' as const;
  readonly label: string;
  private client: MongoClient | undefined;
  private connecting: Promise<MongoClient> | undefined;
  private typeSource: TypeSource | undefined;

  constructor(private readonly options: MongoStoreOptions) {
    this.label = `${maskConnectionString(options.connectionString)} ${options.database}.${options.eventsCollection}`;
  }

  /**
   * Connects (once; concurrent callers share the attempt) and pings, or says exactly what failed. The
   * signal of the call that starts the attempt can abort it: the half-open client is closed.
   */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.mongoClient(signal);
  }

  /** The connected driver client (connecting first): for the index and listing helpers, and tests. */
  mongoClient(signal?: AbortSignal): Promise<MongoClient> {
    if (this.client) {
      return Promise.resolve(this.client);
    }
    this.connecting ??= this.openClient(signal).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openClient(signal: AbortSignal | undefined): Promise<MongoClient> {
    try {
      const client = await openMongoClient(this.options, this.timeoutMs, signal);
      this.client = client;
      return client;
    } catch (error) {
      throw this.failure(error);
    }
  }

  async listAggregateTypes(signal?: AbortSignal): Promise<AggregateTypeSummary[]> {
    const events = await this.events();
    const source = await this.resolveTypeSource(events);
    const { mapping } = this.options;
    const counts = new Map<string, number>();
    const add = (type: string): void => void counts.set(type, (counts.get(type) ?? 0) + 1);
    await this.guard(async () => {
      if (source === 'field' && mapping.aggregateType) {
        // distinct + a count of first events per type: both servers answer these from a plain scan, where a
        // two-stage $group took a minute on FerretDB for 10,000 aggregates (2 s this way). An aggregate whose
        // stream does not start at version 1 is listed but not counted.
        const typeField = mapping.aggregateType;
        const types: unknown[] = await events.distinct(typeField, this.hasAggregateId());
        for (const type of types) {
          signal?.throwIfAborted();
          const count = await events.countDocuments({ [typeField]: type, ...this.firstEventFilter() }, { signal });
          counts.set(type === null || type === undefined ? '(no type)' : idText(type), count);
        }
      } else if (source === 'idPrefix') {
        const ids: unknown[] = await events.distinct(mapping.aggregateId, this.hasAggregateId());
        for (const id of ids) {
          add(typeFromIdPrefix(idText(id)) ?? '(no type)');
        }
      } else {
        const cursor = events.find(this.firstEventFilter(), { projection: { [mapping.eventType]: 1 }, signal, batchSize: 5000 });
        for await (const doc of cursor) {
          add(typeFromFirstEvent(String(doc[mapping.eventType])));
        }
      }
    });
    return [...counts].map(([name, aggregateCount]) => ({ name, aggregateCount })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async listAggregates(type: string, options: ListAggregatesOptions = {}): Promise<Page<AggregateSummary>> {
    const events = await this.events();
    const source = await this.resolveTypeSource(events);
    const { mapping } = this.options;
    const limit = Math.max(1, options.limit ?? 100);
    // A document without an aggregate id belongs to no aggregate; readStream reports it as a problem.
    const idConditions: Filter<Document>[] = [{ [mapping.aggregateId]: { $ne: null } }];
    if (options.after !== undefined) idConditions.push({ [mapping.aggregateId]: { $gt: options.after } });
    if (options.idPrefix) idConditions.push({ [mapping.aggregateId]: { $regex: `^${escapeRegex(options.idPrefix)}` } });
    if (source === 'field' && mapping.aggregateType) idConditions.push({ [mapping.aggregateType]: type });
    if (source === 'idPrefix') idConditions.push({ [mapping.aggregateId]: { $regex: `^${escapeRegex(type)}[-_:]` } });
    if (source === 'firstEvent') {
      return this.listByFirstEvent(events, type, idConditions, limit, options.signal);
    }
    const filter: Filter<Document> = idConditions.length > 0 ? { $and: idConditions } : {};
    const summaries: AggregateSummary[] = [];
    let next: string | undefined;
    await this.guard(async () => {
      // Walks the (id, version) index in order and keeps the last event of each id: one pass, no $max needed.
      const cursor = events.find(filter, {
        projection: { [mapping.aggregateId]: 1, [mapping.version]: 1, [mapping.timestamp]: 1 },
        sort: { [mapping.aggregateId]: 1, [mapping.version]: 1 },
        batchSize: Math.min(5000, limit * 20),
        signal: options.signal,
      });
      try {
        for await (const doc of cursor) {
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
      } finally {
        await cursor.close();
      }
    });
    return next === undefined ? { items: summaries } : { items: summaries, next };
  }

  private async listByFirstEvent(
    events: Collection,
    type: string,
    idConditions: Filter<Document>[],
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<Page<AggregateSummary>> {
    const { mapping } = this.options;
    const ids: string[] = [];
    let next: string | undefined;
    await this.guard(async () => {
      const cursor = events.find(
        { $and: [this.firstEventFilter(), ...idConditions] },
        { projection: { [mapping.aggregateId]: 1, [mapping.eventType]: 1 }, sort: { [mapping.aggregateId]: 1 }, signal },
      );
      try {
        for await (const doc of cursor) {
          if (typeFromFirstEvent(String(doc[mapping.eventType])) !== type) continue;
          if (ids.length === limit) {
            next = ids[ids.length - 1];
            break;
          }
          ids.push(idText(doc[mapping.aggregateId]));
        }
      } finally {
        await cursor.close();
      }
    });
    const items: AggregateSummary[] = [];
    for (const id of ids) {
      const last = await this.guard(() => events.findOne({ [mapping.aggregateId]: id }, { sort: { [mapping.version]: -1 }, signal }));
      items.push({ id, type, version: toVersion(last?.[mapping.version]) ?? 0, lastEventAt: timestampOf(last?.[mapping.timestamp]) });
    }
    return next === undefined ? { items } : { items, next };
  }

  async *readStream(aggregateId: string, options: ReadStreamOptions = {}): AsyncIterable<FlowEvent[]> {
    const events = await this.events();
    const { mapping, database, eventsCollection } = this.options;
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const filter: Filter<Document> = { [mapping.aggregateId]: aggregateId };
    if (options.fromVersion !== undefined && options.fromVersion > 0) {
      filter[mapping.version] = { $gte: options.fromVersion };
    }
    const cursor = events.find(filter, { sort: { [mapping.version]: 1 }, batchSize, signal: options.signal });
    const source = { database, collection: eventsCollection };
    let batch: FlowEvent[] = [];
    try {
      for (;;) {
        const doc = await this.guard(() => cursor.next());
        if (doc === null) break;
        const mapped = documentToEvent(doc, mapping, source);
        if (mapped.ok) {
          batch.push(mapped.event);
        } else {
          options.onProblem?.({ message: mapped.error });
        }
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  async append(aggregateId: string, aggregateType: string, newEvents: NewEvent[], expectedVersion: number, signal?: AbortSignal): Promise<AppendResult> {
    // Same input rules as the Local store: an empty list is a RangeError, non-JSON data a TypeError.
    validateAppend(aggregateId, aggregateType, newEvents, expectedVersion);
    const events = await this.events();
    const current = await this.currentVersion(events, aggregateId, signal);
    if (current !== expectedVersion) {
      throw new VersionConflictError(aggregateId, expectedVersion, current);
    }
    const { mapping } = this.options;
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
        throw this.failure(error);
      }
      await this.undoPartialAppend(events, error, aggregateId, expectedVersion);
      throw new VersionConflictError(aggregateId, expectedVersion, await this.currentVersion(events, aggregateId));
    }
    return { fromVersion: expectedVersion + 1, toVersion: expectedVersion + newEvents.length };
  }

  /**
   * Without a transaction an ordered insert that hits a taken version has stored the events before it;
   * removing exactly those keeps the append all-or-nothing for readers that come after.
   */
  private async undoPartialAppend(events: Collection, error: unknown, aggregateId: string, expectedVersion: number): Promise<void> {
    const insertedIds = (error as { insertedIds?: Record<string, unknown> }).insertedIds ?? {};
    const ids = Object.values(insertedIds);
    if (ids.length === 0) return;
    const { mapping } = this.options;
    await this.guard(() => events.deleteMany({ _id: { $in: ids as ObjectId[] }, [mapping.aggregateId]: aggregateId, [mapping.version]: { $gt: expectedVersion } }));
  }

  private async currentVersion(events: Collection, aggregateId: string, signal?: AbortSignal): Promise<number> {
    const { mapping } = this.options;
    const last = await this.guard(() =>
      events.findOne({ [mapping.aggregateId]: aggregateId }, { sort: { [mapping.version]: -1 }, projection: { [mapping.version]: 1 }, signal }),
    );
    return toVersion(last?.[mapping.version]) ?? 0;
  }

  async listSnapshots(aggregateId: string, signal?: AbortSignal): Promise<Snapshot[]> {
    const snapshots = await this.snapshots();
    const docs = await this.guard(() => snapshots.find({ aggregate_id: aggregateId }, { sort: { version: 1 }, signal }).toArray());
    return docs.flatMap((doc) => {
      const version = toVersion(doc.version);
      if (version === undefined) return [];
      const snapshot: Snapshot = { aggregateId, version, state: bsonToJson(doc.state), takenAt: timestampOf(doc.taken_at) ?? '' };
      if (typeof doc.aggregate_type === 'string') snapshot.aggregateType = doc.aggregate_type;
      return [snapshot];
    });
  }

  async writeSnapshot(snapshot: Snapshot, signal?: AbortSignal): Promise<void> {
    validateSnapshot(snapshot);
    const snapshots = await this.snapshots();
    signal?.throwIfAborted();
    await this.guard(() =>
      snapshots.replaceOne(
        { aggregate_id: snapshot.aggregateId, version: snapshot.version },
        {
          aggregate_id: snapshot.aggregateId,
          aggregate_type: snapshot.aggregateType,
          version: snapshot.version,
          state: snapshot.state,
          taken_at: new Date(snapshot.takenAt || Date.now()),
        },
        { upsert: true },
      ),
    );
  }

  /** Whether the unique (aggregate id, version) index that makes appends safe exists. */
  async checkIndex(): Promise<IndexCheck> {
    const events = await this.events();
    return this.guard(() => checkVersionIndex(events, this.options.mapping));
  }

  /** Creates the unique (aggregate id, version) index and the snapshots index. */
  async ensureIndexes(): Promise<void> {
    const events = await this.events();
    const snapshots = await this.snapshots();
    await this.guard(() => ensureEventStoreIndexes(events, snapshots, this.options.mapping));
  }

  /** A few documents of the events collection, for detecting the field mapping. */
  async sampleDocuments(count = 1): Promise<Document[]> {
    const events = await this.events();
    return this.guard(() => events.find({}, { limit: count }).toArray());
  }

  /** A collection has no standing damage of its own: what a read skips, it reports to that read. */
  problems(): ReadProblem[] {
    return [];
  }

  async close(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.close(true);
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_MONGO_TIMEOUT_MS;
  }

  private async events(): Promise<Collection> {
    const client = await this.mongoClient();
    return client.db(this.options.database).collection(this.options.eventsCollection);
  }

  private async snapshots(): Promise<Collection> {
    const client = await this.mongoClient();
    return client.db(this.options.database).collection(this.options.snapshotsCollection);
  }

  private firstEventFilter(): Filter<Document> {
    return { [this.options.mapping.version]: 1, ...this.hasAggregateId() };
  }

  private hasAggregateId(): Filter<Document> {
    return { [this.options.mapping.aggregateId]: { $ne: null } };
  }

  private async resolveTypeSource(events: Collection): Promise<TypeSource> {
    if (this.typeSource) return this.typeSource;
    const { mapping } = this.options;
    const sample = await this.guard(() => events.findOne({}));
    if (!sample) {
      // Nothing stored yet: decide once there is something to look at.
      return 'field';
    }
    if (mapping.aggregateType && typeof sample[mapping.aggregateType] === 'string') {
      this.typeSource = 'field';
    } else if (typeFromIdPrefix(idText(sample[mapping.aggregateId])) !== undefined) {
      this.typeSource = 'idPrefix';
    } else {
      this.typeSource = 'firstEvent';
    }
    return this.typeSource;
  }

  /** Runs one server call; any failure comes out classified, with the password removed from its text. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private failure(error: unknown): Error {
    if (error instanceof MongoStoreError || error instanceof VersionConflictError) return error;
    if (error instanceof Error && error.name === 'AbortError') return error;
    const classified = classifyMongoError(error, maskConnectionString(this.options.connectionString));
    return new MongoStoreError(classified.kind, redact(classified.message, this.options.password));
  }
}

function timestampOf(value: unknown): string | undefined {
  const json = bsonToJson(value);
  if (typeof json === 'string') return json;
  if (typeof json === 'number') return new Date(json).toISOString();
  return undefined;
}
