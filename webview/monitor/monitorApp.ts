/**
 * The flow monitor: a grid of small live charts (one per figure of each watched topic, queue, group or
 * store), the alerts holding now, and "Add…" to watch more. The host sends the whole view when the page is
 * ready or the targets change, then one point per chart per sample. The targets are saved with the page's
 * state, so VS Code brings the same charts back after a reload.
 */
import type { MonitorToWebview, MonitorView } from '../../src/protocol/monitor';
import { el, setText } from '../shared/dom';
import { ChartView } from './chartView';
import type { Host } from './host';

export class MonitorApp {
  private readonly alerts = el('span', { className: 'monitor-alerts', attributes: { role: 'status', id: 'monitor-alerts' } });
  private readonly status = el('span', { className: 'muted monitor-status' });
  private readonly message = el('div', { className: 'monitor-message', attributes: { role: 'alert' } });
  private readonly empty = el('p', { className: 'muted monitor-empty', text: 'Nothing watched yet: add a topic, queue, consumer group or store.' });
  private readonly grid = el('div', { className: 'monitor-grid' });
  /** Holds a series class to read its theme colour from. */
  private readonly probe = el('span', { attributes: { 'aria-hidden': 'true' } });
  private charts = new Map<string, ChartView>();
  private readonly resizer: ResizeObserver;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    const add = el('button', { className: 'link-button', text: 'Add…', attributes: { type: 'button', id: 'add-targets' } });
    add.addEventListener('click', () => host.post({ type: 'addTargets' }));
    this.probe.hidden = true;
    root.append(el('header', { className: 'monitor-header' }, [el('h1', { className: 'monitor-title', text: 'Flow Monitor' }), this.status, this.alerts, add]), this.message, this.empty, this.grid, this.probe);
    this.resizer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const id = (entry.target as HTMLElement).dataset.chartId;
        const chart = id === undefined ? undefined : this.charts.get(id);
        chart?.resize(Math.floor(entry.contentRect.width));
      }
    });
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.show(first.view);
    host.post({ type: 'ready' });
  }

  private receive(message: MonitorToWebview): void {
    switch (message.type) {
      case 'view':
        this.show(message.view);
        return;
      case 'points':
        for (const point of message.points) this.charts.get(point.id)?.append(message.at, point.parts, point.values);
        return;
      case 'alerts':
        setText(this.alerts, message.alerts === '' ? '' : `Alerts: ${message.alerts}`);
        return;
      case 'error':
      case 'notice':
        setText(this.message, message.message);
        return;
    }
  }

  private show(view: MonitorView): void {
    this.host.saveState({ targets: view.targets });
    setText(this.status, `every ${view.refreshSeconds} s · the last hour`);
    setText(this.alerts, view.alerts === '' ? '' : `Alerts: ${view.alerts}`);
    const next = new Map<string, ChartView>();
    for (const chart of view.charts) {
      const known = this.charts.get(chart.id);
      if (known !== undefined) {
        known.load(chart);
        next.set(chart.id, known);
        continue;
      }
      next.set(chart.id, new ChartView(chart, this.probe, { alertWhen: (chartId) => this.host.post({ type: 'alertWhen', chartId }), remove: (chartId) => this.host.post({ type: 'removeChart', chartId }) }));
    }
    for (const [id, chart] of this.charts) {
      if (next.has(id)) continue;
      this.resizer.unobserve(chart.element);
      chart.dispose();
    }
    this.charts = next;
    this.grid.replaceChildren(...[...next.values()].map((c) => c.element));
    for (const chart of next.values()) this.resizer.observe(chart.element);
    this.empty.hidden = next.size > 0;
  }
}
