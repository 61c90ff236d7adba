import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerAppendCommands } from './commands/appendCommands';
import { registerIntegrityCommands } from './commands/integrityCommands';
import { registerSampleCommands } from './commands/sampleCommands';
import { registerSnapshotCommands } from './commands/snapshotCommands';
import type { CommandServices } from './commands/services';
import { registerTimelineCommands } from './commands/timelineCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { ConnectionRegistry } from './connections/connectionRegistry';
import { LocalStoreConnection, resolveLocalEventsFile } from './connections/localConnection';
import { MongoStoreConnection } from './connections/mongoConnection';
import { MongoProfileStore } from './connections/mongoProfileStore';
import { scanProgressNotifier } from './connections/scanProgress';
import { createMongoStore, registerMongoCommands, registerSearchCommands } from './commands/mongoCommands';
import { ConnectionsTreeProvider } from './explorer/connectionsTreeProvider';
import type { TreeNode } from './explorer/treeNodes';
import { TimelinePanels } from './panels/timeline/timelinePanel';
import { registerTimelineSerializer } from './panels/timeline/timelineSerializer';
import { readSettings, type EventFlowsSettings } from './settings';

/** What activate() hands to tests and to other extensions. */
export interface EventFlowsApi {
  connections: ConnectionRegistry;
  tree: ConnectionsTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  panels: TimelinePanels;
  settings(): EventFlowsSettings;
  localConnection(): LocalStoreConnection;
  /** Where VS Code keeps this extension's logs, the `Event Flows` channel among them. */
  logFolder: string;
}

/** The composition root: builds every service once and hands each its collaborators. */
export function activate(context: vscode.ExtensionContext): EventFlowsApi {
  const log = vscode.window.createOutputChannel('Event Flows', { log: true });
  context.subscriptions.push(log);

  let settings = loadSettings(log);
  const connections = new ConnectionRegistry((message) => log.error(message));
  let local = createLocalConnection(context, settings);
  connections.set(local);

  const tree = new ConnectionsTreeProvider({ connections, pageSize: () => settings.pageSize, log });
  const treeView = vscode.window.createTreeView('eventFlows.connections', { treeDataProvider: tree, showCollapseAll: true });
  const panels = new TimelinePanels({ extensionUri: context.extensionUri, log, reducerOverrides: () => settings.reducers });
  context.subscriptions.push(connections, tree, treeView, panels);
  context.subscriptions.push(
    registerTimelineSerializer({
      panels,
      log,
      resolveStore: async (storeLabel) => {
        for (const connection of connections.all()) {
          const store = await connection.open();
          if (store.label === storeLabel) {
            return store;
          }
        }
        return undefined;
      },
    }),
  );

  const profiles = new MongoProfileStore(context.secrets, log);
  const syncMongoConnections = (): void => {
    const mongo = profiles
      .read((problem) => reportSettingsProblem(log, problem))
      .map((profile) => new MongoStoreConnection(profile, { password: (id) => profiles.password(id), createStore: (p, pw) => Promise.resolve(createMongoStore(p, pw)) }));
    connections.sync('mongo', mongo, (c) => JSON.stringify(c instanceof MongoStoreConnection ? c.profile : c.id));
  };
  syncMongoConnections();

  const services: CommandServices = { log, connections, tree, treeView, panels, settings: () => settings };
  context.subscriptions.push(
    ...registerMongoCommands({ ...services, profiles }),
    ...registerSearchCommands(services),
    ...registerTreeCommands(services),
    ...registerTimelineCommands(services),
    ...registerSampleCommands(services),
    ...registerAppendCommands(services),
    ...registerIntegrityCommands(services),
    ...registerSnapshotCommands(services),
  );

  // Creating a file watcher costs the host several milliseconds; started right after activate() returns,
  // it stays off the activation path and misses nothing (the tree reads the file when first expanded).
  let watcher: vscode.Disposable = { dispose: () => clearImmediate(startWatching) };
  const startWatching = setImmediate(() => (watcher = watchLocalStore(local, tree)));
  context.subscriptions.push(
    {
      dispose: () => {
        watcher.dispose();
      },
    },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('eventFlows')) {
        return;
      }
      settings = loadSettings(log);
      if (event.affectsConfiguration('eventFlows.mongo.connections')) {
        syncMongoConnections();
      }
      const next = createLocalConnection(context, settings);
      if (next.eventsFile === local.eventsFile) {
        tree.refresh();
        return;
      }
      local = next;
      watcher.dispose();
      watcher = watchLocalStore(local, tree);
      connections.set(local);
    }),
  );
  log.info(`Event Flows activated; Local store at ${local.eventsFile}`);

  return { connections, tree, treeView, panels, settings: () => settings, localConnection: () => local, logFolder: context.logUri.fsPath };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function loadSettings(log: vscode.LogOutputChannel): EventFlowsSettings {
  const configuration = vscode.workspace.getConfiguration('eventFlows');
  const { settings, problems } = readSettings((key) => configuration.get(key));
  for (const problem of problems) {
    reportSettingsProblem(log, problem);
  }
  return settings;
}

function reportSettingsProblem(log: vscode.LogOutputChannel, problem: string): void {
  log.warn(problem);
  void vscode.window.showWarningMessage(problem, 'Open Settings').then((choice) =>
    choice ? vscode.commands.executeCommand('workbench.action.openSettings', 'eventFlows') : undefined,
  );
}

function createLocalConnection(context: vscode.ExtensionContext, settings: EventFlowsSettings): LocalStoreConnection {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const eventsFile = resolveLocalEventsFile(settings.localPath, folder, context.globalStorageUri.fsPath);
  return new LocalStoreConnection(eventsFile, folder, scanProgressNotifier(path.basename(eventsFile)));
}

/** Another window or a script appending to the file shows up in the tree without a manual refresh. */
function watchLocalStore(local: LocalStoreConnection, tree: ConnectionsTreeProvider): vscode.Disposable {
  const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(local.eventsFile)), path.basename(local.eventsFile));
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => tree.refresh(), 300);
  };
  const subscriptions = [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
  return {
    dispose: () => {
      clearTimeout(timer);
      for (const subscription of subscriptions) {
        subscription.dispose();
      }
    },
  };
}
