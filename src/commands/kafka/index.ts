import { kafkaConnectionKind } from '../../connections/kafka/kafkaKind';
import { KafkaProfileStore } from '../../connections/kafka/kafkaProfileStore';
import { kafkaTreeItems } from '../../explorer/kafka/kafkaItems';
import { kafkaTree } from '../../explorer/kafka/kafkaTree';
import type { KindModuleFactory } from '../kindModule';
import { registerKafkaConnectionCommands } from './kafkaConnectionCommands';
import { MessageDocuments } from '../../panels/kafka/messageDocuments';
import { MessageBrowserPanels } from '../../panels/messageBrowser/messageBrowserPanel';
import { registerKafkaBrowseCommands } from './kafkaBrowseCommands';
import { registerKafkaGroupCommands } from './kafkaGroupCommands';
import { registerKafkaProduceCommands } from './kafkaProduceCommands';
import { registerKafkaTimelineCommands } from './kafkaTimelineCommands';
import { registerProduceDocumentSupport } from './produceDocumentSupport';
import { registerKafkaTopicCommands } from './kafkaTopicCommands';

/** Saved Kafka clusters: profiles in settings, secrets in secret storage, the cluster tree, their commands. */
export const kafkaKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new KafkaProfileStore(extension.secrets, log);
  return {
    connections: kafkaConnectionKind(profiles, identityFor),
    tree: kafkaTree,
    items: kafkaTreeItems,
    register: (services) => {
      const documents = new MessageDocuments();
      const browsers = new MessageBrowserPanels({ extensionUri: extension.extensionUri, log });
      return [
        documents,
        browsers,
        ...registerKafkaBrowseCommands(services, browsers, documents),
        ...registerKafkaGroupCommands(services, documents),
        documents.register(),
        ...registerKafkaConnectionCommands(services, profiles),
        ...registerKafkaTopicCommands(services),
        ...registerKafkaTimelineCommands(services),
        ...registerKafkaProduceCommands(services, documents),
        ...registerProduceDocumentSupport(),
      ];
    },
  };
};
