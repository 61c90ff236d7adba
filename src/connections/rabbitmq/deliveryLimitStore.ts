import type * as vscode from 'vscode';
import { guardKey, type AtLimitRecord, type DeliveryLimitMemory } from '../../connectors/rabbitmq/deliveryLimitGuard';

/** The one `globalState` key: every broker's records, by connection id, vhost and queue. */
export const DELIVERY_LIMITS_STATE_KEY = 'eventFlows.rabbitmq.atDeliveryLimit';

type Stored = Record<string, AtLimitRecord>;

export interface RememberedQueue {
  connectionId: string;
  vhost: string;
  queue: string;
  record: AtLimitRecord;
}

function stateKey(connectionId: string, vhost: string, queue: string): string {
  return JSON.stringify([connectionId, vhost, queue]);
}

function isRecord(value: unknown): value is AtLimitRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { limit, messages } = value as Partial<AtLimitRecord>;
  return typeof limit === 'number' && Array.isArray(messages) && messages.every((m) => typeof m === 'string');
}

/**
 * What peeks left at a quorum queue's delivery limit, kept in VS Code's global state so it outlives a
 * Disconnect, a reconnect and a window reload: forgetting it would let the next peek dead-letter those
 * messages. Reads come from memory (a peek asks synchronously); every change is written through.
 */
export class DeliveryLimitStore {
  private readonly records: Stored;
  private readonly listeners = new Set<(connectionId: string) => void>();

  constructor(
    private readonly state: Pick<vscode.Memento, 'get' | 'update'>,
    private readonly onWriteError: (message: string) => void,
  ) {
    const stored = state.get<unknown>(DELIVERY_LIMITS_STATE_KEY);
    this.records = {};
    if (typeof stored === 'object' && stored !== null) {
      for (const [key, value] of Object.entries(stored)) if (isRecord(value)) this.records[key] = value;
    }
  }

  /** The memory one broker's connector uses. */
  forConnection(connectionId: string): DeliveryLimitMemory {
    return {
      get: (key) => this.records[JSON.stringify([connectionId, ...splitGuardKey(key)])],
      set: (key, record) => {
        const [vhost, queue] = splitGuardKey(key);
        this.set(connectionId, vhost, queue, record);
      },
    };
  }

  get(connectionId: string, vhost: string, queue: string): AtLimitRecord | undefined {
    return this.records[stateKey(connectionId, vhost, queue)];
  }

  /** Every queue with a record (for the palette's "forget" command), optionally of one broker. */
  list(connectionId?: string): RememberedQueue[] {
    return Object.entries(this.records)
      .map(([key, record]) => {
        const [id, vhost, queue] = JSON.parse(key) as [string, string, string];
        return { connectionId: id, vhost, queue, record };
      })
      .filter((entry) => connectionId === undefined || entry.connectionId === connectionId);
  }

  forget(connectionId: string, vhost: string, queue: string): boolean {
    const had = this.get(connectionId, vhost, queue) !== undefined;
    this.set(connectionId, vhost, queue, undefined);
    return had;
  }

  onDidChange(listener: (connectionId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private set(connectionId: string, vhost: string, queue: string, record: AtLimitRecord | undefined): void {
    const key = stateKey(connectionId, vhost, queue);
    const before = JSON.stringify(this.records[key] ?? null);
    if (record === undefined || record.messages.length === 0) delete this.records[key];
    else this.records[key] = { limit: record.limit, messages: [...record.messages] };
    if (JSON.stringify(this.records[key] ?? null) === before) return;
    this.state.update(DELIVERY_LIMITS_STATE_KEY, { ...this.records }).then(undefined, (error: unknown) => this.onWriteError(`Could not save which messages are at their delivery limit: ${String(error)}`));
    for (const listener of this.listeners) listener(connectionId);
  }
}

/** The connector's key (`vhost NUL queue`) back into its parts. */
function splitGuardKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  const parts: [string, string] = at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
  if (guardKey(...parts) !== key) throw new Error(`not a delivery-limit key: ${JSON.stringify(key)}`);
  return parts;
}
