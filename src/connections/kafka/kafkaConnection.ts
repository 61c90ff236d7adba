import type { KafkaBroker } from '../../connectors/kafka/kafkaBroker';
import { kafkaLabel } from '../../connectors/kafka/options';
import { ProfileConnection } from '../profileConnection';
import type { BrokerConnection } from '../connection';
import type { TopicSchema } from '../../connectors/kafka/decoding/topicDecoders';
import type { RegistrySettings } from '../../connectors/kafka/decoding/schemaRegistry';
import { kafkaOptionsOf, type KafkaProfile, type KafkaSecrets } from './kafkaProfile';
import type { KafkaSchemaSetting } from './schemaSetting';

export const KAFKA_KIND = 'kafka';

export interface KafkaConnectionServices {
  secrets(profileId: string): Promise<KafkaSecrets>;
  /** The CA and client certificate files the profile names, read when it connects. */
  readFiles(profile: KafkaProfile): Promise<{ ca?: string; cert?: string }>;
  /** The workspace schema files the entries name, read when it connects (problems are reported there). */
  readSchemas?(entries: readonly KafkaSchemaSetting[]): Promise<TopicSchema[]>;
  /** Builds the broker; kafkajs loads only when it first connects. */
  createBroker(options: ReturnType<typeof kafkaOptionsOf>): KafkaBroker;
}

/** A saved Kafka cluster: connects on first open (checking TLS and SASL), reconnects after a failure. */
export class KafkaClusterConnection extends ProfileConnection<KafkaProfile, KafkaBroker> implements BrokerConnection {
  readonly kind = KAFKA_KIND;
  readonly role = 'broker' as const;
  /** Internal topics (`__consumer_offsets`, …) are listed only when the user asks for them. */
  showInternalTopics = false;
  /** Each group's total lag each time it changed (newest last, at most 8): the tree shows its short trend. */
  readonly lagTrend = new Map<string, { at: number; total: bigint }[]>();

  /** Groups whose offsets were read and found to have no commit at all: they have no lag, not a lag of 0. */
  readonly withoutCommits = new Set<string>();

  /** `eventFlows.kafka.schemas` as it was when the connection was made (a change makes a new connection). */
  schemas: readonly KafkaSchemaSetting[] = [];

  recordLag(groupId: string, total: bigint, at = Date.now()): void {
    this.withoutCommits.delete(groupId);
    const points = this.lagTrend.get(groupId) ?? [];
    // Read again on the interval, an unchanged total would fill the trend with repeats: a point per change.
    if (points.at(-1)?.total === total) return;
    points.push({ at, total });
    if (points.length > 8) points.shift();
    this.lagTrend.set(groupId, points);
  }

  constructor(
    profile: KafkaProfile,
    private readonly services: KafkaConnectionServices,
  ) {
    super(profile);
  }

  get description(): string {
    const label = kafkaLabel({ bootstrapServers: this.profile.bootstrapServers, ...(this.profile.ssl?.enabled ? { ssl: {} } : {}), ...(this.profile.sasl ? { sasl: { ...this.profile.sasl, password: '' } } : {}) });
    return this.profile.production ? `${label} · production` : label;
  }

  /** Every write asks first on a cluster marked production. */
  get confirmsWrites(): boolean {
    return this.profile.production;
  }

  /** The cluster's schema registry with its password from secret storage, or undefined when it has none. */
  async registrySettings(): Promise<RegistrySettings | undefined> {
    const registry = this.profile.schemaRegistry;
    if (!registry) return undefined;
    const { schemaRegistryPassword } = await this.services.secrets(this.profile.id);
    return { url: registry.url, ...(registry.username === undefined ? {} : { username: registry.username }), ...(schemaRegistryPassword === undefined ? {} : { password: schemaRegistryPassword }) };
  }

  open(signal?: AbortSignal): Promise<KafkaBroker> {
    return this.openConnector(signal);
  }

  protected async create(): Promise<KafkaBroker> {
    const [secrets, files, schemas] = await Promise.all([
      this.services.secrets(this.profile.id),
      this.services.readFiles(this.profile),
      this.schemas.length > 0 && this.services.readSchemas ? this.services.readSchemas(this.schemas) : Promise.resolve([]),
    ]);
    const options = kafkaOptionsOf(this.profile, secrets, files);
    const decoding = schemas.length > 0 || options.decoding ? { decoding: { ...options.decoding, ...(schemas.length > 0 ? { schemas } : {}) } } : {};
    return this.services.createBroker({ ...options, ...decoding, ...(this.identity ? { identity: this.identity } : {}) });
  }
}
