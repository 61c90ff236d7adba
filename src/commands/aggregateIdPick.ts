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
  let firstPageShown: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (firstPageShown = resolve));
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
        firstPageShown();
        if (loaded.length >= MAX_LOADED) break;
      }
    } catch (error) {
      // The list is a convenience: typing an id still works when the store cannot be listed, and the box says why it is empty.
      if (!controller.signal.aborted) quickPick.placeholder = `Could not list the aggregates (${error instanceof Error ? error.message : String(error)}); type an id`;
    } finally {
      quickPick.busy = false;
      firstPageShown();
    }
  })();
  /**
   * What Enter means: an id typed in full wins over whichever row is active (a fast typist can press Enter
   * before the list has filtered), then the active row, then the typed text as a new id. A typed id the
   * first page has not brought yet is waited for, so an existing aggregate is not taken for a new one.
   */
  const accepted = async (): Promise<IdPick | undefined> => {
    const typed = quickPick.value.trim();
    if (typed !== '') await firstPage;
    const exact = loaded.find((pick) => pick.aggregate?.id === typed);
    return exact ?? quickPick.selectedItems[0] ?? (typed !== '' ? { label: typed, newId: typed } : undefined);
  };
  try {
    const chosen = await new Promise<IdPick | undefined>((resolve) => {
      quickPick.onDidChangeValue(render);
      quickPick.onDidAccept(() => void accepted().then(resolve));
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
