import * as vscode from 'vscode';
import { RABBIT_KIND } from '../../connections/rabbitmq/rabbitConnection';
import type { TreeModel } from '../../explorer/treeModel';
import type { TreeNode } from '../../explorer/treeNode';
import type { CommandServices } from '../services';
import { Sampler, checkSampleInterval } from '../../connectors/reads/sampler';

const DEFAULT_SECONDS = 10;

const SETTING = 'eventFlows.rabbitmq.refreshSeconds';

/**
 * The refresh interval from `eventFlows.rabbitmq.refreshSeconds` (0 turns it off). Below 1 s or malformed
 * is refused with a message and the default used: a workspace could otherwise poll every millisecond.
 */
function intervalSeconds(report: (problem: string) => void): number {
  const value = vscode.workspace.getConfiguration('eventFlows').get<unknown>('rabbitmq.refreshSeconds');
  if (value === undefined) return DEFAULT_SECONDS;
  const checked = checkSampleInterval(value, SETTING);
  if (checked.problem !== undefined) report(`${checked.problem}${checked.seconds < 0 ? ` Using ${DEFAULT_SECONDS} s.` : ''}`);
  return checked.seconds < 0 ? DEFAULT_SECONDS : checked.seconds;
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
 * reloaded through one sampler per broker (shared, bounded, polling only while subscribed). Hidden, the
 * subscriptions end and nothing is asked of the brokers.
 */
export function refreshCountsWhileVisible(services: CommandServices): vscode.Disposable {
  const samplers = new Map<string, Sampler<number>>();
  let subscriptions: { dispose(): void }[] = [];
  let seconds = DEFAULT_SECONDS;
  const samplerOf = (connectionId: string): Sampler<number> => {
    let sampler = samplers.get(connectionId);
    if (sampler === undefined) {
      sampler = new Sampler(
        () => {
          const open = services.connections.get(connectionId)?.isOpen === true;
          const sections = open ? shownQueueSections(services.tree.model, [connectionId]) : [];
          for (const section of sections) services.tree.refresh(section);
          return Promise.resolve(sections.length);
        },
        { intervalMs: seconds * 1000, onError: (error) => services.log.warn(`Refreshing queue counts failed: ${String(error)}`) },
      );
      samplers.set(connectionId, sampler);
    }
    return sampler;
  };
  const update = (): void => {
    subscriptions.forEach((s) => s.dispose());
    subscriptions = [];
    const next = intervalSeconds((problem) => void vscode.window.showWarningMessage(problem));
    if (next !== seconds) samplers.clear();
    seconds = next;
    if (!services.treeView.visible || seconds === 0) return;
    const brokers = services.connections.all().filter((c) => c.kind === RABBIT_KIND);
    subscriptions = brokers.map((c) => samplerOf(c.id).subscribe(() => undefined));
  };
  update();
  const listeners = [
    services.treeView.onDidChangeVisibility(update),
    services.connections.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTING)) update();
    }),
  ];
  return {
    dispose: () => {
      subscriptions.forEach((s) => s.dispose());
      for (const s of listeners) s.dispose();
    },
  };
}
