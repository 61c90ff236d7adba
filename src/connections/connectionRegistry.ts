import { EventEmitter, type Disposable, type Event } from 'vscode';
import type { StoreConnection } from './storeConnection';

/** The connections the tree shows, in order. Only the Local store for now; saved profiles join it later. */
export class ConnectionRegistry implements Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private connections: StoreConnection[] = [];

  constructor(private readonly reportError: (message: string) => void) {}

  all(): readonly StoreConnection[] {
    return this.connections;
  }

  get(id: string): StoreConnection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  /** Replaces a connection with the same id (closing the old one) or adds it. */
  async set(connection: StoreConnection): Promise<void> {
    const index = this.connections.findIndex((c) => c.id === connection.id);
    if (index >= 0) {
      const old = this.connections[index];
      this.connections = this.connections.map((c, i) => (i === index ? connection : c));
      await old.close();
    } else {
      this.connections = [...this.connections, connection];
    }
    this.changed.fire();
  }

  /**
   * Makes the connections of one kind exactly `wanted`, in order after the others. A connection whose
   * `sameAs` key is unchanged is kept (and stays connected); the rest are closed.
   */
  async sync(kind: StoreConnection['kind'], wanted: StoreConnection[], sameAs: (c: StoreConnection) => string): Promise<void> {
    const old = this.connections.filter((c) => c.kind === kind);
    const kept = new Map(old.map((c) => [sameAs(c), c]));
    const next = wanted.map((c) => kept.get(sameAs(c)) ?? c);
    const dropped = old.filter((c) => !next.includes(c));
    this.connections = [...this.connections.filter((c) => c.kind !== kind), ...next];
    this.changed.fire();
    await Promise.all(dropped.map((c) => c.close()));
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }

  dispose(): void {
    this.changed.dispose();
    this.closeAll().catch((error: unknown) => this.reportError(`Could not close connections: ${String(error)}`));
  }
}
