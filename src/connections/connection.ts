import type { Broker } from '../connectors/broker';
import type { EventStore } from '../connectors/eventStore';
import type { FiguresReader } from '../connectors/reads/figures';

/**
 * One root of the Connections tree, of any kind. What it connects to is opened on first use (drivers load
 * lazily) and reused until the connection is closed.
 */
export interface Connection {
  /** Stable: derived from what the connection is (`<kind>:<profile id>`), so the tree keeps its expansion state and panels find it again. */
  readonly id: string;
  /** The id of its `ConnectionKind`. */
  readonly kind: string;
  /** What it offers, and so what `open` gives: an event store (aggregates, streams) or a broker (topics, queues). */
  readonly role: ConnectionRole;
  readonly label: string;
  /** Shown beside the label: a path or a masked connection string. */
  readonly description: string;
  /** Whether it is connected now (the Local store always is). */
  readonly isOpen: boolean;
  /** Whether the user can disconnect it (a server connection) or it is always at hand (the Local file). */
  readonly canDisconnect: boolean;
  close(): Promise<void>;
}

export type ConnectionRole = 'store' | 'broker';

/** A connection to an event store. `open` connects once; concurrent callers share the attempt. */
export interface StoreConnection extends Connection {
  readonly role: 'store';
  /** An aborted signal stops waiting, and stops the attempt itself when no other caller still waits for it. */
  open(signal?: AbortSignal): Promise<EventStore>;
}

/** A connection to a message broker: `open` gives its `Broker` role, connecting once like a store. */
export interface BrokerConnection extends Connection {
  readonly role: 'broker';
  open(signal?: AbortSignal): Promise<Broker>;
}

export function isStoreConnection(connection: Connection): connection is StoreConnection {
  return connection.role === 'store';
}

export function isBrokerConnection(connection: Connection): connection is BrokerConnection {
  return connection.role === 'broker';
}

/** What any connection opens to, by its role: what generic readers (search, sampler, trace) hold. */
export type OpenedSource = { role: 'store'; connection: StoreConnection; store: EventStore } | { role: 'broker'; connection: BrokerConnection; broker: Broker };

/** Opens any connection by its role, with no knowledge of its kind. */
export async function openSource(connection: Connection, signal?: AbortSignal): Promise<OpenedSource> {
  if (isStoreConnection(connection)) return { role: 'store', connection, store: await connection.open(signal) };
  if (isBrokerConnection(connection)) return { role: 'broker', connection, broker: await connection.open(signal) };
  throw new Error(`${connection.label} has no role this extension can open (${String(connection.role)}).`);
}

/** What reads a connection's figures for a sampler: its broker, or its store (one that counts nothing gives empty figures). */
export function figuresReaderOf(opened: OpenedSource): FiguresReader {
  if (opened.role === 'broker') return opened.broker;
  const store = opened.store;
  return { sampleFigures: (request, signal) => store.sampleFigures?.(request, signal) ?? Promise.resolve({ sources: [], groups: [] }) };
}

/** The event store of a connection; refused with the reason when it is a broker. */
export function openStoreOf(connection: Connection, signal?: AbortSignal): Promise<EventStore> {
  if (!isStoreConnection(connection)) return Promise.reject(new Error(`${connection.label} is a broker, not an event store.`));
  return connection.open(signal);
}

/** The broker of a connection; refused with the reason when it is an event store. */
export function openBrokerOf(connection: Connection, signal?: AbortSignal): Promise<Broker> {
  if (!isBrokerConnection(connection)) return Promise.reject(new Error(`${connection.label} is an event store, not a broker.`));
  return connection.open(signal);
}

/** The connection with this id among `connections`, or an error that says it is gone. */
export function connectionById(connections: readonly Connection[], id: string): Connection {
  const connection = connections.find((c) => c.id === id);
  if (!connection) throw new Error(`No saved connection has the id ${id}: it may have been removed.`);
  return connection;
}
