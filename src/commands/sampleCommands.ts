import { randomInt } from 'node:crypto';
import * as vscode from 'vscode';
import { publishedWhat, samplesForStore } from '../connectors/sampleOrders';
import { plural } from '../core/plural';
import type { SampleFlow } from '../core/samples';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { registerCrossingSampleCommand } from './crossingSampleCommand';
import { openStore, pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

export interface PublishedSamples {
  aggregates: string[];
  events: number;
}

export function registerSampleCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.publishSampleEvents, 'publish sample events', (node?: TreeNode) => publishSamples(services, node, 'sample')),
    // The source chapter's own flow: its event names and data, uuid4 ids, ItemAdded { item, price }.
    registerCommand(services.log, COMMANDS.publishChapterSampleEvents, "publish the chapter's sample events", (node?: TreeNode) =>
      publishSamples(services, node, 'chapter'),
    ),
    registerCrossingSampleCommand(services),
  ];
}

async function publishSamples(services: CommandServices, node: TreeNode | undefined, flow: SampleFlow): Promise<PublishedSamples> {
  const connection = await pickStoreConnection(services, node);
  const store = await openStore(connection);
  const samples = await samplesForStore(store, {
    orders: services.settings().sampleOrders,
    // A fresh seed gives fresh event ids on every publish; the flows end about now.
    seed: randomInt(1, 2 ** 31),
    start: new Date(Date.now() - 60 * 60 * 1000),
    flow,
  });
  const published = await withProgress(`Publishing ${publishedWhat(flow, samples.length)} to ${connection.label}`, async (signal, report) => {
    let events = 0;
    for (const [i, sample] of samples.entries()) {
      if (signal.aborted) {
        break;
      }
      await store.append(sample.aggregateId, sample.aggregateType, sample.events, 0, signal);
      events += sample.events.length;
      report(`${sample.aggregateId} (${i + 1} of ${samples.length})`, 100 / samples.length);
    }
    return { aggregates: samples.map((s) => s.aggregateId), events };
  });
  const what = publishedWhat(flow, published.aggregates.length);
  services.log.info(`Published ${what} (${plural(published.events, 'event')}) to ${store.label}`);
  services.tree.refreshConnection(connection.id);
  void vscode.window
    .showInformationMessage(`Published ${what} (${plural(published.events, 'event')}) to ${connection.label}.`, 'Open Timeline')
    .then((choice) => (choice ? vscode.commands.executeCommand(COMMANDS.openTimeline) : undefined));
  return published;
}
