/**
 * Alerts as the user sees them: the rules of `eventFlows.alerts` watched on open connections (sharing the
 * sampler with the tree and the monitor), one notification when an episode begins — with "Open Monitor"
 * and, for dead letters, "Trace a dead letter" (from the newest one where it reads without effect) — and a status bar item with the compact summary while any
 * episode holds. Nothing is said again until the condition has cleared.
 */
import * as vscode from 'vscode';
import { ALERTS_SETTING, alertRules, readAlertEntries } from '../alertSettings';
import { alertSummary, type AlertEpisode, type AlertRule } from '../connectors/reads/alertRules';
import { AlertWatch } from '../connectors/reads/alertWatch';
import { sourceKey, type SourceTarget } from '../connectors/reads/figures';
import type { MonitorTarget } from '../connectors/reads/monitorTargets';
import { isBrokerConnection } from '../connections/connection';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import type { CommandServices } from './services';
import { targetsOfNode } from './monitorTargetPick';

export const OPEN_MONITOR = 'Open Monitor';
export const TRACE_DEAD_LETTER = 'Trace a dead letter';

export interface AlertNoticesOptions {
  refreshSeconds(): number;
  /** Opens the monitor on these targets. */
  openMonitor(targets: MonitorTarget[]): Promise<void>;
  /** The summary changed (the monitor shows it too). */
  changed(): void;
}

export function targetOfRule(rule: AlertRule): MonitorTarget {
  return rule.when === 'deadLettersGrow' || rule.when === 'rateZero'
    ? { connectionId: rule.connectionId, kind: 'source', name: rule.source.name, ...(rule.source.scope === undefined ? {} : { scope: rule.source.scope }) }
    : { connectionId: rule.connectionId, kind: 'group', name: rule.group };
}

export class AlertNotices implements vscode.Disposable {
  readonly watch: AlertWatch;
  private readonly statusBar = vscode.window.createStatusBarItem('eventFlows.alerts', vscode.StatusBarAlignment.Left, 50);
  private readonly listeners: vscode.Disposable[];
  private reported = '';

