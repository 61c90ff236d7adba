import { randomInt } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventStore } from '../connectors/eventStore';
import { allAggregates } from '../connectors/eventStoreReads';
import { sampleOrderFlows, type SampleAggregate } from '../core/samples';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

export interface PublishedSamples {
  aggregates: string[];
  events: number;
}

export function registerSampleCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.publishSampleEvents, 'publish sample events', async (node?: TreeNode) => {
      const connection = await pickStoreConnection(services, node);
      const store = await connection.open();
      const samples = await renumberAfterExisting(store, sampleOrderFlows({
        orders: services.settings().sampleOrders,
        // A fresh seed gives fresh event ids on every publish; the flows end about now.
        seed: randomInt(1, 2 ** 31),
        start: new Date(Date.now() - 60 * 60 * 1000),
      }));
      const published = await withProgress(`Publishing sample events to ${connection.label}`, async (signal, report) => {
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
      services.log.info(`Published ${published.events} sample events in ${published.aggregates.length} orders to ${store.label}`);
      services.tree.refreshConnection(connection.id);
      void vscode.window
        .showInformationMessage(`Published ${published.aggregates.length} sample orders (${published.events} events) to ${connection.label}.`, 'Open Timeline')
        .then((choice) => (choice ? vscode.commands.executeCommand(COMMANDS.openTimeline) : undefined));
      return published;
    }),
  ];
}

/** Publishing again adds new orders after the highest existing number instead of failing on Order-1001. */
async function renumberAfterExisting(store: EventStore, samples: SampleAggregate[]): Promise<SampleAggregate[]> {
  const existing = new Set<string>();
  let highest = 0;
  const types = new Set(samples.map((s) => s.aggregateType));
  for (const type of types) {
    for await (const page of allAggregates(store, { type, pageSize: 1000 })) {
      for (const aggregate of page) {
        existing.add(aggregate.id);
        const number = /-(\d+)$/.exec(aggregate.id);
        highest = number ? Math.max(highest, Number(number[1])) : highest;
      }
    }
  }
  if (!samples.some((s) => existing.has(s.aggregateId))) {
    return samples;
  }
  return samples.map((sample, i) => ({ ...sample, aggregateId: `${sample.aggregateType}-${highest + 1 + i}` }));
}
