/**
 * What Check Stream Integrity checks: the aggregate or type the tree node names, or, from the palette or a
 * connection, the user's choice of the whole store, one type or one aggregate (with the counts the store
 * gives, so the choice shows how long a scan it is).
 */
import * as vscode from 'vscode';
import type { EventStore } from '../connectors/eventStore';
import { isAggregateNode, isAggregateTypeNode } from '../explorer/eventStore/storeNodes';
import type { TreeNode } from '../explorer/treeNode';
import { CancelledError } from '../ui/progress';
import { pickAggregate } from './pickers';
import type { CommandServices } from './services';

export type IntegrityScope =
  | { kind: 'aggregate'; aggregateId: string; aggregateType: string }
  | { kind: 'type'; aggregateType: string; aggregates?: number }
  | { kind: 'store'; aggregates?: number };

export function describeScope(scope: IntegrityScope, storeLabel: string): string {
  if (scope.kind === 'aggregate') return scope.aggregateId;
  if (scope.kind === 'type') return `the ${scope.aggregateType} aggregates of ${storeLabel}`;
  return storeLabel;
}

interface ScopePick extends vscode.QuickPickItem {
  scope?: IntegrityScope;
  oneAggregate?: boolean;
}

export async function chooseScope(services: CommandServices, store: EventStore, node: TreeNode | undefined, signal?: AbortSignal): Promise<IntegrityScope> {
  if (isAggregateNode(node)) return { kind: 'aggregate', aggregateId: node.aggregate.id, aggregateType: node.aggregate.type };
  if (isAggregateTypeNode(node)) return { kind: 'type', aggregateType: node.name, ...(node.aggregateCount !== undefined ? { aggregates: node.aggregateCount } : {}) };
  const types = await store.listAggregateTypes(signal);
  const total = types.every((type) => type.aggregateCount !== undefined) ? types.reduce((sum, type) => sum + (type.aggregateCount ?? 0), 0) : undefined;
  const count = (n: number | undefined): string => (n === undefined ? '' : `${n.toLocaleString('en-US')} ${n === 1 ? 'aggregate' : 'aggregates'}`);
  const picks: ScopePick[] = [
    { label: 'The whole store', description: count(total), scope: { kind: 'store', ...(total !== undefined ? { aggregates: total } : {}) } },
    ...types.map(
      (type): ScopePick => ({
        label: `Type ${type.name}`,
        description: count(type.aggregateCount),
        scope: { kind: 'type', aggregateType: type.name, ...(type.aggregateCount !== undefined ? { aggregates: type.aggregateCount } : {}) },
      }),
    ),
    { label: 'One aggregate…', description: 'search the store', oneAggregate: true },
  ];
  const picked = await vscode.window.showQuickPick(picks, { title: 'Check stream integrity of…', ignoreFocusOut: true });
  if (picked === undefined) throw new CancelledError();
  if (picked.oneAggregate) {
    const target = await pickAggregate(services, node, 'Check the integrity of one aggregate');
    return { kind: 'aggregate', aggregateId: target.aggregate.id, aggregateType: target.aggregate.type };
  }
  return picked.scope ?? { kind: 'store' };
}
