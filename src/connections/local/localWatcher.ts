import * as path from 'node:path';
import * as vscode from 'vscode';

/** Calls `changed` (debounced) when another window or a script writes the Local store's file. */
export function watchEventsFile(eventsFile: string, changed: () => void): vscode.Disposable {
  const pattern = new vscode.RelativePattern(vscode.Uri.file(path.dirname(eventsFile)), path.basename(eventsFile));
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  let timer: NodeJS.Timeout | undefined;
  const onChange = (): void => {
    clearTimeout(timer);
    timer = setTimeout(changed, 300);
  };
  const subscriptions = [watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange)];
  return {
    dispose: () => {
      clearTimeout(timer);
      for (const subscription of subscriptions) {
        subscription.dispose();
      }
    },
  };
}
