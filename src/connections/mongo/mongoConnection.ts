import { maskConnectionString } from '../../connectors/mongo/connectionString';
import type { IndexCheck, MongoEventStore } from '../../connectors/mongo/mongoEventStore';
import type { EventStore } from '../../connectors/eventStore';
import { ConnectAttempt } from '../connectAttempt';
import type { StoreConnection } from '../connection';
import type { MongoProfile } from './mongoProfile';

export const MONGO_KIND = 'mongo';

export interface MongoConnectionServices {
  password(profileId: string): Thenable<string | undefined>;
  /** Builds the store; the driver loads only when the store first connects. */
  createStore(profile: MongoProfile, password: string | undefined): MongoEventStore;
}

/** A saved MongoDB event store: connects on first open, checks its index once, reconnects after a failure. */
export class MongoStoreConnection implements StoreConnection {
  readonly kind = MONGO_KIND;
  readonly role = 'eventStore' as const;
  readonly canDisconnect = true;
  private readonly attempt = new ConnectAttempt((signal) => this.connect(signal));
  private index: IndexCheck | undefined;

  constructor(
    readonly profile: MongoProfile,
    private readonly services: MongoConnectionServices,
  ) {}

  get id(): string {
    return `mongo:${this.profile.id}`;
  }

  get label(): string {
    return this.profile.name;
  }

  get description(): string {
    return `${maskConnectionString(this.profile.connectionString)} · ${this.profile.database}.${this.profile.eventsCollection}`;
  }

  get isOpen(): boolean {
    return this.attempt.current !== undefined;
  }

  /** What the last index check found, once connected. */
  get indexCheck(): IndexCheck | undefined {
    return this.index;
  }

  open(signal?: AbortSignal): Promise<EventStore> {
    return this.openMongo(signal);
  }

  openMongo(signal?: AbortSignal): Promise<MongoEventStore> {
    return this.attempt.open(signal);
  }

  private async connect(signal: AbortSignal): Promise<MongoEventStore> {
    const password = await this.services.password(this.profile.id);
    const store = this.services.createStore(this.profile, password);
    try {
      await store.connect(signal);
      signal.throwIfAborted();
      this.index = await store.checkIndex();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async close(): Promise<void> {
    const store = await this.attempt.reset();
    this.index = undefined;
    await store?.close();
  }
}
