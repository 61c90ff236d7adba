import { maskConnectionString } from '../../connectors/mongo/connectionString';
import type { IndexCheck, MongoEventStore } from '../../connectors/mongo/mongoEventStore';
import type { EventStore } from '../../connectors/eventStore';
import type { IdentityRules } from '../../core/identity';
import { ProfileConnection } from '../profileConnection';
import type { StoreConnection } from '../connection';
import type { MongoProfile } from './mongoProfile';

export const MONGO_KIND = 'mongo';

export interface MongoConnectionServices {
  password(profileId: string): Thenable<string | undefined>;
  /** Builds the store; the driver loads only when the store first connects. */
  createStore(profile: MongoProfile, password: string | undefined, identity?: IdentityRules): MongoEventStore;
}

/** A saved MongoDB event store: connects on first open, checks its index once, reconnects after a failure. */
export class MongoStoreConnection extends ProfileConnection<MongoProfile, MongoEventStore> implements StoreConnection {
  readonly kind = MONGO_KIND;
  readonly role = 'store' as const;
  private index: IndexCheck | undefined;

  constructor(
    profile: MongoProfile,
    private readonly services: MongoConnectionServices,
  ) {
    super(profile);
  }

  get description(): string {
    return `${maskConnectionString(this.profile.connectionString)} · ${this.profile.database}.${this.profile.eventsCollection}`;
  }

  /** What the last index check found, once connected. */
  get indexCheck(): IndexCheck | undefined {
    return this.index;
  }

  open(signal?: AbortSignal): Promise<EventStore> {
    return this.openConnector(signal);
  }

  openMongo(signal?: AbortSignal): Promise<MongoEventStore> {
    return this.openConnector(signal);
  }

  protected async create(): Promise<MongoEventStore> {
    return this.services.createStore(this.profile, await this.services.password(this.profile.id), this.identity);
  }

  protected override async afterConnect(store: MongoEventStore): Promise<void> {
    this.index = await store.checkIndex();
  }

  protected override forget(): void {
    this.index = undefined;
  }
}
