/** Export of a timeline's stream or selected state through the save dialog. */
import * as vscode from 'vscode';
import type { TimelineSession } from './timelineSession';

export type ExportWhat = 'stream' | 'state';

/** Asks where to save and writes the file; undefined when the user closed the dialog. */
export async function exportTimeline(session: TimelineSession, what: ExportWhat): Promise<vscode.Uri | undefined> {
  const name = safeFileName(session.aggregateId);
  const selected = session.selectedIndex;
  const fileName = what === 'stream' ? `${name}.ndjson` : `${name}-state${selected === undefined ? '' : `-${selected + 1}`}.json`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    title: what === 'stream' ? `Export the stream of ${session.aggregateId}` : `Export the state of ${session.aggregateId}`,
    saveLabel: 'Export',
    defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, fileName),
    filters: what === 'stream' ? { 'Newline-delimited JSON': ['ndjson', 'jsonl'] } : { JSON: ['json'] },
  });
  if (uri === undefined) return undefined;
  const content = what === 'stream' ? session.exportStream() : session.exportState();
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  return uri;
}

function safeFileName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'aggregate';
}
