import { kafkaConnectionKind } from '../../connections/kafka/kafkaKind';
import { KafkaProfileStore } from '../../connections/kafka/kafkaProfileStore';
import { kafkaTreeItems } from '../../explorer/kafka/kafkaItems';
import { kafkaTree } from '../../explorer/kafka/kafkaTree';
import type { KindModuleFactory } from '../kindModule';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { kafkaSchemaSource } from './kafkaSchemaSource';
import { featuresModule } from '../../featuresLoader';

/** Saved Kafka clusters: profiles in settings, secrets in secret storage, the cluster tree, their commands. */
export const kafkaKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new KafkaProfileStore(extension.secrets, log);
  return {
    connections: kafkaConnectionKind(profiles, identityFor, kafkaSchemaSource(log)),
    tree: kafkaTree,
    items: kafkaTreeItems,
    add: { label: 'Kafka Cluster', detail: 'topics, partitions and consumer groups; browse without committing', command: KAFKA_COMMANDS.addKafkaConnection },
    // The commands load with the features, on first use (src/features.ts).
    register: (services) => featuresModule().kindCommands.kafka(services, { extension, log, profiles }),
  };
};
