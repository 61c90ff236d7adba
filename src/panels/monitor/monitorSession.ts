/**
 * What a flow monitor holds apart from its page, free of the editor API: the targets, the last hour of
 * each chart (a `SeriesStore`), and one sampler subscription per open connection while the view is
 * visible. Hidden, every subscription ends (nothing is read for the monitor); shown again, the charts get
 * a gap for the time nobody looked. A failed read is a gap on the connection's charts.
 */
import { SeriesStore } from '../../core/seriesStore';
import { CHART_UNITS, CHARTS_OF, chartId, chartsOf, chartReadings, chartTitle, monitorRequest, targetKey, type ChartKind, type MonitorTarget } from '../../connectors/reads/monitorTargets';
import { NO_TARGETS } from '../../connectors/reads/figures';
import { LagTimeTable } from '../../connectors/reads/lagTimeTable';
import type { FiguresSample, SamplerRegistry } from '../../connectors/reads/samplerRegistry';
import type { MonitorChart, MonitorPoint, MonitorToWebview, MonitorView } from '../../protocol/monitor';

/** An hour of points at the fastest refresh (1 s). */
const HOUR_MS = 3_600_000;
export const MONITOR_LIMITS = { capacity: 3600, windowMs: HOUR_MS, maxParts: 9, maxFamilies: 2000, maxTargets: 200 };

export interface MonitorSessionOptions {
  samplers: Pick<SamplerRegistry, 'subscribe'>;
  refreshSeconds(): number;
  isOpen(connectionId: string): boolean;
  /** A connection's name for chart titles; undefined when it is gone. */
  label(connectionId: string): string | undefined;
  post(message: MonitorToWebview): void;
  alerts(): string;
  now?: () => number;
}

export class MonitorSession {
  private targetList: MonitorTarget[] = [];
  private readonly store = new SeriesStore(MONITOR_LIMITS);
  private readonly subscriptions = new Map<string, { dispose(): void }>();
  /** Per connection: the lag's age estimated from the end offsets seen, as the monitor does not read it. */
  private readonly lagTimes = new Map<string, LagTimeTable>();
  private visible = false;
  /** Per chart, the figures' one line on why it shows less than it could (a MongoDB store's events, not by type). */
  private readonly notes = new Map<string, string>();

  constructor(
    targets: readonly MonitorTarget[],
    private readonly options: MonitorSessionOptions,
  ) {
    this.add(targets);
  }

  get targets(): readonly MonitorTarget[] {
    return this.targetList;
  }

  /** Connections read for the monitor now. */
  get polling(): string[] {
    return [...this.subscriptions.keys()];
  }

  /** Adds targets not shown yet (bounded); true when any was new. */
  add(targets: readonly MonitorTarget[]): boolean {
    const known = new Set(this.targetList.map(targetKey));
    const fresh = targets.filter((t) => !known.has(targetKey(t)) && known.add(targetKey(t)));
    this.targetList = [...this.targetList, ...fresh].slice(0, MONITOR_LIMITS.maxTargets);
    if (fresh.length > 0) this.restart();
    return fresh.length > 0;
  }

  /** Removes the target a chart belongs to, with all its charts. */
  removeChart(id: string): void {
    const target = this.targetList.find((t) => chartsOf(t).some((chart) => chartId(t, chart) === id));
    if (target === undefined) return;
    this.targetList = this.targetList.filter((t) => t !== target);
    this.store.drop(`${targetKey(target)}\u0000`);
    this.restart();
  }

  /** The target a chart belongs to and which chart it is. */
  chartOf(id: string): { target: MonitorTarget; chart: (typeof CHARTS_OF)[MonitorTarget['kind']][number] } | undefined {
    for (const target of this.targetList) {
      const chart = chartsOf(target).find((c) => chartId(target, c) === id);
      if (chart !== undefined) return { target, chart };
    }
    return undefined;
  }

  /** Visible: reads while shown; hidden: reads nothing. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.gapAll();
    this.restart();
  }

  /** Follows connections opened or closed: those of the targets that are open now are read, no other. */
  follow(): void {
    if (!this.visible) return;
    const wanted = new Set(this.targetList.map((t) => t.connectionId).filter((id) => this.options.isOpen(id)));
    const same = wanted.size === this.subscriptions.size && [...wanted].every((id) => this.subscriptions.has(id));
    if (!same) this.restart();
  }

