import { DocumentTargets } from '../documentTargets';
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
import type * as vscode from 'vscode';
import type { KafkaProfileStore } from '../../connections/kafka/kafkaProfileStore';
import type { CommandServices } from '../services';

export interface KafkaKindState {
  extension: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  profiles: KafkaProfileStore;
}

/** The Kafka kind's commands, documents, browsers and produce-document support. */
export function registerKafkaKindCommands(services: CommandServices, { extension, log, profiles }: KafkaKindState): vscode.Disposable[] {
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
}
