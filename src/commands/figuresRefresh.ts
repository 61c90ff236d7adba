import * as vscode from 'vscode';
import { checkSampleInterval } from '../connectors/reads/sampler';
import { WatchedTargets } from '../connectors/reads/watchedTargets';
import type { CommandServices } from './services';

const DEFAULT_SECONDS = 10;

export interface FiguresRefreshOptions {
  /** The connection kind whose open connections are kept fresh. */
  kind: string;
  /** Its interval setting below `eventFlows.` (e.g. `kafka.refreshSeconds`); 0 turns the refresh off. */
  setting: string;
  /** What the figures are, for the log: "Kafka lag and message counts". */
  figures: string;
}

/**
 * The interval from the kind's setting. Below 1 s or malformed is refused with a message and the default
 * used: a workspace could otherwise poll every millisecond.
 */
function intervalSeconds(setting: string, report: (problem: string) => void): number {
  const value = vscode.workspace.getConfiguration('eventFlows').get<unknown>(setting);
  if (value === undefined) return DEFAULT_SECONDS;
  const checked = checkSampleInterval(value, `eventFlows.${setting}`);
  if (checked.problem !== undefined) report(`${checked.problem}${checked.seconds < 0 ? ` Using ${DEFAULT_SECONDS} s.` : ''}`);
  return checked.seconds < 0 ? DEFAULT_SECONDS : checked.seconds;
}

/**
 * Lag, counts and depths move on their own. While the Connections view is visible, the shown nodes whose
 * children carry such figures (`KindTree.figures`) are read again on one sampler per open connection of the
 * kind: one read in flight per connection, each node read after the other. Hidden, the subscriptions end
 * and nothing is asked of the servers. A failed read shows on the node (the tree's error child).
 */
export function refreshFiguresWhileVisible(services: CommandServices, options: FiguresRefreshOptions): vscode.Disposable {
  const watched = new WatchedTargets({
    targets: () => services.connections.all().filter((c) => c.kind === options.kind && c.isOpen).map((c) => c.id),
    read: async (connectionId, signal) => {
      for (const node of services.tree.model.shownFigures(connectionId)) {
        if (signal.aborted || services.connections.get(connectionId)?.isOpen !== true) return;
        await services.tree.model.reload(node);
      }
    },
    onError: (connectionId, error) => services.log.warn(`Refreshing ${options.figures} of ${services.connections.get(connectionId)?.label ?? connectionId} failed: ${String(error)}`),
  });
  const applyInterval = (): void => watched.setInterval(intervalSeconds(options.setting, (problem) => void vscode.window.showWarningMessage(problem)) * 1000);
  applyInterval();
  watched.watch(services.treeView.visible);
  const listeners = [
    services.treeView.onDidChangeVisibility((event) => watched.watch(event.visible)),
    // A connection added, removed, opened or closed: the connections read on the interval follow.
    services.connections.onDidChange(() => watched.update()),
    services.tree.onDidChangeTreeData(() => watched.update()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`eventFlows.${options.setting}`)) applyInterval();
    }),
  ];
  return {
    dispose: () => {
      watched.dispose();
      for (const listener of listeners) listener.dispose();
    },
  };
}