  constructor(
    private readonly services: CommandServices,
    private readonly options: AlertNoticesOptions,
  ) {
    this.statusBar.name = 'Event Flows Alerts';
    this.statusBar.command = { command: 'eventFlows.openMonitor', title: OPEN_MONITOR, arguments: [undefined, { alerts: true }] };
    this.watch = new AlertWatch(this.rules(), {
      samplers: services.samplers,
      intervalMs: options.refreshSeconds() * 1000,
      isOpen: (id) => services.connections.get(id)?.isOpen === true,
      onChange: (changes, active) => {
        for (const episode of changes.raised) void this.notify(episode);
        for (const episode of changes.cleared) services.log.info(`Alert cleared: ${this.where(episode)}${episode.text}`);
        this.show(active);
      },
    });
    this.listeners = [
      // A connection added, renamed, opened or closed: rules naming it by name resolve again; kept rules keep their episodes.
      services.connections.onDidChange(() => this.watch.setRules(this.rules())),
      // A connection opened or closed redraws its root: the watched connections follow.
      services.tree.onDidChangeTreeData(() => this.watch.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`eventFlows.${ALERTS_SETTING}`) || event.affectsConfiguration('eventFlows.monitor.refreshSeconds')) this.watch.setRules(this.rules());
      }),
    ];
  }

  summary(): string {
    return alertSummary(this.watch.active());
  }

  dispose(): void {
    this.watch.dispose();
    this.statusBar.dispose();
    for (const listener of this.listeners) listener.dispose();
  }

  /** The rules the settings hold now, with their problems reported once each time they change. */
  private rules(): AlertRule[] {
    const raw = vscode.workspace.getConfiguration('eventFlows').get<unknown>(ALERTS_SETTING);
    const { entries, problems } = readAlertEntries(raw);
    const resolved = alertRules(entries, this.services.connections.all());
    const all = [...problems, ...resolved.problems];
    const text = all.join('\n');
    if (text !== this.reported) {
      this.reported = text;
      for (const problem of all) this.services.log.warn(problem);
      if (all.length > 0) {
        void vscode.window.showWarningMessage(all.length === 1 ? all[0] : `${all[0]} (and ${all.length - 1} more in the log)`, 'Open Settings').then((choice) =>
          choice ? vscode.commands.executeCommand('workbench.action.openSettingsJson') : undefined,
        );
      }
    }
    return resolved.rules;
  }

  private where(episode: AlertEpisode): string {
    const label = this.services.connections.get(episode.rule.connectionId)?.label;
    return label === undefined ? '' : `${label}: `;
  }

  private show(active: AlertEpisode[]): void {
    const summary = alertSummary(active);
    if (summary === '') this.statusBar.hide();
    else {
      this.statusBar.text = `$(bell-dot) ${summary}`;
      this.statusBar.tooltip = active.map((e) => `${this.where(e)}${e.text}`).join('\n');
      this.statusBar.show();
    }
    this.options.changed();
  }

  private async notify(episode: AlertEpisode): Promise<void> {
    const text = `${this.where(episode)}${episode.text}`;
    this.services.log.warn(`Alert: ${text}`);
    const actions = episode.rule.when === 'deadLettersGrow' ? [OPEN_MONITOR, TRACE_DEAD_LETTER] : [OPEN_MONITOR];
    const choice = await vscode.window.showWarningMessage(text, ...actions);
    if (choice === OPEN_MONITOR) await this.options.openMonitor([targetOfRule(episode.rule)]);
    if (choice === TRACE_DEAD_LETTER && episode.rule.when === 'deadLettersGrow') await this.traceDeadLetter(episode.rule.connectionId, episode.rule.source);
  }

  /**
   * The trace of the dead-letter queue's newest message, where it can be read without effect (a stream);
   * otherwise the queue selected in the Connections view, saying why, where a peek (with its effects shown)
   * can start the trace.
   */
  async traceDeadLetter(connectionId: string, source: SourceTarget): Promise<'traced' | 'selected'> {
    const connection = this.services.connections.get(connectionId);
    if (connection !== undefined && isBrokerConnection(connection)) {
      const newest = await withProgress(`Reading the newest dead letter of ${source.name}…`, async (signal) => {
        const broker = await connection.open(signal);
        return broker.newestWithoutEffect?.(source.name, source.scope, signal);
      });
      if (newest !== undefined && 'event' in newest) {
        await vscode.commands.executeCommand(COMMANDS.traceFlow, newest.event);
        return 'traced';
      }
      if (newest !== undefined) {
        await this.revealSource(connectionId, source, `${newest.unread}. `);
        return 'selected';
      }
    }
    await this.revealSource(connectionId, source);
    return 'selected';
  }

  /**
   * The dead-letter queue in the Connections view, selected: where its peek, redrive and purge are. The tree
   * is walked a few levels down from the connection, asking each node what it stands for.
   */
  private async revealSource(connectionId: string, source: SourceTarget, why = ''): Promise<void> {
    const { tree, treeView } = this.services;
    const wanted = sourceKey(source);
    let level: TreeNode[] = (await tree.getChildren()).filter((n) => n.kind === 'connection' && n.connection.id === connectionId);
    for (let depth = 0; depth < 4 && level.length > 0; depth += 1) {
      const next: TreeNode[] = [];
      for (const node of level) {
        for (const child of await tree.getChildren(node)) {
          if (targetsOfNode(this.services, child).some((t) => t.kind === 'source' && sourceKey(t) === wanted) && child.parent?.kind !== undefined && targetsOfNode(this.services, child.parent).length === 0) {
            await treeView.reveal(child, { select: true, focus: true, expand: false });
            void vscode.window.showInformationMessage(`${why}${source.name} is selected in the Event Flows view: peek or redrive its dead letters from its context menu.`);
            return;
          }
          if (child.kind !== 'loadMore' && child.kind !== 'error' && child.kind !== 'message') next.push(child);
        }
      }
      level = next.slice(0, 200);
    }
    throw new Error(`${source.name} is not in the Event Flows view: refresh the connection.`);
  }
}
