/**
 * Where an event type lives in the workspace: the symbols the language servers know by that name, then every
 * line of source that names it as a word (a bounded text search, since the editor's own search API is not
 * public). Symbols first: a class or constant of that name is usually where it is defined.
 */
import * as vscode from 'vscode';

export interface CodeLocation {
  kind: 'symbol' | 'text';
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  text: string;
}

const SOURCE_GLOB = '**/*.{ts,tsx,js,jsx,mjs,cjs,py,java,kt,cs,go,rb,json,yaml,yml}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/.vscode-test/**}';
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_RESULTS = 200;

export async function findEventTypeCode(eventType: string): Promise<CodeLocation[]> {
  const results: CodeLocation[] = [];
  const seen = new Set<string>();
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', eventType)) ?? [];
  for (const symbol of symbols) {
    if (symbol.name !== eventType || symbol.location.uri.scheme !== 'file') continue;
    const start = symbol.location.range.start;
    const key = `${symbol.location.uri.fsPath}:${start.line + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push({ kind: 'symbol', file: symbol.location.uri.fsPath, line: start.line + 1, column: start.character + 1, text: `${vscode.SymbolKind[symbol.kind]} ${symbol.name}${symbol.containerName ? ` in ${symbol.containerName}` : ''}` });
  }
  const word = new RegExp(`(?<![A-Za-z0-9_$])${eventType.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_$])`);
  const files = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_FILES);
  for (const uri of files) {
    if (results.length >= MAX_RESULTS) break;
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) continue;
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      // A file deleted between the listing and the read is simply not a place any more.
      if (error instanceof vscode.FileSystemError) continue;
      throw error;
    }
    const lines = new TextDecoder().decode(bytes).split(/\r?\n/);
    for (let i = 0; i < lines.length && results.length < MAX_RESULTS; i++) {
      const match = word.exec(lines[i]);
      if (!match) continue;
      const key = `${uri.fsPath}:${i + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      results.push({ kind: 'text', file: uri.fsPath, line: i + 1, column: match.index + 1, text: lines[i].trim().slice(0, 200) });
    }
  }
  return results;
}
