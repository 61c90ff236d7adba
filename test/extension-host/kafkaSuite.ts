// The set-up the Kafka extension-host suites share: the extension activated, the rig's Kafka checked, and
// the suite's topics and saved clusters removed afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Kafka, logLevel } from 'kafkajs';
import type { EventFlowsApi } from '../../src/extension';
import type { ConnectionNode } from '../../src/explorer/treeNode';
import { host, kafka } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { portOpen, waitForRoot } from './kafkaSupport';
import { ourExtension } from './manifest';

export interface KafkaSuite {
  /** The test's own client of the rig's Kafka, for producing and reading back beside the extension. */
  readonly raw: Kafka;
  /** The extension's API, once the suite's `before` has activated it. */
  api(): EventFlowsApi;
  /**
   * Saves the rig's Kafka as the cluster `name` through the command, waits for its root in the tree and creates
   * `topics` (name: partitions) there through the tree's command, in their order.
   */
  addCluster(name: string, topics: Readonly<Record<string, number>>): Promise<ConnectionNode>;
}

/**
 * Registers the before and after hooks in the calling `describe`: before, activates the extension and skips
 * (or fails, on the rig) when the rig's Kafka does not answer; after, deletes `topics` and forgets every
 * saved Kafka cluster.
 */
export function useKafkaSuite(purpose: string, clientId: string, topics: readonly string[]): KafkaSuite {
  const raw = new Kafka({ clientId, brokers: [...kafka.brokers], logLevel: logLevel.NOTHING });
  let api: EventFlowsApi | undefined;

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    const open = await portOpen(kafka.port);
    skipOrFailWithoutRig(this, purpose, open ? undefined : `the test rig's Kafka on ${host}:${kafka.port} does not answer; run npm run services:up`);
  });

  after(async () => {
    const admin = raw.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
    await admin.disconnect();
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.clusters', undefined, vscode.ConfigurationTarget.Global);
  });

  const activated = (): EventFlowsApi => {
    if (!api) throw new Error('the extension is not activated yet');
    return api;
  };

  return {
    raw,
    api: activated,
    addCluster: async (name, topics) => {
      const id = await vscode.commands.executeCommand<string>('eventFlows.addKafkaConnection', { name, bootstrapServers: [...kafka.brokers] });
      assert.ok(id, 'the cluster was not saved');
      const root = await waitForRoot(activated(), name);
      for (const [topic, partitions] of Object.entries(topics)) {
        await vscode.commands.executeCommand('eventFlows.kafka.createTopic', root, { name: topic, partitions, replicationFactor: 1 });
      }
      return root;
    },
  };
}
