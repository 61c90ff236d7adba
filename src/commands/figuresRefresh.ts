import * as vscode from 'vscode';
import { NO_TARGETS } from '../connectors/reads/figures';
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
 * Lag, counts and depths move on their own. While the Connections view is visible, the tree subscribes to
 * the sampler of each open connection of the kind (shared with any other subscriber, one read at a time) for
 * the figures its shown nodes carry (`TreeModel.figureTargets`), and puts each sample on them
 * (`TreeModel.applySample`). Hidden, the subscriptions end. A failed read shows on the nodes (an error child).
 */
export function refreshFiguresWhileVisible(services: CommandServices, options: FiguresRefreshOptions): vscode.Disposable {
  const isOpen = (connectionId: string): boolean => services.connections.get(connectionId)?.isOpen === true;
  const watched = new WatchedTargets({
    targets: () => services.connections.all().filter((c) => c.kind === options.kind && c.isOpen).map((c) => c.id),
    subscribe: (connectionId, intervalMs) =>
      services.samplers.subscribe(connectionId, {
        intervalMs,
        // A connection closed meanwhile is not opened again for its figures.
        targets: () => (isOpen(connectionId) ? services.tree.model.figureTargets(connectionId) : NO_TARGETS),
        onSample: (sample) => {
          if (!isOpen(connectionId)) return;
          if (sample.value.figures === undefined) services.log.warn(`Refreshing ${options.figures} of ${services.connections.get(connectionId)?.label ?? connectionId} failed: ${String(sample.value.error)}`);
          services.tree.model.applySample(connectionId, sample).catch((error: unknown) => services.log.warn(`Showing ${options.figures} failed: ${String(error)}`));
        },
      }),
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
