/**
 * Search Across Systems: the search view, one at a time (asked again, it comes forward, filled with what
 * it was given). It opens at once and makes the read plan of every connection; nothing is read until the
 * user searches. A row opens as a node of the flow view does, and Trace runs Trace This Event's Flow.
 * After a window reload the view comes back with its query, window and ticks (`registerSearchSerializer`).
 */
import * as vscode from 'vscode';
import { describeError } from '../errors';
import type { PanelPlace } from '../panels/panelHost';
import { SearchPanel } from '../panels/search/searchPanel';
import { searchSerializer } from '../panels/search/searchSerializer';
import type { SearchPrefill, SearchState } from '../protocol/search';
import { SEARCH_KINDS, type SearchKind } from '../protocol/searchTerms';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { registerPanelSerializer } from '../ui/standIns';
import { openFoundEvent } from './foundEventOpening';
import { offerSearchIndexes } from './searchIndexes';
import { planAllSources } from './searchPlanning';
import type { CommandServices } from './services';

export interface SearchViewCommand {
  disposables: vscode.Disposable[];
  /** What VS Code calls to restore the view after a reload (tests call it too). */
  serializer: vscode.WebviewPanelSerializer;
  /** The view open now, if any. */
  current: () => SearchPanel | undefined;
}

export function registerSearchViewCommand(services: CommandServices, extensionUri: vscode.Uri): SearchViewCommand {
  let open: SearchPanel | undefined;
  const create = (place: PanelPlace, given: { prefill?: SearchPrefill; restored?: SearchState }): SearchPanel => {
    const panel = new SearchPanel({
      services: { extensionUri, log: services.log },
      place,
      ...given,
      plan: async () => {
        const leftOut: { label: string; reason: string }[] = [];
        const sources = await planAllSources(services, (label, reason) => leftOut.push({ label, reason }));
        return { sources, leftOut };
      },
      answered: (source, result) => offerSearchIndexes(source.connectionId, source.connectionLabel, result),
      openEvent: (found) => openFoundEvent(services, found),
      traceEvent: async (event) => {
        await vscode.commands.executeCommand(COMMANDS.traceFlow, event);
      },
    });
    open = panel;
    panel.panel.onDidDispose(() => {
      if (open === panel) open = undefined;
    });
    void panel.plan().catch((error: unknown) => services.log.error(`Search plan: ${describeError(error)}`));
    return panel;
  };
  const serializer = searchSerializer((restoredPanel, restored) => {
    // One view at a time: one opened since the reload stays, the restored one closes.
    if (open) restoredPanel.dispose();
    else create({ restored: restoredPanel }, restored ? { restored } : {});
  }, services.log);
  return {
    serializer,
    current: () => open,
    disposables: [
      registerCommand(services.log, COMMANDS.searchAcrossSystems, 'search across systems', async (given?: unknown): Promise<SearchPanel> => {
        const prefill = prefillOf(given);
        if (open) {
          if (prefill) await open.prefill(prefill);
          else open.panel.reveal();
          return open;
        }
        return create({ column: vscode.ViewColumn.Active }, prefill ? { prefill } : {});
      }),
      registerPanelSerializer(SearchPanel.viewType, serializer),
      { dispose: () => open?.dispose() },
    ],
  };
}

/** A correlation id (as Find Events by Correlation Id… gives it) or a kind and text. */
function prefillOf(given: unknown): SearchPrefill | undefined {
  if (typeof given === 'string') return given.trim() === '' ? undefined : { kind: 'correlationId', text: given.trim() };
  if (typeof given !== 'object' || given === null) return undefined;
  const { kind, text } = given as { kind?: unknown; text?: unknown };
  if (typeof text !== 'string' || !SEARCH_KINDS.includes(kind as SearchKind)) return undefined;
  return { kind: kind as SearchKind, text };
}
