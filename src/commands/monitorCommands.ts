/**
 * Open Flow Monitor (palette, and the context menu of a connection, topic, queue or group) and what the
 * monitor asks of the editor: targets picked, an alert rule written to `eventFlows.alerts`, the alerts'
 * notifications and status bar item (`AlertNotices`).
 */
import * as vscode from 'vscode';
import { ALERTS_SETTING, type AlertEntry } from '../alertSettings';
import { checkSampleInterval } from '../connectors/reads/sampler';
import type { ChartKind, MonitorTarget } from '../connectors/reads/monitorTargets';
import type { TreeNode } from '../explorer/treeNode';
import { MonitorPanels, registerMonitorSerializer } from '../panels/monitor/monitorPanel';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { AlertNotices, targetOfRule } from './alertNotices';
import { pickTargets } from './monitorTargetPick';
import type { CommandServices } from './services';

const DEFAULT_REFRESH_SECONDS = 5;

function refreshSeconds(log: vscode.LogOutputChannel): number {
  const value = vscode.workspace.getConfiguration('eventFlows').get<unknown>('monitor.refreshSeconds');
  if (value === undefined) return DEFAULT_REFRESH_SECONDS;
  const checked = checkSampleInterval(value, 'eventFlows.monitor.refreshSeconds');
  if (checked.problem !== undefined) log.warn(checked.problem);
  return checked.seconds <= 0 ? DEFAULT_REFRESH_SECONDS : checked.seconds;
}

/** What "Open Flow Monitor" can be given besides a tree node: targets (an alert's), or every alert's. */
interface OpenArgument {
  targets?: MonitorTarget[];
  alerts?: boolean;
}

export interface MonitorCommands {
  panels: MonitorPanels;
  alerts: AlertNotices;
  disposables: vscode.Disposable[];
}

export function registerMonitorCommands(services: CommandServices, extensionUri: vscode.Uri): MonitorCommands {
  const { log } = services;
  const seconds = (): number => refreshSeconds(log);
  // The monitor shows the alerts' summary and the alerts open the monitor: each reaches the other through this.
  const shared: { alerts?: AlertNotices } = {};
  const panels = new MonitorPanels({
    extensionUri,
    log,
    samplers: services.samplers,
    refreshSeconds: seconds,
    isOpen: (id) => services.connections.get(id)?.isOpen === true,
    label: (id) => services.connections.get(id)?.label,
    alerts: () => shared.alerts?.summary() ?? '',
    pickTargets: async () => {
      try {
        return await pickTargets(services);
      } catch (error) {
        if (error instanceof CancelledError) return [];
        throw error;
      }
    },
    alertWhen: (target, chart) => addAlertRule(services, target, chart as ChartKind),
  });
  const watching = new AlertNotices(services, {
    refreshSeconds: seconds,
    openMonitor: (targets) => Promise.resolve(panels.show(targets)),
    changed: () => panels.alertsChanged(),
  });
  shared.alerts = watching;
  const disposables = [
    panels,
    watching,
    registerMonitorSerializer(panels, log),
    services.connections.onDidChange(() => panels.follow()),
    // A connection opened or closed redraws its root.
    services.tree.onDidChangeTreeData(() => panels.follow()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('eventFlows.monitor.refreshSeconds')) panels.update();
    }),
    registerCommand(log, COMMANDS.openMonitor, 'open the flow monitor', async (node?: TreeNode, argument?: OpenArgument) => {
      if (argument?.alerts === true) return panels.show(watching.watch.active().map((e) => targetOfRule(e.rule)));
      if (argument?.targets !== undefined) return panels.show(argument.targets);
      // The palette with a monitor open just shows it; otherwise the user picks what to watch.
      if (node === undefined && panels.panel !== undefined) return panels.show([]);
      return panels.show(await pickTargets(services, node));
    }),
  ];
  return { panels, alerts: watching, disposables };
}

