/**
 * The flow monitor: one panel, whose charts follow the targets added to it. It reads figures only while
 * visible (the session's subscriptions end when hidden) and comes back after a reload from the targets
 * the page saved (`registerMonitorSerializer`).
 */
import * as vscode from 'vscode';
import type { MonitorTarget } from '../../connectors/reads/monitorTargets';
import type { SamplerRegistry } from '../../connectors/reads/samplerRegistry';
import { describeError } from '../../errors';
import { parseMonitorMessage, parseMonitorState, type MonitorToHost, type MonitorToWebview } from '../../protocol/monitor';
import { registerPanelSerializer } from '../../ui/standIns';
import { PanelHost, type PanelPlace } from '../panelHost';
import { MonitorSession } from './monitorSession';

export const MONITOR_VIEW_TYPE = 'eventFlows.monitor';

export interface MonitorPanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  samplers: Pick<SamplerRegistry, 'subscribe'>;
  refreshSeconds(): number;
  isOpen(connectionId: string): boolean;
  label(connectionId: string): string | undefined;
  alerts(): string;
  /** "Add…": targets the user picks, or none. */
  pickTargets(): Promise<MonitorTarget[]>;
  /** "Alert when…" on a chart of this target. */
  alertWhen(target: MonitorTarget, chart: string): Promise<void>;
}

export class MonitorPanels implements vscode.Disposable {
  private current: { host: PanelHost<MonitorToHost, MonitorToWebview>; session: MonitorSession } | undefined;

  constructor(private readonly services: MonitorPanelServices) {}

  /** The open monitor's session (tests and the alert watch read it). */
  get session(): MonitorSession | undefined {
    return this.current?.session;
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.current?.host.panel;
  }

  /** Opens the monitor (or shows the open one) with these targets added. */
  show(targets: readonly MonitorTarget[]): void {
    if (this.current !== undefined) {
      if (this.current.session.add(targets)) this.sendView();
      this.current.host.panel.reveal(undefined, false);
      return;
    }
    this.open(targets, { column: vscode.ViewColumn.Active });
  }

  /** A monitor VS Code brought back after a reload, with the targets its page saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = parseMonitorState(state);
    this.current?.host.dispose();
    this.open(saved?.targets ?? [], { restored: panel });
  }

  /** The status bar's summary changed: the page shows it too. */
  alertsChanged(): void {
    void this.current?.host.post({ type: 'alerts', alerts: this.services.alerts() });
  }

  /** A new refresh interval. */
  update(): void {
    this.current?.session.restart();
  }

  /** Connections opened or closed. */
  follow(): void {
    this.current?.session.follow();
  }

  dispose(): void {
    this.current?.host.dispose();
  }

  private open(targets: readonly MonitorTarget[], place: PanelPlace): void {
    const { services } = this;
    // The session posts through the host made just after it.
    const posting: { host?: PanelHost<MonitorToHost, MonitorToWebview> } = {};
    const session = new MonitorSession(targets, {
      samplers: services.samplers,
      refreshSeconds: () => services.refreshSeconds(),
      isOpen: (id) => services.isOpen(id),
      label: (id) => services.label(id),
      alerts: () => services.alerts(),
      post: (message) => void posting.host?.post(message),
    });
    const host = new PanelHost<MonitorToHost, MonitorToWebview>(
      {
        app: 'monitor',
        viewType: MONITOR_VIEW_TYPE,
        title: 'Flow Monitor',
        label: 'Flow Monitor',
        place,
        firstView: { view: session.view() },
        parse: parseMonitorMessage,
        answer: (message) => this.answer(message),
        failure: (_message, error) => (error instanceof Error && error.name === 'CancelledError' ? undefined : describeError(error)),
      },
      services,
    );
    posting.host = host;
    const panel = host.panel;
    const entry = { host, session };
    this.current = entry;
    host.disposables.add(panel.onDidChangeViewState(() => session.setVisible(panel.visible)));
    host.disposables.add({
      dispose: () => {
        session.dispose();
        if (this.current === entry) this.current = undefined;
      },
    });
    session.setVisible(panel.visible);
  }

  private async answer(message: MonitorToHost): Promise<void> {
    const current = this.current;
    if (current === undefined) return;
    switch (message.type) {
      case 'ready':
        this.sendView();
        return;
      case 'addTargets': {
        const picked = await this.services.pickTargets();
        if (current.session.add(picked)) this.sendView();
        return;
      }
      case 'removeChart':
        current.session.removeChart(message.chartId);
        this.sendView();
        return;
      case 'alertWhen': {
        const found = current.session.chartOf(message.chartId);
        if (found === undefined) throw new Error('That chart is no longer in the monitor.');
        await this.services.alertWhen(found.target, found.chart);
        return;
      }
    }
  }

  private sendView(): void {
    const current = this.current;
    if (current !== undefined) void current.host.post({ type: 'view', view: current.session.view() });
  }
}

export function registerMonitorSerializer(panels: MonitorPanels, log: vscode.LogOutputChannel): vscode.Disposable {
  return registerPanelSerializer(MONITOR_VIEW_TYPE, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      try {
        panels.restore(panel, state);
      } catch (error) {
        panel.dispose();
        log.error(`Could not restore the flow monitor: ${describeError(error)}`);
      }
      return Promise.resolve();
    },
  });
}
