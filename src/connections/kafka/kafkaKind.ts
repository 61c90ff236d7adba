import { kindConnectors } from '../../connectorsLoader';
import type { ConnectionKind } from '../connectionKind';
import type { IdentityFor } from '../identitySetting';
import { KAFKA_KIND, KafkaClusterConnection, type KafkaConnectionServices } from './kafkaConnection';
import { readKafkaFiles, type KafkaProfileStore } from './kafkaProfileStore';
import type { KafkaSchemaSetting } from './schemaSetting';

/** Where the workspace schemas come from: the setting's entries (malformed ones reported), and how their files are read. */
export interface KafkaSchemaSource {
  entries(report: (problem: string) => void): readonly KafkaSchemaSetting[];
  read: KafkaConnectionServices['readSchemas'];
}

/** What a Kafka cluster connection needs: its secrets, its PEM files, its schema files, and a broker (kafkajs loads on first connect). */
export function kafkaConnectionServices(profiles: Pick<KafkaProfileStore, 'secrets'>, schemas?: KafkaSchemaSource): KafkaConnectionServices {
  return {
    secrets: (id) => profiles.secrets(id),
    readFiles: readKafkaFiles,
    ...(schemas?.read ? { readSchemas: schemas.read } : {}),
    createBroker: (options) => kindConnectors().kafka.createBroker(options),
  };
}

/** Saved Kafka clusters: one connection per profile in `eventFlows.kafka.clusters`. */
export function kafkaConnectionKind(profiles: KafkaProfileStore, identityFor: IdentityFor = () => undefined, schemas?: KafkaSchemaSource): ConnectionKind {
  const services = kafkaConnectionServices(profiles, schemas);
  return {
    id: KAFKA_KIND,
    title: 'Kafka cluster',
    settings: ['kafka.clusters', 'identity', 'kafka.schemas'],
    load: (report) => {
      const entries = schemas?.entries(report) ?? [];
      return profiles.read(report).map((profile) => {
        const connection = new KafkaClusterConnection(profile, services);
        connection.identity = identityFor(connection);
        connection.schemas = entries;
        return connection;
      });
    },
    sameAs: (connection) => (connection instanceof KafkaClusterConnection ? JSON.stringify([connection.profile, connection.identity, connection.schemas]) : connection.id),
  };
}
