/**
 * Create Search Indexes: the indexes a store's search lacked, offered when Find Events by Correlation Id…
 * finds the server scanned for want of them, and created as Create Event Store Indexes creates its own
 * (with progress, on that connection only, saying what it did).
 */
import * as vscode from 'vscode';
import { openSource } from '../connections/connection';
import { canIndexSearch, type SourceSearchResult } from '../connectors/reads/search';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import type { CommandServices } from './services';

/** The command's argument: the connection and the fields its search named in `unindexed`. */
export interface SearchIndexRequest {
  connectionId: string;
  fields: string[];
}

export function registerSearchIndexCommand(services: CommandServices): vscode.Disposable {
  return registerCommand(services.log, COMMANDS.createSearchIndexes, 'create the search indexes', async (given?: unknown) => {
    const request = searchIndexRequest(given);
    const connection = services.connections.get(request.connectionId);
    if (connection === undefined) throw new Error('that connection is not saved any more.');
    const created = await withProgress(`Creating search indexes on ${connection.label}`, async (signal) => {
      const source = await openSource(connection, signal);
      if (source.role !== 'store' || !canIndexSearch(source.store)) throw new Error(`${connection.label} has no search indexes to create.`);
      return source.store.createSearchIndexes(request.fields, signal);
    });
    const text =
      created.length === 0
        ? `${connection.label} already has an index on ${request.fields.join(', ')}.`
        : `Created ${created.length === 1 ? 'an index' : `${created.length} indexes`} on ${connection.label} (${created.join(', ')}): the next search on ${created.length === 1 ? 'it' : 'them'} is a lookup.`;
    services.log.info(text);
    void vscode.window.showInformationMessage(text);
    return created;
  });
}

/** A source whose server scanned for want of an index: one notification with the action that creates it. */
export function offerSearchIndexes(connectionId: string, connectionLabel: string, result: SourceSearchResult): void {
  const fields = result.unindexed ?? [];
  if (fields.length === 0) return;
  const action = fields.length === 1 ? 'Create Index' : 'Create Indexes';
  const request: SearchIndexRequest = { connectionId, fields };
  void vscode.window
    .showWarningMessage(`${connectionLabel} › ${result.source}: no index covers ${fields.join(', ')}, so the server read the whole collection for this search.`, action)
    .then((choice) => (choice === action ? vscode.commands.executeCommand(COMMANDS.createSearchIndexes, request) : undefined));
}

function searchIndexRequest(given: unknown): SearchIndexRequest {
  const candidate = (typeof given === 'object' && given !== null ? given : {}) as Partial<SearchIndexRequest>;
  const { connectionId, fields } = candidate;
  if (typeof connectionId !== 'string' || !Array.isArray(fields) || fields.length === 0 || !fields.every((field) => typeof field === 'string')) {
    throw new Error('run it from the offer after a search: it needs the connection and the fields to index.');
  }
  return { connectionId, fields };
}
