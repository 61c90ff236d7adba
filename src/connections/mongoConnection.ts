import { maskConnectionString } from '../connectors/mongo/connectionString';
import type { IndexCheck, MongoEventStore } from '../connectors/mongo/mongoEventStore';
import type { EventStore } from '../connectors/eventStore';
import type { MongoProfile } from './mongoProfile';
import type { StoreConnection } from './storeConnection';

export interface MongoConnectionServices {
  password(profileId: string): Thenable<string | undefined>;
  /** Builds the store; the connector module (and with it the driver) loads only here. */
  createStore(profile: MongoProfile, password: string | undefined): Promise<MongoEventStore>;
}

/** A saved MongoDB event store: connects on first open, checks its index once, reconnects after a failure. */
export class MongoStoreConnection implements StoreConnection {
  readonly kind = 'mongo' as const;
  private store: MongoEventStore | undefined;
  private opening: Promise<MongoEventStore> | undefined;
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
    return this.store !== undefined;
  }

  /** What the last index check found, once connected. */
  get indexCheck(): IndexCheck | undefined {
    return this.index;
  }

  open(): Promise<EventStore> {
    return this.openMongo();
  }

  openMongo(): Promise<MongoEventStore> {
    if (this.store) {
      return Promise.resolve(this.store);
    }
    this.opening ??= this.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async connect(): Promise<MongoEventStore> {
    const password = await this.services.password(this.profile.id);
    const store = await this.services.createStore(this.profile, password);
    try {
      await store.connect();
      this.index = await store.checkIndex();
    } catch (error) {
      await store.close();
      throw error;
    }
    this.store = store;
    return store;
  }

  async close(): Promise<void> {
    const store = this.store ?? (await this.opening?.catch(() => undefined));
    this.store = undefined;
    this.index = undefined;
    await store?.close();
  }
}
