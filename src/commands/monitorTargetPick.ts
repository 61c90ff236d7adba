/**
 * What to watch in the flow monitor, picked without knowing the kind: a tree node stands for what its kind
 * says it reads figures of (`TreeModel.figureTargetsOfNode`); a connection offers its channels and readers
 * to choose from (a store: its event count).
 */
import * as vscode from 'vscode';
import { sourceKey } from '../connectors/reads/figures';
import type { MonitorTarget } from '../connectors/reads/monitorTargets';
import type { TreeNode } from '../explorer/treeNode';
import { connectionOf } from '../explorer/treeNode';
import { CancelledError, withProgress } from '../ui/progress';
import type { CommandServices } from './services';

/** The monitor targets a tree node stands for; none when it has no figures of its own. */
export function targetsOfNode(services: CommandServices, node: TreeNode): MonitorTarget[] {
  const connectionId = connectionOf(node)?.id;
  if (connectionId === undefined || node.kind === 'connection') return [];
  const request = services.tree.model.figureTargetsOfNode(node);
  const sources = request.sources.map((s): MonitorTarget => ({ connectionId, kind: 'source', name: s.name, ...(s.scope === undefined ? {} : { scope: s.scope }) }));
  const groups = [...new Set([...request.groups, ...request.lagOf])].map((name): MonitorTarget => ({ connectionId, kind: 'group', name }));
  return [...sources, ...groups];
}

/** A connection to watch: the node's, or one the user picks. */
async function pickConnectionId(services: CommandServices, node?: TreeNode): Promise<string> {
  const fromNode = node === undefined ? undefined : connectionOf(node)?.id;
  if (fromNode !== undefined) return fromNode;
  const items = services.connections.all().map((c) => ({ label: c.label, description: `${c.description}${c.isOpen ? '' : ' · not connected'}`, id: c.id }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Watch what in the flow monitor? Pick a connection', ignoreFocusOut: true });
  if (picked === undefined) throw new CancelledError();
  return picked.id;
}

/** The node's own targets, or what the user picks among its connection's channels. */
export async function pickTargets(services: CommandServices, node?: TreeNode): Promise<MonitorTarget[]> {
  const own = node === undefined ? [] : targetsOfNode(services, node);
  if (own.length > 0) return own;
  const connectionId = await pickConnectionId(services, node);
  const opened = await withProgress('Listing what the connection carries…', (signal) => services.connections.open(connectionId, signal));
  if (opened.role === 'store') return [{ connectionId, kind: 'store' }];
  const map = await withProgress(`Listing the channels of ${opened.connection.label}…`, (signal) => opened.broker.channels({ connectionId, signal }));
  const items = [
    ...map.channels
      .filter((c) => c.role === 'holds' && c.internal !== true)
      .map((c) => ({
        label: c.name,
        description: [c.kind, c.scope, c.holdsDeadLetters === true ? 'dead letters' : undefined].filter((part) => part !== undefined && part !== '').join(' · '),
        target: ((): MonitorTarget => ({ connectionId, kind: 'source', name: c.name, ...(c.scope === undefined ? {} : { scope: c.scope }) }))(),
      })),
    ...map.readers.map((r) => ({ label: r.name, description: r.kind, target: ((): MonitorTarget => ({ connectionId, kind: 'group', name: r.name }))() })),
  ];
  if (items.length === 0) throw new Error(`${opened.connection.label} has no topic, queue or group to watch.`);
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = item.target.kind === 'source' ? `s:${sourceKey(item.target)}` : `g:${item.target.kind === 'group' ? item.target.name : ''}`;
    return !seen.has(key) && seen.add(key);
  });
  const picked = await vscode.window.showQuickPick(unique, { title: `Watch in the flow monitor: ${opened.connection.label}`, canPickMany: true, ignoreFocusOut: true, matchOnDescription: true });
  if (picked === undefined || picked.length === 0) throw new CancelledError();
  return picked.map((p) => p.target);
}
