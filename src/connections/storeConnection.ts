import type { EventStore } from '../connectors/eventStore';

export type StoreConnectionKind = EventStore['kind'];

/**
 * One root of the Connections tree. The store behind it is opened on first use (drivers load lazily) and
 * reused until the connection is closed.
 */
export interface StoreConnection {
  /** Stable: derived from what the connection is, so the tree keeps its expansion state. */
  readonly id: string;
  readonly kind: StoreConnectionKind;
  readonly label: string;
  /** Shown beside the label: a path or a masked connection string. */
  readonly description: string;
  /** Whether a store is open now (the Local store always is). */
  readonly isOpen: boolean;
  open(): Promise<EventStore>;
  close(): Promise<void>;
}
