import * as vscode from 'vscode';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import { connectionNode, type TreeNode } from '../../explorer/treeNode';
import type { MessageDocuments } from '../../panels/kafka/messageDocuments';
import { looksLikeDeadLetterTopic } from '../../connectors/kafka/deadLetters/deadLetterTopic';
import { kafkaExportRecords } from '../../connectors/kafka/messageText';
import { describeError } from '../../errors';
import { exportBrowse } from '../../panels/messageBrowser/browseExport';
import type { MessageActions, MessageBrowserPanel, MessageBrowserPanels } from '../../panels/messageBrowser/messageBrowserPanel';
import type { BrowseParameters, MessageRow } from '../../protocol/messageBrowser';
import { ask } from '../../ui/prompts';
import { CancelledError, withProgress } from '../../ui/progress';
import { COMMANDS } from '../../ui/commandIds';
import { registerCommand } from '../../ui/registerCommand';
import type { BusMessagesArgument } from '../busSources';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { openKafka, pickKafka } from './kafkaPick';
import { readOne, reproduceDocument } from './kafkaProduceCommands';
import { deadLetterSettings, type RepublishArguments } from './kafkaDeadLetterCommands';
import { openKeyTimeline } from './kafkaTimelineCommands';
import { recordSelection } from './kafkaRecordingCommands';

export interface BrowseTarget {
  topic: string;
  partition?: number;
  /** Starts this browse at once (otherwise the latest 100 of each partition). */
  parameters?: BrowseParameters;
}

/** Browse Messages: the message browser webview on a topic or one partition. */
export function registerKafkaBrowseCommands(services: CommandServices, panels: MessageBrowserPanels, documents: MessageDocuments): vscode.Disposable[] {
  return [
    registerCommand(services.log, KAFKA_COMMANDS.browseTopic, 'browse the topic', async (node?: TreeNode, given?: BrowseTarget): Promise<MessageBrowserPanel> => {
      const connection = await pickKafka(services, node);
      const topic = given?.topic ?? (node?.kind === 'kafkaTopic' ? node.topic.name : node?.kind === 'kafkaPartition' ? node.parent.topic.name : await ask({ title: 'Browse messages', prompt: 'Topic' }));
      const partition = given?.partition ?? (node?.kind === 'kafkaPartition' ? node.partition.partition : undefined);
      const broker = await openKafka(connection);
      const partitions = (await withProgress(`Reading the partitions of ${topic}`, (signal) => broker.partitions(topic, signal))).map((p) => p.partition);
      const parameters: BrowseParameters = given?.parameters ?? { mode: 'latest', count: 100, ...(partition === undefined ? {} : { partition }), filter: {} };
      const panel = panels.open({ connectionId: connection.id, clusterLabel: connection.label, topic, partitions, source: broker, actions: messageActions(services, connection, topic, documents) }, parameters);
      // Only topics named like dead-letter topics are sampled (as the tree does): each sample is a read of its own.
      if (looksLikeDeadLetterTopic(topic)) {
        const { originHeader } = deadLetterSettings();
        void broker
          .detectDeadLetters(topic, originHeader ? { originHeader } : {})
          .then((found) => (found.isDlt ? panel.markDeadLetters(Object.keys(found.origins)) : undefined))
          .catch((error: unknown) => services.log.warn(`Could not sample ${topic} for dead letters: ${describeError(error)}`));
      }
      return panel;
    }),
  ];
}

function messageActions(services: CommandServices, connection: KafkaClusterConnection, topic: string, documents: MessageDocuments): MessageActions {
  const read = (row: MessageRow, keepBytes = false) => readOne(connection, { topic, partition: row.partition, offset: row.offset }, { keepBytes });
  return {
    open: async (row) => documents.open(connection.label, await read(row)),
    compare: async (left, right, view) => documents.compare(connection.label, await read(left, view === 'hex'), await read(right, view === 'hex'), view),
    reproduce: async (row) => {
      const target = await vscode.window.showInputBox({ title: 'Produce again', prompt: 'To which topic', value: topic, ignoreFocusOut: true });
      if (target === undefined) throw new CancelledError();
      return reproduceDocument(await read(row), target);
    },
    timeline: async (row) => {
      if (row.key === null || row.key.startsWith('base64:')) throw new Error('this message has no text key to follow.');
      return openKeyTimeline(services, connection, { topic, key: row.key, partition: row.partition });
    },
    trace: async (row) => vscode.commands.executeCommand(COMMANDS.traceFlow, await read(row)),
    runThroughBus: async (rows) => {
      // The store keeps one-line previews only: each message is read again whole, as Open does.
      const messages = [];
      for (const row of rows) messages.push(await read(row));
      const label = rows.length === 1 ? `${topic} [${rows[0].partition}] @ ${rows[0].offset}` : `${rows.length} messages of ${topic}`;
      const arg: BusMessagesArgument = { source: 'messages', label, messages };
      return vscode.commands.executeCommand(COMMANDS.runEventsThroughBus, arg);
    },
    republish: async (positions) => {
      const args: RepublishArguments = { topic, positions };
      return vscode.commands.executeCommand(KAFKA_COMMANDS.republishDeadLetters, connectionNode(connection), args);
    },
    recordSelection: (positions, to) => recordSelection(services, connection, topic, positions, to),
    export: async (format, parameters) => {
      const uri = await vscode.window.showSaveDialog({
        title: `Export the browse of ${topic}`,
        saveLabel: 'Export',
        filters: format === 'csv' ? { CSV: ['csv'] } : { NDJSON: ['ndjson', 'jsonl'] },
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${topic}.${format}`) } : {}),
      });
      if (!uri) return undefined;
      const broker = await openKafka(connection);
      const written = await withProgress(`Exporting ${topic} to ${uri.fsPath}`, (signal, report) =>
        exportBrowse(broker, kafkaExportRecords, topic, parameters, uri.fsPath, format, { signal, onProgress: (n) => report(`${n.toLocaleString('en-US')} messages written`) }),
      );
      const message = `Exported ${written.toLocaleString('en-US')} messages of ${topic} to ${uri.fsPath}.`;
      services.log.info(message);
      return message;
    },
  };
}
