import * as vscode from 'vscode';
import type { StoreConnection } from '../connections/storeConnection';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import { formatEventTime } from '../explorer/treeItems';
import type { TreeNode } from '../explorer/treeNodes';
import { connectionOf } from '../explorer/treeNodes';
import { CancelledError } from './registerCommand';
import type { CommandServices } from './services';

export interface AggregateTarget {
  connection: StoreConnection;
  store: EventStore;
  aggregate: AggregateSummary;
}

/** The connection a command acts on: the node's, the only one, or the user's choice. */
export async function pickConnection(services: CommandServices, node?: TreeNode): Promise<StoreConnection> {
  const fromNode = node ? connectionOf(node) : undefined;
  if (fromNode) {
    return fromNode;
  }
  const all = services.connections.all();
  if (all.length === 1) {
    return all[0];
  }
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({ label: c.label, description: c.description, connection: c })),
    { title: 'Choose an event store', ignoreFocusOut: true },
  );
  if (!picked) {
    throw new CancelledError();
  }
  return picked.connection;
}

interface AggregatePick extends vscode.QuickPickItem {
  aggregate?: AggregateSummary;
}

/**
 * A quick pick over every aggregate of a store, loaded page by page so a large store shows its first
 * aggregates at once; typing filters by id and type.
 */
export async function pickAggregate(services: CommandServices, node?: TreeNode, title = 'Open aggregate timeline'): Promise<AggregateTarget> {
  if (node?.kind === 'aggregate') {
    const connection = node.parent.parent.connection;
    return { connection, store: await connection.open(), aggregate: node.aggregate };
  }
  const connection = await pickConnection(services, node);
  const store = await connection.open();
  const quickPick = vscode.window.createQuickPick<AggregatePick>();
  quickPick.title = title;
  quickPick.placeholder = 'Type to search aggregates by id or type';
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const controller = new AbortController();
  const loading = loadAllAggregates(store, node?.kind === 'aggregateType' ? node.name : undefined, controller.signal, (page) => {
    quickPick.items = [...quickPick.items, ...page.map(toPick)];
  })
    .catch((error: unknown) => {
      quickPick.items = [{ label: '$(error) Could not list aggregates', detail: String(error instanceof Error ? error.message : error) }];
    })
    .finally(() => {
      quickPick.busy = false;
    });
  try {
    const picked = await new Promise<AggregateSummary | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.aggregate));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    if (!picked) {
      throw new CancelledError();
    }
    return { connection, store, aggregate: picked };
  } finally {
    controller.abort();
    quickPick.dispose();
    await loading;
  }
}

function toPick(aggregate: AggregateSummary): AggregatePick {
  const time = formatEventTime(aggregate.lastEventAt);
  return { label: aggregate.id, description: aggregate.type, detail: `version ${aggregate.version}${time ? ` · last event ${time}` : ''}`, aggregate };
}

async function loadAllAggregates(
  store: EventStore,
  onlyType: string | undefined,
  signal: AbortSignal,
  onPage: (page: AggregateSummary[]) => void,
): Promise<void> {
  const types = onlyType ? [onlyType] : (await store.listAggregateTypes(signal)).map((t) => t.name);
  for (const type of types) {
    let after: string | undefined;
    do {
      if (signal.aborted) {
        return;
      }
      const page = await store.listAggregates(type, { after, limit: 500, signal });
      onPage(page.items);
      after = page.next;
    } while (after !== undefined);
  }
}
