import type { KafkaBroker } from '../../connectors/kafka/kafkaBroker';
import { kafkaLabel } from '../../connectors/kafka/options';
import { ConnectAttempt } from '../connectAttempt';
import type { Connection } from '../connection';
import { kafkaOptionsOf, type KafkaProfile, type KafkaSecrets } from './kafkaProfile';

export const KAFKA_KIND = 'kafka';

export interface KafkaConnectionServices {
  secrets(profileId: string): Promise<KafkaSecrets>;
  /** The CA and client certificate files the profile names, read when it connects. */
  readFiles(profile: KafkaProfile): Promise<{ ca?: string; cert?: string }>;
  /** Builds the broker; kafkajs loads only when it first connects. */
  createBroker(options: ReturnType<typeof kafkaOptionsOf>): KafkaBroker;
}

/** A saved Kafka cluster: connects on first open (checking TLS and SASL), reconnects after a failure. */
export class KafkaClusterConnection implements Connection {
  readonly kind = KAFKA_KIND;
  readonly role = 'broker' as const;
  readonly canDisconnect = true;
  private readonly attempt = new ConnectAttempt((signal) => this.connect(signal));
  /** Internal topics (`__consumer_offsets`, …) are listed only when the user asks for them. */
  showInternalTopics = false;
  /** Each group's total lag as last loaded (newest last, at most 8): the tree shows its short trend. */
  readonly lagTrend = new Map<string, { at: number; total: bigint }[]>();

  recordLag(groupId: string, total: bigint, at = Date.now()): void {
    const points = this.lagTrend.get(groupId) ?? [];
    points.push({ at, total });
    if (points.length > 8) points.shift();
    this.lagTrend.set(groupId, points);
  }

  constructor(
    readonly profile: KafkaProfile,
    private readonly services: KafkaConnectionServices,
  ) {}

  get id(): string {
    return `kafka:${this.profile.id}`;
  }

  get label(): string {
    return this.profile.name;
  }

  get description(): string {
    const label = kafkaLabel({ bootstrapServers: this.profile.bootstrapServers, ...(this.profile.ssl?.enabled ? { ssl: {} } : {}), ...(this.profile.sasl ? { sasl: { ...this.profile.sasl, password: '' } } : {}) });
    return this.profile.production ? `${label} · production` : label;
  }

  get isOpen(): boolean {
    return this.attempt.current !== undefined;
  }

  /** Every write asks first on a cluster marked production. */
  get confirmsWrites(): boolean {
    return this.profile.production;
  }

  open(signal?: AbortSignal): Promise<KafkaBroker> {
    return this.attempt.open(signal);
  }

  private async connect(signal: AbortSignal): Promise<KafkaBroker> {
    const [secrets, files] = await Promise.all([this.services.secrets(this.profile.id), this.services.readFiles(this.profile)]);
    const broker = this.services.createBroker(kafkaOptionsOf(this.profile, secrets, files));
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
