import type { EventHeader, FlowEvent } from '../core/envelope';
import type { Connector, ReadProblem } from './connector';
import type { ChannelMap, ChannelRequest } from './reads/channels';
import type { FiguresReader } from './reads/figures';
import type { SourcePlan } from './reads/readPlan';
import type { SourceSearchRequest, SourceSearchResult } from './reads/search';

/**
 * What every message broker shares: publishing a message and browsing a bounded window of messages as
 * `FlowEvent`s. Administration (topics, groups, exchanges, queues, bindings) stays in each connector's
 * own interface.
 */
export interface Broker extends Connector, FiguresReader {
  /** Which kind of connection reads it: a name, not a list every kind must join. */
  readonly kind: string;
  /** Sends messages to one destination; resolves once the broker acknowledged every one of them. */
  publish(destination: PublishDestination, messages: OutgoingMessage[], signal?: AbortSignal): Promise<PublishReceipt[]>;
  /**
   * Reads at most `request.limit` messages, starting where `request.start` says. Each message becomes a
   * `FlowEvent` whose `source` says where it was (topic/partition/offset, queue/position). Browsing never
   * consumes: a log commits nothing, a queue gets every message it gave back where it was.
   */
  browse(request: BrowseRequest): Promise<BrowsePage>;
  /** What reading `source` (a topic, a queue) does to it, asked before any read that touches it. */
  planRead(source: string, signal?: AbortSignal): Promise<SourcePlan>;
  /** Searches one source within a window; what reading it does follows `planRead` (a refused source reads nothing). */
  search(request: SourceSearchRequest): Promise<SourceSearchResult>;
  /** What a search of the whole broker reads: topics (internal ones left out) or queues and streams. */
  listSources(signal?: AbortSignal): Promise<string[]>;
  /**
   * What carries its messages (topics; exchanges, queues and streams) with the links between them and the
   * groups reading them: bounded by `request.limit`, saying in `capped` what it left out.
   */
  channels(request: ChannelRequest): Promise<ChannelMap>;
  /**
   * The newest message of `source` (in `scope`, a vhost where the kind has one), read only where reading it
   * changes nothing; otherwise, or when it holds none, why it was not read. A kind without it reads nothing.
   */
  newestWithoutEffect?(source: string, scope: string | undefined, signal?: AbortSignal): Promise<{ event: FlowEvent } | { unread: string }>;
}

/** A topic (optionally one partition), or an exchange (empty string: the default exchange). */
export interface PublishDestination {
  name: string;
  partition?: number;
}

export interface OutgoingMessage {
  /** The record key (decides a log's partition), or a queue broker's routing key (text only there). */
  key?: string | Uint8Array;
  /** In order; a key may repeat where the broker allows it (others keep its last value). */
  headers?: EventHeader[];
  /**
   * Broker-specific properties, named as each kind's README lists them (AMQP's `contentType`,
   * `correlationId`, `messageId`, …; a log record's `timestamp` in ms, as a decimal string).
   */
  properties?: Record<string, string | number | boolean>;
  /** null: no value at all (a log's tombstone); a broker without such messages refuses it. */
  body: Uint8Array | string | null;
}

export interface PublishReceipt {
  /** Where it landed, when the broker says: a log's partition and offset. */
  partition?: number;
  offset?: string;
}

/** Where a browse starts, per partition of a log, or from the head of a queue (stream offsets). */
export type BrowseStart =
  | { from: 'beginning' }
  /** The last `count` messages of each partition or stream. */
  | { from: 'latest'; count: number }
  /** An offset, in every selected partition (or a stream's offset). */
  | { from: 'offset'; offset: string }
  /** The first message at or after this time (ms since the epoch), found by the broker's own lookup. */
  | { from: 'timestamp'; timestamp: number }
  /** Continue where a previous page stopped. */
  | { from: 'cursors'; cursors: BrowseCursor[] };

export interface BrowseRequest {
  /** A topic or a queue. */
  source: string;
  /** Only these partitions of a log (all when absent). */
  partitions?: number[];
  start: BrowseStart;
  /** The most messages this page may hold; the connector never reads more than it can return. */
  limit: number;
  signal?: AbortSignal;
}

/** One partition's (or queue's) position: the next offset to read there, as a decimal string. */
export interface BrowseCursor {
  partition: number;
  next: string;
}

export interface BrowsePage {
  events: FlowEvent[];
  /** Pass back as `{ from: 'cursors' }` for the next page. */
  cursors: BrowseCursor[];
  /** True when every selected partition (or the queue) had nothing more when the page was read. */
  reachedEnd: boolean;
  /** Messages that could not be decoded fully (kept as bytes with a preview), and the like. */
  problems: ReadProblem[];
  /** What reading did to the source, when it did something (a queue's peek); absent for reads that change nothing. */
  effects?: ReadEffects;
}

/** What a read did to its source: a classic queue's peek marks messages redelivered, a quorum queue's counts a delivery. */
export interface ReadEffects {
  /** What the read does to the source, in words. */
  note: string;
  /** Positions the read left at their delivery limit (the next read is refused), and those it found there already and dead-lettered by returning. */
  leftAtLimit: number[];
  deadLettered: number[];
  /** How many reads of the source this page cost (0: served from a read already held). */
  peeks: number;
}
