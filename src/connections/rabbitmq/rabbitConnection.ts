import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import { maskUrl, parseAmqpUrl, type RabbitOptions } from '../../connectors/rabbitmq/options';
import { ConnectAttempt } from '../connectAttempt';
import type { Connection } from '../connection';
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
export class RabbitBrokerConnection implements Connection {
  readonly kind = RABBIT_KIND;
  readonly role = 'broker' as const;
  readonly canDisconnect = true;
  private readonly attempt = new ConnectAttempt((signal) => this.connect(signal));

  constructor(
    readonly profile: RabbitProfile,
    private readonly services: RabbitConnectionServices,
  ) {}

  get id(): string {
    return `${RABBIT_KIND}:${this.profile.id}`;
  }

  get label(): string {
    return this.profile.name;
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

  get isOpen(): boolean {
    return this.attempt.current !== undefined;
  }

  /** Every write asks first on a broker marked production. */
  get confirmsWrites(): boolean {
    return this.profile.production;
  }

  open(signal?: AbortSignal): Promise<RabbitBroker> {
    return this.attempt.open(signal);
  }

  private async connect(signal: AbortSignal): Promise<RabbitBroker> {
    const [secrets, files] = await Promise.all([this.services.secrets(this.profile.id), this.services.readFiles(this.profile)]);
    const broker = this.services.createBroker(rabbitOptionsOf(this.profile, secrets, files));
    try {
      await broker.connect(signal);
    } catch (error) {
      await broker.close();
      throw error;
    }
    return broker;
  }

  async close(): Promise<void> {
    const broker = await this.attempt.reset();
    await broker?.close();
  }
}
