import { EventEmitter, type Disposable, type Event } from 'vscode';
import { connectionById, openBrokerOf, openSource, openStoreOf, type Connection, type OpenedSource } from './connection';
import type { Broker } from '../connectors/broker';
import type { EventStore } from '../connectors/eventStore';
import type { ConnectionKind } from './connectionKind';

/**
 * The connections the tree shows, kind by kind in the order the kinds were given. Changes take effect at
 * once; connections that drop out are closed in the background (a failure is reported).
 */
export class ConnectionRegistry implements Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly byKind = new Map<string, Connection[]>();

  constructor(
    private readonly kinds: readonly ConnectionKind[],
    private readonly reportError: (message: string) => void,
  ) {
    for (const kind of kinds) this.byKind.set(kind.id, []);
  }

  all(): readonly Connection[] {
    return [...this.byKind.values()].flat();
  }

  /** The connection with this stable id, without connecting anything. */
  get(id: string): Connection | undefined {
    return this.all().find((c) => c.id === id);
  }

  /** The saved connection `id`, opened by its role: an event store or a broker, whatever its kind. */
  async open(id: string, signal?: AbortSignal): Promise<OpenedSource> {
    return openSource(connectionById(this.all(), id), signal);
  }

  /** The event store of connection `id`; refused with the reason when that connection is a broker. */
  async openStore(id: string, signal?: AbortSignal): Promise<EventStore> {
    return openStoreOf(connectionById(this.all(), id), signal);
  }

  /** The broker of connection `id`; refused with the reason when that connection is an event store. */
  async openBroker(id: string, signal?: AbortSignal): Promise<Broker> {
    return openBrokerOf(connectionById(this.all(), id), signal);
  }

  kind(id: string): ConnectionKind | undefined {
    return this.kinds.find((k) => k.id === id);
  }

  /** Reloads every kind whose settings are among `changedSettings` (all kinds when absent). */
  reload(report: (problem: string) => void, affects: (setting: string) => boolean = () => true): void {
    let any = false;
    for (const kind of this.kinds) {
      if (kind.settings.some((setting) => affects(`eventFlows.${setting}`))) {
        this.sync(kind, kind.load(report));
        any = true;
      }
    }
    if (any) this.changed.fire();
  }

  /** Loads one kind's connections again (after a command changed what it keeps, say). */
  reloadKind(kindId: string, report: (problem: string) => void): void {
    const kind = this.kind(kindId);
    if (!kind) return;
    this.sync(kind, kind.load(report));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.closeInBackground(this.all());
  }

  /** Makes the connections of one kind exactly `wanted`; one whose `sameAs` key is unchanged is kept as it is. */
  private sync(kind: ConnectionKind, wanted: Connection[]): void {
    const old = this.byKind.get(kind.id) ?? [];
    const kept = new Map(old.map((c) => [kind.sameAs(c), c]));
    const next = wanted.map((c) => kept.get(kind.sameAs(c)) ?? c);
    this.byKind.set(kind.id, next);
    this.closeInBackground(old.filter((c) => !next.includes(c)));
  }

  private closeInBackground(connections: readonly Connection[]): void {
    for (const connection of connections) {
      connection.close().catch((error: unknown) => this.reportError(`Could not close ${connection.label}: ${String(error)}`));
    }
  }
}
