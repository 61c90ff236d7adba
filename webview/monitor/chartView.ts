/**
 * One small live chart: a header (title, latest figure, "Alert when…", remove), a uPlot canvas and a
 * one-line legend. uPlot's own legend (a table, several nodes per series) is off and its cursor points
 * too, so a chart stays a few dozen nodes however many series it draws; parts past the host's limit
 * already come folded into "other". Times arrive in ms; uPlot counts seconds.
 */
import uPlot from 'uplot';
import type { MonitorChart } from '../../src/protocol/monitor';
import { el, setText } from '../shared/dom';

/** The most points a chart keeps: an hour at one a second, as the host keeps. */
const MAX_POINTS = 3600;
const PLOT_HEIGHT = 120;
const SERIES_CLASSES = 9;

export interface ChartActions {
  alertWhen(chartId: string): void;
  remove(chartId: string): void;
}

/** The colour of series class `index`, as the theme sets it on the legend's classes (the canvas needs a value, not a variable). */
function seriesColour(probe: HTMLElement, index: number): string {
  probe.className = `series-${index % SERIES_CLASSES}`;
  return getComputedStyle(probe).color || '#3794ff';
}

function compact(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const size = Math.abs(value);
  if (size >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (size >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return size >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}

export class ChartView {
  readonly element: HTMLElement;
  private readonly latest = el('span', { className: 'chart-latest muted' });
  private readonly legend = el('p', { className: 'chart-legend muted' });
  /** Why the chart shows less than its title could mean (a store's events not by type), in one line. */
  private readonly note = el('p', { className: 'chart-note muted' });
  private readonly plotBox = el('div', { className: 'chart-plot' });
  private plot: uPlot | undefined;
  private parts: string[] = [];
  private times: number[] = [];
  private values: (number | null)[][] = [];
  private width = 0;

  constructor(
    private chart: MonitorChart,
    private readonly probe: HTMLElement,
    actions: ChartActions,
  ) {
    const alert = el('button', { className: 'link-button chart-alert', text: 'Alert when…', attributes: { type: 'button', title: 'Raise an alert on a condition of this chart' } });
    alert.addEventListener('click', () => actions.alertWhen(this.chart.id));
    const remove = el('button', { className: 'link-button chart-remove', text: '×', attributes: { type: 'button', title: 'Stop watching this', 'aria-label': 'Stop watching this' } });
    remove.addEventListener('click', () => actions.remove(this.chart.id));
    const title = el('h2', { className: 'chart-title', text: chart.title, title: `${chart.title} (${chart.unit})` });
    this.element = el('section', { className: 'monitor-chart', attributes: { 'data-chart-id': chart.id, 'data-chart-kind': chart.kind } }, [el('header', { className: 'chart-header' }, [title, this.latest, alert, remove]), this.note, this.plotBox, this.legend]);
    this.element.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      actions.alertWhen(this.chart.id);
    });
    this.load(chart);
  }

  get id(): string {
    return this.chart.id;
  }

  /** The whole window, as the host keeps it. */
  load(chart: MonitorChart): void {
    this.chart = chart;
    setText(this.note, chart.note ?? '');
    this.note.hidden = chart.note === undefined;
    this.parts = [...chart.parts];
    this.times = chart.times.map((t) => t / 1000);
    this.values = chart.values.map((v) => [...v]);
    this.rebuild();
  }

  /** One more point; new parts join with no values before it. */
  append(at: number, parts: string[], values: (number | null)[]): void {
    const grew = parts.length !== this.parts.length;
    for (let i = this.parts.length; i < parts.length; i += 1) this.values.push(this.times.map(() => null));
    this.parts = [...parts];
    this.times.push(at / 1000);
    this.values.forEach((series, i) => series.push(values[i] ?? null));
    if (this.times.length > MAX_POINTS) {
      const cut = this.times.length - MAX_POINTS;
      this.times.splice(0, cut);
      for (const series of this.values) series.splice(0, cut);
    }
    if (grew || this.plot === undefined) this.rebuild();
    else this.plot.setData([this.times, ...this.values]);
    this.showLatest();
  }

  /** The chart's width follows its box. */
  resize(width: number): void {
    if (width <= 0 || Math.abs(width - this.width) < 1) return;
    this.width = width;
    if (this.plot === undefined) this.rebuild();
    else this.plot.setSize({ width, height: PLOT_HEIGHT });
  }

  dispose(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.legend.replaceChildren(...this.parts.map((part, i) => el('span', { className: `series-${i % SERIES_CLASSES}`, text: part })));
    this.showLatest();
    if (this.width <= 0 || this.parts.length === 0) return;
    const axisColour = getComputedStyle(this.element).color || '#ccc';
    const grid = { stroke: 'rgba(128,128,128,0.15)', width: 1 };
    const options: uPlot.Options = {
      width: this.width,
      height: PLOT_HEIGHT,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, max ?? 1)] } },
      axes: [
        { stroke: axisColour, grid, ticks: grid, size: 24 },
        { stroke: axisColour, grid, ticks: grid, size: 40, values: (_u, splits) => splits.map((v) => compact(v)) },
      ],
      series: [{}, ...this.parts.map((part, i) => ({ label: part, stroke: seriesColour(this.probe, i), width: 1.5, points: { show: false } }))],
    };
    this.plot = new uPlot(options, [this.times, ...this.values], this.plotBox);
  }

  private showLatest(): void {
    const last = this.values.map((series) => series.at(-1));
    const shown = this.chart.kind === 'lagTime' ? Math.max(...last.map((v) => v ?? 0)) : last.reduce<number | null>((sum, v) => (v === null || v === undefined ? sum : (sum ?? 0) + v), null);
    setText(this.latest, this.times.length === 0 ? 'no figures yet' : `${compact(shown)} ${this.chart.unit}`);
  }
}
