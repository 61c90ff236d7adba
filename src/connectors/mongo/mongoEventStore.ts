import type { Collection, Document, Filter, MongoClient } from 'mongodb';
import type { FlowEvent, NewEvent } from '../../core/envelope';
import {
  VersionConflictError,
  type AggregateSummary,
  type AggregateTypeSummary,
  type AppendResult,
  type EventStore,
  type ListAggregatesOptions,
  type Page,
  type ReadAllOptions,
  type ReadProblem,
  type ReadStreamOptions,
  type Snapshot,
} from '../eventStore';
import { typeFromIdPrefix } from '../../core/aggregateTypeNames';
import type { TypeSource } from './aggregateTypes';
import { idText } from './bsonToJson';
import { maskConnectionString, redact } from './connectionString';
import { documentToEvent } from './documentMapper';
import { cursorBatches } from './mongoCursor';
import { listAggregateTypes, listAggregates, type ListingContext } from './mongoListing';
import { readAllEvents } from './mongoScan';
import { SEARCH_PREDICATE_FIELDS, searchFields, searchMongo } from './mongoSearch';
import { aggregateTypeChannels, channelLimit, type ChannelMap, type ChannelRequest } from '../reads/channels';
import type { SearchIndexing, SourceSearchRequest, SourceSearchResult } from '../reads/search';
import type { Figures, FiguresRequest } from '../reads/figures';
import { scanStoreStatistics, type StatisticsOptions, type StoreStatistics } from '../reads/statistics';
import { FEATURE_NAMES, missingFeatures, probePipelineSupport, type PipelineSupport } from './mongoPipelineSupport';
import { mongoStatistics } from './mongoStatistics';
import { mongoSchemaVariants, type MongoVariantOptions, type MongoVariants } from './mongoSchemaVariants';
import { aggregateTypeFilter, type MongoStatisticsContext } from './mongoStatisticsContext';
import { appendEvents } from './mongoAppend';
import { listSnapshots, writeSnapshot } from './mongoSnapshots';
import { MongoStoreError, classifyMongoError } from './mongoErrors';
import { openMongoClient } from './mongoClient';
import { checkVersionIndex, ensureEventStoreIndexes, ensureSearchIndexes, type IndexCheck } from './mongoIndexes';
import { DEFAULT_MONGO_TIMEOUT_MS, type MongoStoreOptions } from './mongoOptions';

export type { IndexCheck } from './mongoIndexes';

/** What the monitor says under a MongoDB store's events chart, which counts all events, not each type. */
export const MONGO_EVENT_TYPES_WHY_NOT = 'All events, not by type: a MongoDB store keeps no append order to read only its new events by, and counting types would read the whole collection every reading.';

/**
 * An event store in a MongoDB collection (or a server speaking its wire protocol). Appends are optimistic:
 * the unique index on (aggregate id, version) turns a concurrent writer into a VersionConflictError.
 */
