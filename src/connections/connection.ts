import type { EventStore } from '../connectors/eventStore';

/**
 * One root of the Connections tree, of any kind. What it connects to is opened on first use (drivers load
 * lazily) and reused until the connection is closed.
 */
export interface Connection {
  /** Stable: derived from what the connection is (`<kind>:<profile id>`), so the tree keeps its expansion state and panels find it again. */
  readonly id: string;
  /** The id of its `ConnectionKind`. */
  readonly kind: string;
  /** What it offers: an event store (aggregates, streams) or a broker (topics, queues). */
  readonly role: 'eventStore' | 'broker';
  readonly label: string;
  /** Shown beside the label: a path or a masked connection string. */
  readonly description: string;
  /** Whether it is connected now (the Local store always is). */
  readonly isOpen: boolean;
  /** Whether the user can disconnect it (a server connection) or it is always at hand (the Local file). */
  readonly canDisconnect: boolean;
  close(): Promise<void>;
}

/** A connection to an event store. `open` connects once; concurrent callers share the attempt. */
export interface StoreConnection extends Connection {
  readonly role: 'eventStore';
  /** An aborted signal stops waiting, and stops the attempt itself when no other caller still waits for it. */
  open(signal?: AbortSignal): Promise<EventStore>;
}

export function isStoreConnection(connection: Connection): connection is StoreConnection {
  return connection.role === 'eventStore';
}
