import * as vscode from 'vscode';
import { RABBIT_KIND } from '../../connections/rabbitmq/rabbitConnection';
import type { TreeModel } from '../../explorer/treeModel';
import type { TreeNode } from '../../explorer/treeNode';
import type { CommandServices } from '../services';

const DEFAULT_SECONDS = 10;

/** The refresh interval from `eventFlows.rabbitmq.refreshSeconds` (0 turns it off; anything malformed is the default). */
function intervalSeconds(): number {
  const value = vscode.workspace.getConfiguration('eventFlows').get<unknown>('rabbitmq.refreshSeconds');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_SECONDS;
}

/** The queue lists of connected brokers that the tree shows now (cached), wherever they are. */
export function shownQueueSections(model: TreeModel, connectionIds: readonly string[]): TreeNode[] {
  const found: TreeNode[] = [];
  const walk = (node: TreeNode): void => {
    const children = model.cachedChildren(node);
    if (!children) return;
    if (node.kind === 'rabbitSection' && node.section === 'queues') {
      found.push(node);
      return;
    }
    children.forEach(walk);
  };
  for (const id of connectionIds) {
    const root = model.cachedRoot(id);
    if (root) walk(root);
  }
  return found;
}

/**
 * Queue counts move on their own; while the Connections view is visible the queue lists that are open are
 * reloaded on an interval. Hidden, nothing is asked of the brokers.
 */
export function refreshCountsWhileVisible(services: CommandServices): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const open = services.connections.all().filter((c) => c.kind === RABBIT_KIND && c.isOpen).map((c) => c.id);
    for (const section of shownQueueSections(services.tree.model, open)) services.tree.refresh(section);
  };
  const update = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = intervalSeconds();
    if (services.treeView.visible && seconds > 0) timer = setInterval(tick, seconds * 1000);
  };
  update();
  const subscriptions = [
    services.treeView.onDidChangeVisibility(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('eventFlows.rabbitmq.refreshSeconds')) update();
    }),
  ];
  return {
    dispose: () => {
      if (timer) clearInterval(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}
