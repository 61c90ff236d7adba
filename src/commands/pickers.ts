import * as vscode from 'vscode';
import { isStoreConnection, type Connection, type StoreConnection } from '../connections/connection';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import { allAggregates } from '../connectors/eventStoreReads';
import { connectionOf, type TreeNode } from '../explorer/treeNode';
import { formatEventTime } from '../ui/format';
import { CancelledError } from '../ui/progress';
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

interface AggregatePick extends vscode.QuickPickItem {
  aggregate?: AggregateSummary;
}

/**
 * A quick pick over every aggregate of a store, loaded page by page so a large store shows its first
 * aggregates at once; typing filters by id and type.
 */
export async function pickAggregate(services: CommandServices, node?: TreeNode, title = 'Open aggregate timeline'): Promise<AggregateTarget> {
  if (node?.kind === 'aggregate') {
    const connection = await pickStoreConnection(services, node);
    return { connection, store: await connection.open(), aggregate: node.aggregate };
  }
  const connection = await pickStoreConnection(services, node);
  const store = await connection.open();
  const quickPick = vscode.window.createQuickPick<AggregatePick>();
  quickPick.title = title;
  quickPick.placeholder = 'Type to search aggregates by id or type';
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const controller = new AbortController();
  const loading = (async () => {
    for await (const page of allAggregates(store, { type: node?.kind === 'aggregateType' ? node.name : undefined, signal: controller.signal })) {
      quickPick.items = [...quickPick.items, ...page.map(toPick)];
    }
  })()
    .catch((error: unknown) => {
      if (controller.signal.aborted) return;
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
