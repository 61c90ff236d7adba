import * as vscode from 'vscode';
import { DEFAULT_RECORDINGS_FOLDER, gitignoreWith } from '../connectors/recordings/ignoredFolder';
import { CancelledError } from '../ui/progress';

export interface RecordingFolderOptions {
  /** A folder chosen ahead (the extension's own callers, tests): no question asked. */
  folder?: vscode.Uri;
  /** Take the default folder without asking. */
  useDefault?: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The default folder, made when missing: a folder the extension makes is kept out of version control (its
 * line added to the workspace's `.gitignore`, never twice), and the user is told.
 */
export async function defaultRecordingsFolder(log: vscode.LogOutputChannel): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('open a folder first, or pick a folder for the recording.');
  const folder = vscode.Uri.joinPath(root, ...DEFAULT_RECORDINGS_FOLDER.split('/'));
  if (await exists(folder)) return folder;
  await vscode.workspace.fs.createDirectory(folder);
  const gitignore = vscode.Uri.joinPath(root, '.gitignore');
  const before = (await exists(gitignore)) ? Buffer.from(await vscode.workspace.fs.readFile(gitignore)).toString('utf8') : undefined;
  const after = gitignoreWith(before, DEFAULT_RECORDINGS_FOLDER);
  if (after !== undefined) {
    await vscode.workspace.fs.writeFile(gitignore, Buffer.from(after, 'utf8'));
    const said = `Made ${DEFAULT_RECORDINGS_FOLDER}/ for recordings and added it to .gitignore${before === undefined ? ' (a new file)' : ''}: recordings hold real messages and stay out of version control.`;
    log.info(said);
    void vscode.window.showInformationMessage(said);
  }
  return folder;
}

/** Where a recording goes: the default folder, or one the user picks. */
export async function recordingsFolder(log: vscode.LogOutputChannel, options: RecordingFolderOptions = {}): Promise<vscode.Uri> {
  if (options.folder) return options.folder;
  if (options.useDefault) return defaultRecordingsFolder(log);
  if (vscode.workspace.workspaceFolders?.length) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: DEFAULT_RECORDINGS_FOLDER, description: 'in the workspace, kept out of version control', pick: false },
        { label: 'Choose a Folder…', description: 'anywhere', pick: true },
      ],
      { title: 'Save the recording in' },
    );
    if (!choice) throw new CancelledError();
    if (!choice.pick) return defaultRecordingsFolder(log);
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Save Recordings Here' });
  if (!picked?.[0]) throw new CancelledError();
  return picked[0];
}

/** The most text one copy puts on the clipboard: past it, Save Selection as Recording writes a file instead. */
export const MAX_CLIPBOARD_CHARS = 32 * 1024 * 1024;
