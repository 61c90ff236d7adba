/**
 * Publish Sample Flow Across Systems: the chapter's first order through a Kafka cluster, a RabbitMQ broker
 * and an event store (each picked when there are several), then "Trace It". A system that is not connected
 * is named as missing and the others still get their part.
 */
import * as vscode from 'vscode';
import { CROSSING_TOPIC } from '../connectors/crossingSample';
import { publishCrossingSample, type CrossingPublished, type CrossingTargets } from '../connectors/crossingSamplePublish';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { confirmWrite as confirmKafkaWrite, isKafka, openKafka, pickKafka } from './kafka/kafkaPick';
import { openStore, pickStoreConnection } from './pickers';
import { confirmWrite as confirmRabbitWrite, isRabbit, openBroker, pickRabbit } from './rabbitmq/rabbitTargets';
import type { CommandServices } from './services';

export interface PublishedAcross extends CrossingPublished {
  missing: string[];
}

export function registerCrossingSampleCommand(services: CommandServices): vscode.Disposable {
  return registerCommand(services.log, COMMANDS.publishSampleFlow, 'publish the sample flow across systems', () => publishAcross(services));
}

async function publishAcross(services: CommandServices): Promise<PublishedAcross> {
  const all = services.connections.all();
  const missing: string[] = [];
  const kafka = all.some(isKafka) ? await pickKafka(services) : undefined;
  if (!kafka) missing.push('No Kafka cluster is connected, so the order was not recorded to Kafka (add one with "Event Flows: Add Kafka Cluster…").');
  const rabbit = all.some(isRabbit) ? await pickRabbit(services) : undefined;
  if (!rabbit) missing.push('No RabbitMQ broker is connected, so the order was not relayed, dead-lettered or retried (add one with "Event Flows: Add RabbitMQ Broker…").');
  const storeConnection = await pickStoreConnection(services);

  const targets: CrossingTargets = { store: await openStore(storeConnection) };
  if (kafka) {
    await confirmKafkaWrite(kafka, `Publish the sample order to ${CROSSING_TOPIC}`);
    targets.kafka = { broker: await openKafka(kafka) };
  }
  if (rabbit) {
    const broker = await openBroker(rabbit);
    await confirmRabbitWrite({ connection: rabbit, vhost: broker.vhost }, 'Declare the sample topology (if missing) and publish, reject and retry the sample order there?', 'Publish');
    targets.rabbit = { broker };
  }
  const result = await withProgress('Publishing the sample flow across systems', (signal, report) => publishCrossingSample(targets, { signal, step: (what) => report(what) }));
  for (const connection of [kafka, rabbit, storeConnection]) if (connection) services.tree.refreshConnection(connection.id);
  services.log.info(`Published order ${result.sample.orderId} (correlation ${result.sample.correlationId}): ${result.published.join('; ')}`);
  for (const line of missing) services.log.warn(line);
  const said = `Published order ${result.sample.orderId}: ${result.published.join('; ')}.${missing.length > 0 ? ` ${missing.join(' ')}` : ''}`;
  const show = missing.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(said, 'Trace It').then((choice) => (choice && result.first ? vscode.commands.executeCommand(COMMANDS.traceFlow, result.first) : undefined));
  return { ...result, missing };
}
