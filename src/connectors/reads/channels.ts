/**
 * What can carry events, in terms every kind shares: channels (a Kafka topic; a RabbitMQ exchange, queue or
 * stream; an event store's aggregate type), the readers of channels (a Kafka consumer group), and the links
 * between them (a binding, a dead-letter route, a group reading a topic). Each kind maps its own admin data
 * to this in its own folder; the topology, flow and AsyncAPI views draw from it without knowing the kind.
 */

/**
 * Passes messages on without keeping them (an exchange), or keeps them for someone to read (a topic, a
 * queue, a stream, a store's aggregate type).
 */
export type ChannelRole = 'routes' | 'holds';

/** What the kind knows cheaply about a channel when it lists it; each is absent where the kind has no such figure. */
export interface ChannelFigures {
  /** Messages (or events) held now: a topic's records kept, a queue's ready + unacked. */
  messages?: number;
  partitions?: number;
  /** A queue's messages waiting for a consumer, and those delivered but not yet acknowledged. */
  ready?: number;
  unacked?: number;
  consumers?: number;
  /** A store type's aggregates. */
  aggregates?: number;
}

export interface Channel {
  /** Unique within one listing of one connection; links name channels by it. Opaque to everyone but its kind. */
  id: string;
  connectionId: string;
  /** The connection's kind (`kafka`, `rabbitmq`, `local`, `mongo`, …): a name, not a list every kind must join. */
  connectionKind: string;
  /** What the connection's kind calls it: `topic`, `exchange`, `queue`, `stream`, `aggregate type`. */
  kind: string;
  name: string;
  role: ChannelRole;
  /** Where in the connection it lives when the kind divides one (a RabbitMQ virtual host). */
  scope?: string;
  /** The kind's own sort of it: an exchange's type, a queue's type, a topic's cleanup policy. */
  detail?: string;
  /** The broker's own (internal topics, `amq.*` exchanges, the default exchange): drawn only when something links to it. */
  internal?: boolean;
  /** Dead letters of other channels end up here. */
  holdsDeadLetters?: boolean;
  /** Holds each message this long and then sends it on (a RabbitMQ TTL queue that dead-letters to an exchange). */
  delayMs?: number;
  figures: ChannelFigures;
}

/** Something that reads channels without being one: a Kafka consumer group. */
export interface ChannelReader {
  id: string;
  connectionId: string;
  connectionKind: string;
  /** What the kind calls it: `consumer group`. */
  kind: string;
  name: string;
  /** As the broker says it (`Stable`, `Empty`, …). */
  state?: string;
  members?: number;
}

/**
 * - `route`: messages published to `from` go on to `to` when `routingKey` (and `arguments`) match (a binding);
 * - `dead-letter`: messages `from` rejects, expires or drops go to `to` (a dead-letter exchange, or the queue
 *   the default exchange delivers them to), under `routingKey` when one is set; `afterMs` when `from` holds
 *   every message that long first (a delay queue);
 * - `reads`: the reader `from` consumes the channel `to`.
 */
export type ChannelLink =
  | { kind: 'route'; from: string; to: string; routingKey: string; arguments?: Record<string, unknown> }
  | { kind: 'dead-letter'; from: string; to: string; routingKey?: string; afterMs?: number }
  | { kind: 'reads'; from: string; to: string; lag?: number };

export interface ChannelMap {
  channels: Channel[];
  readers: ChannelReader[];
  links: ChannelLink[];
  /** Set when the listing stopped at its limit: what was left out, in words, and how many there are in all when known. */
  capped?: { limit: number; total?: number; note: string };
}

export interface ChannelRequest {
  /** The saved connection the listing is of: each channel carries it. */
  connectionId: string;
  /** The most channels to list (readers count apart, up to the same limit); default `DEFAULT_CHANNEL_LIMIT`. */
  limit?: number;
  signal?: AbortSignal;
}

/** A broker with 10,000 topics answers with this many and says it stopped. */
export const DEFAULT_CHANNEL_LIMIT = 500;

export function channelLimit(request: Pick<ChannelRequest, 'limit'>): number {
  return Math.max(1, Math.floor(request.limit ?? DEFAULT_CHANNEL_LIMIT));
}

/** A store's aggregate types as channels: what the Local and MongoDB stores list. */
export function aggregateTypeChannels(
  connection: { connectionId: string; connectionKind: string },
  types: readonly { name: string; aggregateCount?: number }[],
  limit: number,
): ChannelMap {
  const shown = types.slice(0, limit);
  const channels = shown.map((type): Channel => ({
    id: `aggregate-type:${type.name}`,
    connectionId: connection.connectionId,
    connectionKind: connection.connectionKind,
    kind: 'aggregate type',
    name: type.name,
    role: 'holds',
    figures: type.aggregateCount === undefined ? {} : { aggregates: type.aggregateCount },
  }));
  const left = types.length - shown.length;
  return { channels, readers: [], links: [], ...(left > 0 ? { capped: { limit, total: types.length, note: `${left} of ${types.length} aggregate types not listed` } } : {}) };
}
