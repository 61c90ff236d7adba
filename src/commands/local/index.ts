import * as vscode from 'vscode';
import { LocalStoreConnection } from '../../connections/local/localConnection';
import { localConnectionKind } from '../../connections/local/localKind';
import { watchEventsFile } from '../../connections/local/localWatcher';
import { localTree, localTreeItems } from '../../explorer/local/localTree';
import type { KindModuleFactory } from '../kindModule';
import type { TreeServices } from '../services';
import { storeWriteGuard } from './storeWriteGuard';

const workspaceFolder = (): string | undefined => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

/** The built-in Local store: its connection, its tree, and a watcher that shows what other writers append. */
export const localKindModule: KindModuleFactory = (context) => ({
  connections: localConnectionKind({
    localPath: () => context.settings().localPath,
    workspaceFolder,
    storageFolder: context.extension.globalStorageUri.fsPath,
    guardWrite: storeWriteGuard(workspaceFolder),
    identityFor: context.identityFor,
  }),
  tree: localTree,
  items: localTreeItems,
  start: (services) => [watchLocalStore(services)],
  register: () => [],
});

/**
 * Another window or a script appending to the file shows up in the tree without a manual refresh. Creating a
 * file watcher costs the host several milliseconds: it starts right after activation, off its path, and
 * follows the file when the setting moves it.
 */
function watchLocalStore(services: TreeServices): vscode.Disposable {
  let watched: { file: string; watcher: vscode.Disposable } | undefined;
  const follow = (): void => {
    const local = services.connections.all().find((c): c is LocalStoreConnection => c instanceof LocalStoreConnection);
    if (watched?.file === local?.eventsFile) return;
    watched?.watcher.dispose();
    watched = local && { file: local.eventsFile, watcher: watchEventsFile(local.eventsFile, () => services.tree.refreshConnection(local.id)) };
  };
  const start = setImmediate(follow);
  const subscription = services.connections.onDidChange(follow);
  return {
    dispose: () => {
      clearImmediate(start);
      subscription.dispose();
      watched?.watcher.dispose();
    },
  };
}
