import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import { maskUrl, parseAmqpUrl, type RabbitOptions } from '../../connectors/rabbitmq/options';
import { ProfileConnection } from '../profileConnection';
import type { BrokerConnection } from '../connection';
import { rabbitOptionsOf, type RabbitProfile, type RabbitSecrets } from './rabbitProfile';

export const RABBIT_KIND = 'rabbitmq';

export interface RabbitConnectionServices {
  secrets(profileId: string): Promise<RabbitSecrets>;
  /** The CA and client certificate files the profile names, read when it connects. */
  readFiles(profile: RabbitProfile): Promise<{ ca?: string; cert?: string }>;
  /** Builds the broker; amqplib loads only when it first connects. */
  createBroker(options: RabbitOptions): RabbitBroker;
}

/**
 * A saved RabbitMQ broker: connects on first open (AMQP; the management API answers the tree), reconnects
 * after a failure.
 */
export class RabbitBrokerConnection extends ProfileConnection<RabbitProfile, RabbitBroker> implements BrokerConnection {
  readonly kind = RABBIT_KIND;
  readonly role = 'broker' as const;

  constructor(
    profile: RabbitProfile,
    private readonly services: RabbitConnectionServices,
  ) {
    super(profile);
  }

  get description(): string {
    let where = maskUrl(this.profile.amqpUrl);
    try {
      const endpoint = parseAmqpUrl(this.profile.amqpUrl);
      where = `${this.profile.username}@${endpoint.hostname}:${endpoint.port} ${endpoint.vhost}`;
    } catch {
      // The profile was checked when read; the masked URL is shown as it is otherwise.
    }
    return this.profile.production ? `${where} · production` : where;
  }

  /** Every write asks first on a broker marked production. */
  get confirmsWrites(): boolean {
    return this.profile.production;
  }

  open(signal?: AbortSignal): Promise<RabbitBroker> {
    return this.openConnector(signal);
  }

  protected async create(): Promise<RabbitBroker> {
    const [secrets, files] = await Promise.all([this.services.secrets(this.profile.id), this.services.readFiles(this.profile)]);
    return this.services.createBroker({ ...rabbitOptionsOf(this.profile, secrets, files), ...(this.identity ? { identity: this.identity } : {}) });
  }
}
