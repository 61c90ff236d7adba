import * as vscode from 'vscode';
import type { Snapshot } from '../connectors/eventStore';
import { readWholeStream } from '../connectors/eventStoreReads';
import { chooseReducer } from '../core/reducers';
import { replayAll } from '../core/replay';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { pickAggregate } from './pickers';
import type { CommandServices } from './services';

/**
 * Take Snapshot: replays an aggregate with its reducer and stores the state at its current version, so the
 * timeline (and any reader) can start replay there instead of at version 0.
 */
export function registerSnapshotCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.takeSnapshot, 'take the snapshot', async (node?: TreeNode) => {
      const { connection, store, aggregate } = await pickAggregate(services, node, 'Take a snapshot of');
      const snapshot = await withProgress(`Snapshot of ${aggregate.id}`, async (signal) => {
        const events = await readWholeStream(store, aggregate.id, { signal });
        const reducer = chooseReducer(aggregate.type, services.settings().reducers, events);
        const taken: Snapshot = {
          aggregateId: aggregate.id,
          aggregateType: aggregate.type,
          version: events.at(-1)?.version ?? events.length,
          state: replayAll(reducer, events),
          takenAt: new Date().toISOString(),
        };
        await store.writeSnapshot(taken, signal);
        return taken;
      });
      services.log.info(`Snapshot of ${aggregate.id} at version ${snapshot.version} written to ${store.label}`);
      await services.panels.get(connection.id, aggregate.id)?.reload();
      void vscode.window.setStatusBarMessage(`Snapshot of ${aggregate.id} at version ${snapshot.version}`, 5000);
      return snapshot;
    }),
  ];
}
