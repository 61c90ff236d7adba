import { KafkaBroker } from '../../connectors/kafka';
import type { ConnectionKind } from '../connectionKind';
import type { IdentityFor } from '../identitySetting';
import { KAFKA_KIND, KafkaClusterConnection, type KafkaConnectionServices } from './kafkaConnection';
import { readKafkaFiles, type KafkaProfileStore } from './kafkaProfileStore';

/** What a Kafka cluster connection needs: its secrets, its PEM files, and a broker (kafkajs loads on first connect). */
export function kafkaConnectionServices(profiles: Pick<KafkaProfileStore, 'secrets'>): KafkaConnectionServices {
  return {
    secrets: (id) => profiles.secrets(id),
    readFiles: readKafkaFiles,
    createBroker: (options) => new KafkaBroker(options),
  };
}

/** Saved Kafka clusters: one connection per profile in `eventFlows.kafka.clusters`. */
export function kafkaConnectionKind(profiles: KafkaProfileStore, identityFor: IdentityFor = () => undefined): ConnectionKind {
  const services = kafkaConnectionServices(profiles);
  return {
    id: KAFKA_KIND,
    title: 'Kafka cluster',
    settings: ['kafka.clusters', 'identity'],
    load: (report) =>
      profiles.read(report).map((profile) => {
        const connection = new KafkaClusterConnection(profile, services);
        connection.identity = identityFor(connection);
        return connection;
      }),
    sameAs: (connection) => (connection instanceof KafkaClusterConnection ? JSON.stringify([connection.profile, connection.identity]) : connection.id),
  };
}
