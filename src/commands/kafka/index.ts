import { kafkaConnectionKind } from '../../connections/kafka/kafkaKind';
import { KafkaProfileStore } from '../../connections/kafka/kafkaProfileStore';
import { kafkaTreeItems } from '../../explorer/kafka/kafkaItems';
import { kafkaTree } from '../../explorer/kafka/kafkaTree';
import { DocumentTargets } from '../documentTargets';
import type { KindModuleFactory } from '../kindModule';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { registerKafkaConnectionCommands } from './kafkaConnectionCommands';
import { MessageDocuments } from '../../panels/kafka/messageDocuments';
import { MessageBrowserPanels } from '../../panels/messageBrowser/messageBrowserPanel';
import { registerKafkaBrowseCommands } from './kafkaBrowseCommands';
import { registerKafkaGroupCommands } from './kafkaGroupCommands';
import { produceClusterFor, registerKafkaProduceCommands } from './kafkaProduceCommands';
import { ProduceSchemaLookup } from './produceSchemaLookup';
import { registerKafkaTimelineCommands } from './kafkaTimelineCommands';
import { registerProduceDocumentSupport } from './produceDocumentSupport';
import { registerKafkaTopicCommands } from './kafkaTopicCommands';
import { registerKafkaRecordingCommands } from './kafkaRecordingCommands';
import { registerKafkaDeadLetterCommands } from './kafkaDeadLetterCommands';
import { refreshFiguresWhileVisible } from '../figuresRefresh';
import { KAFKA_KIND } from '../../connections/kafka/kafkaConnection';
import { KAFKA } from '../../connectors/kafka/kafkaSource';
import { kafkaSchemaSource } from './kafkaSchemaSource';

/** Saved Kafka clusters: profiles in settings, secrets in secret storage, the cluster tree, their commands. */
export const kafkaKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new KafkaProfileStore(extension.secrets, log);
  return {
    connections: kafkaConnectionKind(profiles, identityFor, kafkaSchemaSource(log)),
    tree: kafkaTree,
    items: kafkaTreeItems,
    add: { label: 'Kafka Cluster', detail: 'topics, partitions and consumer groups; browse without committing', command: KAFKA_COMMANDS.addKafkaConnection },
    register: (services) => {
      const documents = new MessageDocuments();
      const browsers = new MessageBrowserPanels({ extensionUri: extension.extensionUri, log });
      const targets = new DocumentTargets();
      const schemas = new ProduceSchemaLookup();
      return [
        documents,
        targets,
        browsers,
        ...registerKafkaBrowseCommands(services, browsers, documents),
        ...registerKafkaGroupCommands(services, documents),
        documents.register(),
        // A record a search or a trace found opens as the message browser opens one.
        services.openers.add(KAFKA, (found, column) => documents.open(found.connectionLabel, found.event, column)),
        ...registerKafkaConnectionCommands(services, profiles),
        ...registerKafkaTopicCommands(services),
        ...registerKafkaRecordingCommands(services),
        ...registerKafkaDeadLetterCommands(services),
        refreshFiguresWhileVisible(services, { kind: KAFKA_KIND, setting: 'kafka.refreshSeconds', figures: 'lag and message counts' }),
        ...registerKafkaTimelineCommands(services),
        ...registerKafkaProduceCommands(services, documents, targets, schemas),
        ...registerProduceDocumentSupport({ targets, labelOf: (id) => services.connections.get(id)?.label, schemas, clusterFor: (uri) => produceClusterFor(services, targets, uri) }),
      ];
    },
  };
};
