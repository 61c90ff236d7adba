/**
 * The aggregate-id prompt of Append Event: the store's aggregates, searchable as the user types (loaded a
 * page at a time, so a large store shows its first ones at once), and whatever id is typed as a new one.
 */
import * as vscode from 'vscode';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import { allAggregates } from '../connectors/eventStoreReads';
import { formatEventTime } from '../ui/format';
import { CancelledError } from '../ui/progress';

interface IdPick extends vscode.QuickPickItem {
  aggregate?: AggregateSummary;
  newId?: string;
}

/** Stop loading after this many: typing narrows the list, and a new id can always be typed. */
const MAX_LOADED = 5000;

export async function pickOrTypeAggregateId(store: EventStore, title: string): Promise<{ id: string; existing?: AggregateSummary }> {
  const quickPick = vscode.window.createQuickPick<IdPick>();
  quickPick.title = title;
  quickPick.placeholder = 'Choose an aggregate, or type a new id (e.g. Order-2001)';
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const controller = new AbortController();
  let loaded: IdPick[] = [];
  const render = (): void => {
    const typed = quickPick.value.trim();
    const exact = typed !== '' && loaded.some((pick) => pick.aggregate?.id === typed);
    const fresh: IdPick[] = typed !== '' && !exact ? [{ label: `$(add) ${typed}`, description: 'a new aggregate', alwaysShow: true, newId: typed }] : [];
    quickPick.items = [...fresh, ...loaded];
  };
  const loading = (async () => {
    try {
      for await (const page of allAggregates(store, { signal: controller.signal, pageSize: 500 })) {
        loaded = [
          ...loaded,
          ...page.map((aggregate) => ({ label: aggregate.id, description: `${aggregate.type} · version ${aggregate.version} · ${formatEventTime(aggregate.lastEventAt)}`, aggregate })),
        ];
        render();
        if (loaded.length >= MAX_LOADED) break;
      }
    } catch {
      // The list is a convenience: typing an id still works when the store cannot be listed.
    } finally {
      quickPick.busy = false;
    }
  })();
  try {
    const chosen = await new Promise<IdPick | undefined>((resolve) => {
      quickPick.onDidChangeValue(render);
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
      quickPick.onDidHide(() => resolve(undefined));
      render();
      quickPick.show();
    });
    if (chosen?.aggregate !== undefined) return { id: chosen.aggregate.id, existing: chosen.aggregate };
    if (chosen?.newId !== undefined) return { id: chosen.newId };
    throw new CancelledError();
  } finally {
    controller.abort();
    quickPick.dispose();
    await loading;
  }
}
