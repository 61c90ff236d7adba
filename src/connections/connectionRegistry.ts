import { EventEmitter, type Disposable, type Event } from 'vscode';
import type { StoreConnection } from './storeConnection';

/**
 * The connections the tree shows, in order: the Local store, then saved MongoDB profiles. Changes take
 * effect at once; connections that drop out are closed in the background (a failure is reported).
 */
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
  set(connection: StoreConnection): void {
    const index = this.connections.findIndex((c) => c.id === connection.id);
    const old = index >= 0 ? this.connections[index] : undefined;
    this.connections = old ? this.connections.map((c, i) => (i === index ? connection : c)) : [...this.connections, connection];
    this.changed.fire();
    if (old) this.closeInBackground([old]);
  }

  /**
   * Makes the connections of one kind exactly `wanted`, in order after the others. A connection whose
   * `sameAs` key is unchanged is kept (and stays connected); the rest are closed.
   */
  sync(kind: StoreConnection['kind'], wanted: StoreConnection[], sameAs: (c: StoreConnection) => string): void {
    const old = this.connections.filter((c) => c.kind === kind);
    const kept = new Map(old.map((c) => [sameAs(c), c]));
    const next = wanted.map((c) => kept.get(sameAs(c)) ?? c);
    this.connections = [...this.connections.filter((c) => c.kind !== kind), ...next];
    this.changed.fire();
    this.closeInBackground(old.filter((c) => !next.includes(c)));
  }

  dispose(): void {
    this.changed.dispose();
    this.closeInBackground(this.connections);
  }

  private closeInBackground(connections: readonly StoreConnection[]): void {
    for (const connection of connections) {
      connection.close().catch((error: unknown) => this.reportError(`Could not close ${connection.label}: ${String(error)}`));
    }
  }
}
