import * as vscode from 'vscode';
import { isStoreConnection, type Connection, type StoreConnection } from '../connections/connection';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import { allAggregates } from '../connectors/eventStoreReads';
import { serverSearch } from './aggregateSearch';
import { connectionOf, type TreeNode } from '../explorer/treeNode';
import { formatEventTime } from '../ui/format';
import { CancelledError, withProgress } from '../ui/progress';
import type { CommandServices } from './services';

export interface AggregateTarget {
  connection: StoreConnection;
  store: EventStore;
  aggregate: AggregateSummary;
}

/** The connection a command acts on: the node's, the only one that fits, or the user's choice among those that do. */
export async function pickConnection<C extends Connection>(
  services: CommandServices,
  node: TreeNode | undefined,
  fits: (connection: Connection) => connection is C,
  title: string,
  none: string,
): Promise<C> {
  const fromNode = node ? connectionOf(node) : undefined;
  if (fromNode && fits(fromNode)) {
    return fromNode;
  }
  const all = services.connections.all().filter(fits);
  if (all.length === 0) {
    throw new Error(none);
  }
  if (all.length === 1) {
    return all[0];
  }
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({ label: c.label, description: c.description, connection: c })),
    { title, ignoreFocusOut: true },
  );
  if (!picked) {
    throw new CancelledError();
  }
  return picked.connection;
}

/** The event store a command acts on. */
export function pickStoreConnection(services: CommandServices, node?: TreeNode): Promise<StoreConnection> {
  return pickConnection(services, node, isStoreConnection, 'Choose an event store', 'there is no event store to use.');
}

/**
 * The store of a connection, connecting first under a notification whose Cancel stops the attempt (a
 * server that does not answer would otherwise hold the command until its timeout).
 */
export function openStore(connection: StoreConnection): Promise<EventStore> {
  if (connection.isOpen) {
    return connection.open();
  }
  return withProgress(`Connecting to ${connection.label}…`, (signal) => connection.open(signal));
}

interface AggregatePick extends vscode.QuickPickItem {
  aggregate?: AggregateSummary;
}

/**
 * A quick pick over the aggregates of a store. The first pages load at once, so a small store is all
 * there to filter; what the user types is also searched on the server by id prefix (debounced), so a match
 * in a store of any size shows without waiting for every page.
 */
export async function pickAggregate(services: CommandServices, node?: TreeNode, title = 'Open aggregate timeline'): Promise<AggregateTarget> {
  if (node?.kind === 'aggregate') {
    const connection = await pickStoreConnection(services, node);
    return { connection, store: await openStore(connection), aggregate: node.aggregate };
  }
  const connection = await pickStoreConnection(services, node);
  const store = await openStore(connection);
  const onlyType = node?.kind === 'aggregateType' ? node.name : undefined;
  const quickPick = vscode.window.createQuickPick<AggregatePick>();
  quickPick.title = title;
  quickPick.placeholder = 'Type to search aggregates by id (searched on the server too) or type';
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const controller = new AbortController();
  const loaded: AggregateSummary[] = [];
  let found: AggregateSummary[] = [];
  const render = (): void => {
    const seen = new Set(found.map(key));
    quickPick.items = [...found, ...loaded.filter((a) => !seen.has(key(a)))].map(toPick);
  };
  const showError = (error: unknown): void => {
    quickPick.items = [{ label: '$(error) Could not list aggregates', detail: String(error instanceof Error ? error.message : error) }];
  };
  const loading = (async () => {
    for await (const page of allAggregates(store, { type: onlyType, signal: controller.signal })) {
      loaded.push(...page);
      render();
    }
  })()
    .catch((error: unknown) => (controller.signal.aborted ? undefined : showError(error)))
    .finally(() => {
      quickPick.busy = false;
    });
  const search = serverSearch(store, onlyType, controller.signal, (matches) => {
    found = matches;
    render();
  }, showError);
  quickPick.onDidChangeValue((text) => search(text.trim()));
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

function key(aggregate: AggregateSummary): string {
  return `${aggregate.type}\u0000${aggregate.id}`;
}

function toPick(aggregate: AggregateSummary): AggregatePick {
  const time = formatEventTime(aggregate.lastEventAt);
  return { label: aggregate.id, description: aggregate.type, detail: `version ${aggregate.version}${time ? ` · last event ${time}` : ''}`, aggregate };
}
