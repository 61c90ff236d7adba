import { MessageDocuments } from '../../panels/rabbitmq/messageDocuments';
import { DocumentTargets } from '../documentTargets';
import { refreshFiguresWhileVisible } from '../figuresRefresh';
import { RABBIT_KIND } from '../../connections/rabbitmq/rabbitConnection';
import { registerDeliveryLimitCommands } from './deliveryLimitCommands';
import { PublishDocumentSupport } from './publishDocumentSupport';
import { registerRabbitConnectionCommands } from './rabbitConnectionCommands';
import { registerRabbitDelayCommands } from './rabbitDelayCommands';
import { registerRabbitDeleteCommands } from './rabbitDeleteCommands';
import { RABBIT_PUBLISH_COMMANDS, registerRabbitPublishCommands } from './rabbitPublishCommands';
import { registerRabbitQueueCommands } from './rabbitQueueCommands';
import { registerRabbitTimelineCommands } from './rabbitTimelineCommands';
import { openFoundMessage, registerRabbitViewCommands } from './rabbitViewCommands';
import { RABBITMQ } from '../../connectors/rabbitmq/rabbitSource';
import type * as vscode from 'vscode';
import type { DeliveryLimitStore } from '../../connections/rabbitmq/deliveryLimitStore';
import type { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import type { CommandServices } from '../services';

export interface RabbitKindState {
  extension: vscode.ExtensionContext;
  profiles: RabbitProfileStore;
  deliveryLimits: DeliveryLimitStore;
}

/** The RabbitMQ kind's commands, documents, views and publish-document support. */
export function registerRabbitKindCommands(services: CommandServices, { extension, profiles, deliveryLimits }: RabbitKindState): vscode.Disposable[] {
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
}
