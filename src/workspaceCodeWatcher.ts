import * as vscode from 'vscode';

/** Calls `onSaved` once per burst of changes to `.eventflow/reducers/*` or `.eventflow/bus.*`. */
export function watchWorkspaceCode(onSaved: () => void, debounceMs = 200): vscode.Disposable {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return new vscode.Disposable(() => undefined);
  // Two plain patterns: the editor's glob has no nested groups.
  const watchers = ['.eventflow/reducers/*', '.eventflow/bus.*'].map((glob) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob)));
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onSaved, debounceMs);
  };
  const subscriptions = watchers.flatMap((watcher) => [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)]);
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const subscription of subscriptions) subscription.dispose();
  });
}