export class MongoEventStore implements EventStore, SearchIndexing {
  readonly kind = 'mongo' as const;
  readonly label: string;
  private client: MongoClient | undefined;
  private connecting: Promise<MongoClient> | undefined;
  private typeSource: TypeSource | undefined;
  private pipelineSupport: PipelineSupport | undefined;

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
    return listAggregateTypes(await this.listingContext(), signal);
  }

  /** Its aggregate types as channels, each with its aggregate count. */
  async channels(request: ChannelRequest): Promise<ChannelMap> {
    return aggregateTypeChannels({ connectionId: request.connectionId, connectionKind: this.kind }, await this.listAggregateTypes(request.signal), channelLimit(request));
  }

  async listAggregates(type: string, options: ListAggregatesOptions = {}): Promise<Page<AggregateSummary>> {
    return listAggregates(await this.listingContext(), type, options);
  }

  async *readStream(aggregateId: string, options: ReadStreamOptions = {}): AsyncIterable<FlowEvent[]> {
    const events = await this.events();
    const { mapping, database, eventsCollection } = this.options;
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const filter: Filter<Document> = { [mapping.aggregateId]: aggregateId };
    if (options.fromVersion !== undefined && options.fromVersion > 0) {
      filter[mapping.version] = { $gte: options.fromVersion };
    }
    const cursor = events.find(filter, { sort: { [mapping.version]: 1 }, batchSize });
    const source = { database, collection: eventsCollection };
    const batches = cursorBatches(cursor, { signal: options.signal, batchTimeoutMs: this.timeoutMs, subject: `the events of ${aggregateId}` });
    const iterator = batches[Symbol.asyncIterator]();
    let batch: FlowEvent[] = [];
    try {
      for (;;) {
        const next = await this.guard(() => iterator.next());
        if (next.done === true) break;
        for (const doc of next.value) {
          const mapped = documentToEvent(doc, mapping, source, this.options.identity);
          if (mapped.ok) batch.push(mapped.event);
          else options.onProblem?.({ message: mapped.error });
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      // Also when the reader stops early: closing the cursor kills it on the server.
      await iterator.return?.();
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<FlowEvent[]> {
    const context = await this.listingContext();
    const { database, eventsCollection } = this.options;
    yield* readAllEvents({ ...context, source: { database, collection: eventsCollection }, identity: this.options.identity }, options);
  }

  async append(aggregateId: string, aggregateType: string, newEvents: NewEvent[], expectedVersion: number, signal?: AbortSignal): Promise<AppendResult> {
    const context = { events: () => this.events(), mapping: this.options.mapping, run: <T>(operation: () => Promise<T>) => this.guard(operation), failure: (error: unknown) => this.failure(error) };
    return appendEvents(context, { aggregateId, aggregateType, newEvents, expectedVersion, ...(signal ? { signal } : {}) });
  }

  listSnapshots(aggregateId: string, signal?: AbortSignal): Promise<Snapshot[]> {
    return listSnapshots(() => this.snapshots(), aggregateId, (operation) => this.guard(operation), signal);
  }

  writeSnapshot(snapshot: Snapshot, signal?: AbortSignal): Promise<void> {
    return writeSnapshot(() => this.snapshots(), snapshot, (operation) => this.guard(operation), signal);
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

  /**
   * The events collection's document count (the server's own count, no scan), for a sampler. Types are not
   * counted: nothing in the store orders appends for the server to find only the new events by, so a count
   * per type would read the whole collection every reading; asked for them, the figures say so instead.
   */
  async sampleFigures(request: FiguresRequest): Promise<Figures> {
    const events = await this.events();
    const figures: Figures = { sources: [], groups: [], events: await this.guard(() => events.estimatedDocumentCount()) };
    if (request.eventTypes === true) figures.eventTypesWhyNot = MONGO_EVENT_TYPES_WHY_NOT;
    return figures;
  }

  /**
   * Statistics counted on the server (`mongoStatistics.ts`). A server without `$group` and `$type`, or an
   * aggregate type known only from each aggregate's first event, is read through `readAll` instead, and
   * the result says why.
   */
  async statistics(options: StatisticsOptions = {}): Promise<StoreStatistics> {
    const context = await this.statisticsContext(options.aggregateType);
    if (context === undefined || !context.support.group || !context.support.type) {
      const why =
        context === undefined
          ? `the ${options.aggregateType ?? ''} aggregates are typed by their first event, which the server cannot filter on`
          : `the server has no ${missingFeatures(context.support).map((feature) => FEATURE_NAMES[feature]).join(', ')}`;
      const scanned = await scanStoreStatistics(this, options);
      return { ...scanned, notes: [`Counted by the client from every event read (${why}).`] };
    }
    return mongoStatistics(context, options);
  }

  /** Events per type and their schema variants alone, grouped on the server (see `mongoSchemaVariants`). */
  async schemaVariants(options: MongoVariantOptions & { aggregateType?: string } = {}): Promise<MongoVariants> {
    const context = await this.statisticsContext(options.aggregateType);
    if (context === undefined || !context.support.group || !context.support.type) throw new Error(`${this.label} cannot group schema variants on the server.`);
    return mongoSchemaVariants(context, options);
  }

  private async statisticsContext(aggregateType: string | undefined): Promise<MongoStatisticsContext | undefined> {
    const listing = await this.listingContext();
    const filter = aggregateTypeFilter(listing, aggregateType);
    if (filter === undefined) return undefined;
    this.pipelineSupport ??= await this.guard(() => probePipelineSupport(listing.events, this.timeoutMs));
    return { ...listing, support: this.pipelineSupport, filter, label: this.label, ...(aggregateType !== undefined ? { aggregateType } : {}) };
  }

  /** A search asked of the server on the mapped fields (see `searchMongo`); it says when no index covers them. */
  async search(request: SourceSearchRequest): Promise<SourceSearchResult> {
    const events = await this.events();
    const { mapping, database, eventsCollection } = this.options;
    return this.guard(() => searchMongo(events, mapping, { database, collection: eventsCollection }, request, this.options.identity));
  }

  /**
   * Creates the indexes a search lacked (its `unindexed` fields). Only fields this store's searches ask of the
   * server are accepted: the page or a command argument cannot index an arbitrary path.
   */
  async createSearchIndexes(fields: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const searched = new Set(SEARCH_PREDICATE_FIELDS.flatMap((field) => searchFields(this.options.mapping, { predicate: { field, value: '' } }, this.options.identity) ?? []));
    const foreign = fields.filter((field) => !searched.has(field));
    if (foreign.length > 0) throw new Error(`${foreign.join(', ')} is not a field the searches of ${this.label} ask for.`);
    signal?.throwIfAborted();
    const events = await this.events();
    return this.guard(() => ensureSearchIndexes(events, fields));
  }

  private async events(): Promise<Collection> {
    const client = await this.mongoClient();
    return client.db(this.options.database).collection(this.options.eventsCollection);
  }

  private async snapshots(): Promise<Collection> {
    const client = await this.mongoClient();
    return client.db(this.options.database).collection(this.options.snapshotsCollection);
  }

  private async listingContext(): Promise<ListingContext> {
    const events = await this.events();
    const typeSource = await this.resolveTypeSource(events);
    return { events, mapping: this.options.mapping, typeSource, timeoutMs: this.timeoutMs, run: (operation) => this.guard(operation) };
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

  /** Runs a call of a helper module (the catalog) the way the store runs its own: see `guard`. */
  guarded<T>(operation: () => Promise<T>): Promise<T> {
    return this.guard(operation);
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
