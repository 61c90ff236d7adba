import { DeliveryLimitStore } from '../../connections/rabbitmq/deliveryLimitStore';
import { rabbitConnectionKind } from '../../connections/rabbitmq/rabbitKind';
import { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { rabbitTreeItems } from '../../explorer/rabbitmq/rabbitItems';
import { rabbitTree } from '../../explorer/rabbitmq/rabbitTree';
import { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import { DocumentTargets } from '../documentTargets';
import type { KindModuleFactory } from '../kindModule';
import { refreshFiguresWhileVisible } from '../figuresRefresh';
import { RABBIT_KIND } from '../../connections/rabbitmq/rabbitConnection';
import { registerDeliveryLimitCommands } from './deliveryLimitCommands';
import { PublishDocumentSupport } from './publishDocumentSupport';
import { RABBIT_COMMANDS } from './rabbitCommandIds';
import { registerRabbitConnectionCommands } from './rabbitConnectionCommands';
import { registerRabbitDelayCommands } from './rabbitDelayCommands';
import { registerRabbitDeleteCommands } from './rabbitDeleteCommands';
import { RABBIT_PUBLISH_COMMANDS, registerRabbitPublishCommands } from './rabbitPublishCommands';
import { registerRabbitQueueCommands } from './rabbitQueueCommands';
import { registerRabbitTimelineCommands } from './rabbitTimelineCommands';
import { openFoundMessage, registerRabbitViewCommands } from './rabbitViewCommands';
import { RABBITMQ } from '../../connectors/rabbitmq/rabbitSource';

/** Saved RabbitMQ brokers: profiles in settings, secrets in secret storage, the broker tree, their commands. */
export const rabbitKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new RabbitProfileStore(extension.secrets, log);
  const deliveryLimits = new DeliveryLimitStore(extension.globalState, (message) => log.error(message));
  return {
    connections: rabbitConnectionKind(profiles, deliveryLimits, identityFor),
    tree: rabbitTree,
    items: rabbitTreeItems((connectionId, vhost, queue) => deliveryLimits.get(connectionId, vhost, queue)),
    add: { label: 'RabbitMQ Broker', detail: 'exchanges, queues and bindings; peek without losing messages', command: RABBIT_COMMANDS.addRabbitConnection },
    register: (services) => {
      const documents = new MessageDocuments();
      const targets = new DocumentTargets();
      const publishSupport = new PublishDocumentSupport(RABBIT_PUBLISH_COMMANDS.publishDocument, targets, (id) => services.connections.get(id)?.label);
      return [
        documents,
        targets,
        publishSupport,
        // A message a search or a trace found opens as the peek opens one.
        services.openers.add(RABBITMQ, (found, column) => openFoundMessage(documents, found.event, column)),
        refreshFiguresWhileVisible(services, { kind: RABBIT_KIND, setting: 'rabbitmq.refreshSeconds', figures: 'queue counts' }),
        ...registerDeliveryLimitCommands(services, deliveryLimits),
        ...registerRabbitConnectionCommands(services, profiles),
        ...registerRabbitQueueCommands(services, documents),
        ...registerRabbitPublishCommands(services, publishSupport, targets),
        ...registerRabbitTimelineCommands(services, profiles),
        ...registerRabbitDelayCommands(services),
        ...registerRabbitDeleteCommands(services),
        ...registerRabbitViewCommands(services, documents, extension.extensionUri),
      ];
    },
  };
};
