import type { FlowEvent, NewEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import type { Connector, ReadProblem } from './connector';
import type { ChannelMap, ChannelRequest } from './reads/channels';
import type { Figures, FiguresRequest } from './reads/figures';

export type { ReadProblem };

export interface AggregateTypeSummary {
  name: string;
  /** Number of aggregates of this type, when the store can count them cheaply. */
  aggregateCount?: number;
}

export interface AggregateSummary {
  id: string;
  type: string;
  version: number;
  lastEventAt?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `after` to get the next page; absent on the last page. */
  next?: string;
}

export interface ListAggregatesOptions {
  after?: string;
  limit?: number;
  idPrefix?: string;
  signal?: AbortSignal;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** Told of each stored event this read had to step over (a document that maps to no event, …). */
  onProblem?: (problem: ReadProblem) => void;
}

export interface ReadAllOptions {
  /** Only aggregates of this type (as listAggregateTypes names them). */
  aggregateType?: string;
  batchSize?: number;
  signal?: AbortSignal;
  /** Told of each stored event this read had to step over (a document that maps to no event, …). */
  onProblem?: (problem: ReadProblem) => void;
}

export interface Snapshot {
  aggregateId: string;
  aggregateType?: string;
  version: number;
  state: JsonValue;
  takenAt: string;
}

export interface AppendResult {
  fromVersion: number;
  toVersion: number;
}

/**
 * An event-sourced store (the Local NDJSON file, a database collection). Every method that goes to a
 * server takes an AbortSignal so the progress notification can cancel it.
 */
export interface EventStore extends Connector {
  /** Which connector reads it, e.g. `local`. */
  readonly kind: string;
  listAggregateTypes(signal?: AbortSignal): Promise<AggregateTypeSummary[]>;
  /**
   * Its aggregate types as channels, bounded by `request.limit`. Absent on stores that are views of another
   * system's channel (a Kafka key stream, a peeked queue): that system lists it.
   */
  channels?(request: ChannelRequest): Promise<ChannelMap>;
  listAggregates(type: string, options?: ListAggregatesOptions): Promise<Page<AggregateSummary>>;
  /** Yields the stream in version order, in batches. */
  readStream(aggregateId: string, options?: ReadStreamOptions): AsyncIterable<FlowEvent[]>;
  /**
   * Every event of the store (or of one aggregate type) in (aggregate id, version) order, in batches that
   * may span aggregates, each event with its aggregate type: one streamed pass that costs about one read
   * of the store (a single sorted cursor, or the Local index). What store-wide checks are built on.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<FlowEvent[]>;
  /**
   * Appends after `expectedVersion` (0 for a new aggregate). A stale expected version throws
   * VersionConflictError and writes nothing.
   */
  append(aggregateId: string, aggregateType: string, events: NewEvent[], expectedVersion: number, signal?: AbortSignal): Promise<AppendResult>;
  listSnapshots(aggregateId: string, signal?: AbortSignal): Promise<Snapshot[]>;
  writeSnapshot(snapshot: Snapshot, signal?: AbortSignal): Promise<void>;
  /**
   * What is wrong with the store as it stands and every read steps over (the Local file's damaged lines
   * as of its last scan). Never a history: problems of one read come back with that read (`onProblem`).
   */
  problems(): ReadProblem[];
  /** Its event count, for a sampler (`events` in the figures); a store without it shows none. */
  sampleFigures?(request: FiguresRequest, signal?: AbortSignal): Promise<Figures>;
  close(): Promise<void>;
}

export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      `Version conflict on ${aggregateId}: expected version ${expectedVersion} but the stream is at ${actualVersion}. ` +
        'Someone else appended first; reload the stream and try again.',
    );
  }
}
