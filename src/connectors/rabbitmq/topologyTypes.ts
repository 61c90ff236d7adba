/** What the RabbitMQ connector lists: virtual hosts, exchanges, bindings, queues, and the marks derived from them. */

export interface VhostInfo {
  name: string;
  messages?: number;
}

export interface ExchangeInfo {
  vhost: string;
  /** "" is the default exchange. */
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

export interface BindingInfo {
  vhost: string;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: Record<string, unknown>;
}

export type QueueType = 'classic' | 'quorum' | 'stream';

/** The arguments that decide what happens to a queue's messages, from x-arguments or else the queue's policy. */
export interface QueueArguments {
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  messageTtl?: number;
  maxLength?: number;
  maxLengthBytes?: number;
  maxPriority?: number;
  deliveryLimit?: number;
  overflow?: string;
  expires?: number;
}

export interface QueueInfo {
  vhost: string;
  name: string;
  /** classic, quorum or stream (a newer broker may name other types). */
  type: string;
  durable: boolean;
  ready: number;
  unacked: number;
  messages: number;
  consumers: number;
  /** Messages per second, as the management API last sampled them. */
  publishRate?: number;
  deliverRate?: number;
  arguments: QueueArguments;
  /** The x-arguments as declared. */
  declaredArguments: Record<string, unknown>;
  policy?: string;
  state?: string;
  /**
   * The management API gave no message counts (a queue just declared, or a broker just restarted, before its
   * first statistics): `messages`, `ready` and `unacked` then say 0 without knowing it.
   */
  countsUnknown?: true;
}

export interface QueuePage {
  items: QueueInfo[];
  /** 1-based. */
  page: number;
  pageCount: number;
  /** Queues matching the search (all of the vhost without one). */
  filteredCount: number;
  totalCount: number;
}

/** Why a queue is marked, and where a delay queue delivers. */
export interface QueueMarks {
  /** Queues whose dead letters land here (a queue may be the target of several). */
  deadLetterFor: string[];
  /** Set when the queue holds messages for a time (TTL + DLX, no consumers) and then dead-letters them on. */
  delay?: { ttlMs: number; exchange: string; routingKey?: string; targets: string[] };
}

export interface Topology {
  vhost: string;
  exchanges: ExchangeInfo[];
  bindings: BindingInfo[];
  queues: QueueInfo[];
  /** By queue name; queues with no mark are absent. */
  marks: Record<string, QueueMarks>;
}
