import * as vscode from 'vscode';
import type { KafkaBroker } from '../../connectors/kafka';
import { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { Connection } from '../../connections/connection';
import type { TreeNode } from '../../explorer/treeNode';
import { isPreconfirmed } from '../../ui/confirmation';
import { CancelledError, withProgress } from '../../ui/progress';
import { pickConnection } from '../pickers';
import type { CommandServices } from '../services';

export function isKafka(connection: Connection): connection is KafkaClusterConnection {
  return connection instanceof KafkaClusterConnection;
}

/** The Kafka cluster a command acts on: the node's, the only one, or the user's choice. */
export function pickKafka(services: CommandServices, node?: TreeNode): Promise<KafkaClusterConnection> {
  return pickConnection(services, node, isKafka, 'Choose a Kafka cluster', 'there is no Kafka cluster yet: add one with "Event Flows: Add Kafka Cluster…".');
}

/** The cluster's broker, connecting first under a notification whose Cancel stops the attempt. */
export function openKafka(connection: KafkaClusterConnection): Promise<KafkaBroker> {
  if (connection.isOpen) return connection.open();
  return withProgress(`Connecting to ${connection.label}…`, (signal) => connection.open(signal));
}

/**
 * On a cluster marked production, every write asks first, naming the cluster; elsewhere it runs at once.
 * Only the extension's own callers skip the question, with a `preconfirm` token (never a `true` from arguments).
 */
export async function confirmWrite(connection: KafkaClusterConnection, what: string, confirmed?: unknown): Promise<void> {
  if (!connection.confirmsWrites || isPreconfirmed(confirmed)) return;
  const answer = await vscode.window.showWarningMessage(`${connection.label} is a production cluster. ${what} on ${connection.label}?`, { modal: true, detail: `Cluster: ${connection.label} (${connection.description})` }, 'Go Ahead');
  if (answer !== 'Go Ahead') throw new CancelledError();
}
