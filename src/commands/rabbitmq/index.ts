import { rabbitConnectionKind } from '../../connections/rabbitmq/rabbitKind';
import { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { rabbitTreeItems } from '../../explorer/rabbitmq/rabbitItems';
import { rabbitTree } from '../../explorer/rabbitmq/rabbitTree';
import { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import type { KindModuleFactory } from '../kindModule';
import { refreshCountsWhileVisible } from './countsRefresh';
import { registerRabbitConnectionCommands } from './rabbitConnectionCommands';
import { registerRabbitQueueCommands } from './rabbitQueueCommands';

/** Saved RabbitMQ brokers: profiles in settings, secrets in secret storage, the broker tree, their commands. */
export const rabbitKindModule: KindModuleFactory = ({ extension, log }) => {
  const profiles = new RabbitProfileStore(extension.secrets, log);
  return {
    connections: rabbitConnectionKind(profiles),
    tree: rabbitTree,
    items: rabbitTreeItems,
    register: (services) => {
      const documents = new MessageDocuments();
      return [documents, refreshCountsWhileVisible(services), ...registerRabbitConnectionCommands(services, profiles), ...registerRabbitQueueCommands(services, documents)];
    },
  };
};