/** An alert entry without its connection, one `when` at a time. */
type ConditionEntry = { [K in AlertEntry['when']]: Omit<Extract<AlertEntry, { when: K }>, 'connection'> }[AlertEntry['when']];

/** The conditions a chart can raise an alert on. */
function conditionsOf(target: MonitorTarget, chart: ChartKind): { label: string; detail: string; entry: (value: number) => ConditionEntry; ask?: string }[] {
  if (target.kind === 'source') {
    const source = { source: target.name, ...(target.scope === undefined ? {} : { scope: target.scope }) };
    return [
      { label: 'Dead letters grow here', detail: 'When the queue holds this many more messages than before (a dead-letter queue)', ask: 'How many more messages raise the alert?', entry: (growth) => ({ when: 'deadLettersGrow', ...source, growth }) },
      { label: 'Nothing comes in', detail: 'When no message comes in for this many seconds', ask: 'Seconds without a message', entry: (s) => ({ when: 'rateZero', ...source, seconds: s }) },
    ];
  }
  if (target.kind === 'group') {
    const lagMessages = { label: 'Lag passes N messages', detail: 'When the group is this many messages behind, summed over partitions', ask: 'Messages behind', entry: (messages: number): ConditionEntry => ({ when: 'lagAbove', group: target.name, messages }) };
    const lagSeconds = { label: 'Lag passes T seconds', detail: 'When the oldest unread message is this old', ask: 'Seconds behind', entry: (s: number): ConditionEntry => ({ when: 'lagAbove', group: target.name, seconds: s }) };
    const empty = { label: 'The group loses its last member', detail: 'When no consumer is left in the group', entry: (): ConditionEntry => ({ when: 'groupEmpty', group: target.name }) };
    return chart === 'lagTime' ? [lagSeconds, lagMessages, empty] : chart === 'members' ? [empty, lagMessages, lagSeconds] : [lagMessages, lagSeconds, empty];
  }
  return [];
}

/** "Alert when…" on a chart: the condition and its threshold, written to `eventFlows.alerts` of the workspace (or the user's settings). */
async function addAlertRule(services: CommandServices, target: MonitorTarget, chart: ChartKind): Promise<void> {
  const conditions = conditionsOf(target, chart);
  if (conditions.length === 0) throw new Error('A store\'s event rate has no alert yet: alerts watch queues, topics and consumer groups.');
  const picked = await vscode.window.showQuickPick(conditions, { title: 'Alert when…', ignoreFocusOut: true });
  if (picked === undefined) return;
  let value = 1;
  if (picked.ask !== undefined) {
    const typed = await vscode.window.showInputBox({
      title: picked.label,
      prompt: picked.ask,
      value: picked.entry(1).when === 'deadLettersGrow' ? '1' : '',
      ignoreFocusOut: true,
      validateInput: (text) => (/^\s*\d+(\.\d+)?\s*$/.test(text) && Number(text) >= 1 ? undefined : 'A number, at least 1'),
    });
    if (typed === undefined) return;
    value = Number(typed);
  }
  const connection = services.connections.get(target.connectionId);
  if (connection === undefined) throw new Error('the connection of this chart is gone.');
  const unique = services.connections.all().filter((c) => c.label === connection.label).length === 1;
  const entry: AlertEntry = { connection: unique ? connection.label : connection.id, ...picked.entry(value) };
  const configuration = vscode.workspace.getConfiguration('eventFlows');
  const current = configuration.get<unknown>(ALERTS_SETTING);
  const list: unknown[] = Array.isArray(current) ? (current as unknown[]) : [];
  const where = vscode.workspace.workspaceFolders === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
  await configuration.update(ALERTS_SETTING, [...list, entry], where);
  void vscode.window.showInformationMessage(`Alert added to eventFlows.${ALERTS_SETTING} (${where === vscode.ConfigurationTarget.Global ? 'user' : 'workspace'} settings): ${picked.label.toLowerCase()}${picked.ask === undefined ? '' : ` (${value})`}.`);
}