  /** Subscribes afresh: new targets, a new refresh interval, or shown again. */
  restart(): void {
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
    if (!this.visible) return;
    const intervalMs = this.options.refreshSeconds() * 1000;
    for (const connectionId of new Set(this.targetList.map((t) => t.connectionId))) {
      if (!this.options.isOpen(connectionId)) continue;
      this.subscriptions.set(
        connectionId,
        this.options.samplers.subscribe(connectionId, {
          intervalMs,
          targets: () => (this.options.isOpen(connectionId) ? monitorRequest(this.targetList.filter((t) => t.connectionId === connectionId)) : NO_TARGETS),
          onSample: (sample) => this.take(connectionId, sample),
        }),
      );
    }
  }

  /** Everything the page draws. */
  view(): MonitorView {
    const charts: MonitorChart[] = this.targetList.flatMap((target) =>
      this.shownCharts(target).map((kind) => {
        const id = chartId(target, kind);
        const read = this.store.read(id) ?? { parts: [], times: [], values: [] };
        const label = this.options.label(target.connectionId) ?? 'a connection removed';
        const note = this.notes.get(id);
        return { id, title: `${label} · ${chartTitle(target, kind)}`, unit: CHART_UNITS[kind], kind, ...(note === undefined ? {} : { note }), ...read };
      }),
    );
    return { charts, alerts: this.options.alerts(), refreshSeconds: this.options.refreshSeconds(), targets: [...this.targetList] };
  }

  dispose(): void {
    this.visible = false;
    this.restart();
  }

  /** One sample of a connection: a point on each of its charts, or a gap on each when the read failed. */
  private take(connectionId: string, sample: FiguresSample): void {
    const targets = this.targetList.filter((t) => t.connectionId === connectionId);
    const families = targets.flatMap((t) => chartsOf(t).map((c) => chartId(t, c)));
    const shown = new Set(targets.flatMap((t) => this.shownCharts(t).map((c) => chartId(t, c))));
    let lagTimes = this.lagTimes.get(connectionId);
    if (lagTimes === undefined) {
      lagTimes = new LagTimeTable();
      this.lagTimes.set(connectionId, lagTimes);
    }
    const figures = sample.value.figures === undefined ? undefined : lagTimes.fill(sample.value.figures, sample.at);
    let noted = false;
    if (figures === undefined) this.store.gap(families, sample.at);
    else {
      for (const target of targets) {
        for (const reading of chartReadings(target, figures)) {
          const id = chartId(target, reading.chart);
          this.store.record(id, sample.at, reading.values, reading.fold);
          if (reading.note !== undefined && this.notes.get(id) !== reading.note) {
            this.notes.set(id, reading.note);
            noted = true;
          } else if (reading.note === undefined && this.notes.delete(id)) noted = true; // A stream's "a sample" holds for its reading only.
        }
      }
    }
    const points: MonitorPoint[] = families.flatMap((id) => {
      const latest = this.store.latest(id);
      return latest === undefined || latest.at !== sample.at ? [] : [{ id, parts: latest.parts, values: latest.values }];
    });
    // A chart that had no point until now (a topic's types) is not on the page yet: the page gets the whole view.
    if (noted || points.some((point) => !shown.has(point.id))) this.options.post({ type: 'view', view: this.view() });
    else if (points.length > 0) this.options.post({ type: 'points', at: sample.at, points });
  }

  /** A target's charts on the page: its own, and those it has only once read when they have points. */
  private shownCharts(target: MonitorTarget): ChartKind[] {
    return chartsOf(target).filter((chart) => CHARTS_OF[target.kind].includes(chart) || this.store.latest(chartId(target, chart)) !== undefined);
  }

  private gapAll(): void {
    const at = (this.options.now ?? Date.now)();
    this.store.gap(
      this.targetList.flatMap((t) => chartsOf(t).map((c) => chartId(t, c))),
      at,
    );
  }
}
