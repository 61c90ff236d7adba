import * as path from 'node:path';
import * as vscode from 'vscode';
import { decideStoreWrite } from '../../connections/local/storeLocation';
import { CancelledError } from '../../ui/progress';

/**
 * The editor's side of `decideStoreWrite`: before the Local store appends or writes a snapshot, a link that
 * takes the write out of the workspace folder is refused in an untrusted workspace and asked about (modal,
 * naming the real path) in a trusted one; a yes holds for that real path until the window reloads.
 */
export function storeWriteGuard(workspaceFolder: () => string | undefined): (file: string) => Promise<void> {
  const approved = new Set<string>();
  return async (file) => {
    const decision = await decideStoreWrite(file, workspaceFolder(), vscode.workspace.isTrusted);
    if (decision.kind === 'inside' || decision.kind === 'chosen') return;
    if (decision.kind === 'refuse') throw new Error(decision.reason);
    const key = `${file}\u0000${decision.realPath}`;
    if (approved.has(key)) return;
    const folder = workspaceFolder();
    const shown = folder ? path.relative(folder, file) : file;
    const write = 'Write There';
    const choice = await vscode.window.showWarningMessage(
      `${shown} is a link to a file outside the workspace folder: ${decision.realPath}`,
      { modal: true, detail: 'The Local store would append to that file. Write there only if you made this link yourself.' },
      write,
    );
    if (choice !== write) throw new CancelledError();
    approved.add(key);
  };
}
