import type { FlowEvent } from '../core/envelope';
import type { BrowsePage, BrowseRequest, BrowseStart } from './broker';

/** What a browse keeps; every given part must match. */
export interface MessageFilter {
  /** The message key equals this text. */
  key?: string;
  /** A header with this key (any value, or exactly `value`). */
  header?: { key: string; value?: string };
  /** This text occurs in the value (JSON, text, or the hex preview), ignoring case. */
  text?: string;
  /**
   * A JSONPath on the JSON value that selects at least one node, e.g. `$.items[?(@.sku == 'CAM-HD')]`; a
   * root filter such as `$[?(@.total > 100)]` tests the value itself.
   */
  jsonPath?: string;
}

/** What a filtered browse asks beyond `BrowseRequest`; a broker may take more of its own. */
export interface FilteredBrowseOptions {
  filter?: MessageFilter;
  /** Called after each fetched batch with the messages scanned and kept so far (a progress notification). */
  onProgress?: (progress: { scanned: number; kept: number }) => void;
}

/** A live tail of one source (a topic, a stream): new messages as they arrive, until stopped. */
export interface TailRequest {
  /** The topic or stream to follow. */
  source: string;
  /** The partitions to follow (all when none are named). */
  partitions?: readonly number[];
  /** Where each partition starts; usually the latest few. */
  start: BrowseStart;
  /** Stopping the tail: it resolves once the broker holds nothing of it any more (a group left and deleted). */
  signal: AbortSignal;
}

export interface TailOptions {
  filter?: MessageFilter;
  /** Every fetched batch's kept messages, in order per partition. */
  onEvents: (events: FlowEvent[]) => void;
  /** A reader failure the tail recovers from (a new reader continues where the last one stopped). */
  onProblem?: (message: string) => void;
  /** How long the tail may go without a working reader before it fails (ms). Default: the operation timeout. */
  timeoutMs?: number;
  /** Keeps each value's bytes (base64 in `payload`) even when it is JSON: a recording needs them exact. */
  keepBytes?: boolean;
}

/** A broker whose sources (some or all) can be followed live without effect: Kafka topics, RabbitMQ streams. */
export interface TailableBroker {
  tail(request: TailRequest, options: TailOptions): Promise<void>;
}

/** A broker the message browser can read: a filtered browse and a live tail, neither consuming anything. */
export interface BrowsableBroker extends TailableBroker {
  browseWith(request: BrowseRequest, options: FilteredBrowseOptions): Promise<BrowsePage>;
}
