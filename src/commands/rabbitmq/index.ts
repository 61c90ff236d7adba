import { rabbitConnectionKind } from '../../connections/rabbitmq/rabbitKind';
import { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { rabbitTreeItems } from '../../explorer/rabbitmq/rabbitItems';
import { rabbitTree } from '../../explorer/rabbitmq/rabbitTree';
import { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import type { KindModuleFactory } from '../kindModule';
import { refreshCountsWhileVisible } from './countsRefresh';
import { PublishDocumentSupport } from './publishDocumentSupport';
import { registerRabbitConnectionCommands } from './rabbitConnectionCommands';
import { registerRabbitDelayCommands } from './rabbitDelayCommands';
import { registerRabbitDeleteCommands } from './rabbitDeleteCommands';
import { RABBIT_PUBLISH_COMMANDS, registerRabbitPublishCommands } from './rabbitPublishCommands';
import { registerRabbitQueueCommands } from './rabbitQueueCommands';
import { registerRabbitTimelineCommands } from './rabbitTimelineCommands';
import { registerRabbitViewCommands } from './rabbitViewCommands';

/** Saved RabbitMQ brokers: profiles in settings, secrets in secret storage, the broker tree, their commands. */
export const rabbitKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new RabbitProfileStore(extension.secrets, log);
  return {
    connections: rabbitConnectionKind(profiles, identityFor),
    tree: rabbitTree,
    items: rabbitTreeItems,
    register: (services) => {
      const documents = new MessageDocuments();
      const publishSupport = new PublishDocumentSupport(RABBIT_PUBLISH_COMMANDS.publishDocument);
      return [
        documents,
        publishSupport,
        refreshCountsWhileVisible(services),
        ...registerRabbitConnectionCommands(services, profiles),
        ...registerRabbitQueueCommands(services, documents),
        ...registerRabbitPublishCommands(services, publishSupport),
        ...registerRabbitTimelineCommands(services, profiles),
        ...registerRabbitDelayCommands(services),
        ...registerRabbitDeleteCommands(services),
        ...registerRabbitViewCommands(services, documents, extension.extensionUri),
      ];
    },
  };
};
