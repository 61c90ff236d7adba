/**
 * What every read over many connections does first (Find by Correlation Id, Trace This Event's Flow):
 * open each connection by its role, ask each source for its read plan, then let the user tick which
 * sources are read when some of them change state.
 */
import * as vscode from 'vscode';
import { openSource } from '../connections/connection';
import { changesState } from '../connectors/reads/readPlan';
import { planSearch, type OpenedForSearch, type SearchSource } from '../connectors/reads/searchRun';
import { describeError } from '../errors';
import { CancelledError, withProgress } from '../ui/progress';
import type { CommandServices } from './services';

/** Every source of every connection, with its plan; a connection that cannot be opened is reported and skipped. */
export function planAllSources(services: CommandServices, skipped: (label: string, reason: string) => void): Promise<SearchSource[]> {
  return withProgress('Planning the search', async (signal, report) => {
    const opened: OpenedForSearch[] = [];
    for (const connection of services.connections.all()) {
      report(connection.label);
      try {
        const source = await openSource(connection, signal);
        opened.push(source.role === 'store' ? { id: connection.id, label: connection.label, store: source.store } : { id: connection.id, label: connection.label, broker: source.broker });
      } catch (error) {
        if (signal.aborted) throw new CancelledError();
        skipped(connection.label, `it could not be opened (${describeError(error)})`);
      }
    }
    return planSearch(opened, signal);
  });
}

/** The plan as a list to tick: sources whose reading changes state start unticked; refused ones are listed apart. */
export async function choosePlan(sources: readonly SearchSource[], what = 'Search'): Promise<SearchSource[] | undefined> {
  const readable = sources.filter((s) => s.plan.refused === undefined);
  const changing = readable.filter((s) => changesState(s.plan));
  if (changing.length === 0) return readable;
  const items = readable.map((source) => ({ label: `${source.connectionLabel} › ${source.plan.source}`, description: source.plan.effect, detail: source.plan.note, picked: !changesState(source.plan), source }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `${what} plan: ${changing.length} source(s) change state when read (ticked ones are read)`,
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return picked?.map((p) => p.source);
}
