/**
 * What a flow monitor watches, in words every kind shares: a source (a topic, a queue) by name and scope, a
 * consumer group, or a store's event count; the charts each has; what the sampler reads for them; and how
 * one reading becomes a point per chart (its parts: rate in and out, ready and unacked, one per partition).
 */
import type { Fold } from '../../core/seriesStore';
import { sourceKey, type Figures, type FiguresRequest } from './figures';

export type MonitorTarget =
  | { connectionId: string; kind: 'source'; name: string; scope?: string }
  | { connectionId: string; kind: 'group'; name: string }
  | { connectionId: string; kind: 'store' };

/** `rate`: messages per second in and out; `depth`: held (ready / unacked); `lag`: messages behind per partition; `lagTime`: age of the oldest unread (s) per partition; `members`; `events`: a store's (or a topic's) events per second, per type where it knows types. */
export type ChartKind = 'rate' | 'depth' | 'lag' | 'lagTime' | 'members' | 'events';

export const CHARTS_OF: { [K in MonitorTarget['kind']]: readonly ChartKind[] } = {
  source: ['rate', 'depth'],
  group: ['lag', 'lagTime', 'members'],
  store: ['events'],
};

/** Charts a target has only once its figures carry them: a topic's events per type, where the broker reads types. */
export const CHARTS_WHEN_READ: { [K in MonitorTarget['kind']]: readonly ChartKind[] } = {
  source: ['events'],
  group: [],
  store: [],
};

/** Every chart a target can have: its own, then those it has once read. */
export const chartsOf = (target: MonitorTarget): readonly ChartKind[] => [...CHARTS_OF[target.kind], ...CHARTS_WHEN_READ[target.kind]];

export const CHART_UNITS: Record<ChartKind, string> = { rate: 'msg/s', depth: 'messages', lag: 'messages behind', lagTime: 's behind', members: 'members', events: 'events/s' };

const SEP = '\u0000';

export function targetKey(target: MonitorTarget): string {
  return target.kind === 'store' ? [target.connectionId, 'store'].join(SEP) : [target.connectionId, target.kind, target.kind === 'source' ? (target.scope ?? '') : '', target.name].join(SEP);
}

/** A chart's id: the series family it draws. */
export const chartId = (target: MonitorTarget, chart: ChartKind): string => `${targetKey(target)}${SEP}${chart}`;

export function targetName(target: MonitorTarget): string {
  if (target.kind === 'store') return 'events';
  if (target.kind === 'group') return `group ${target.name}`;
  return target.scope === undefined || target.scope === '' || target.scope === '/' ? target.name : `${target.scope} ${target.name}`;
}

const CHART_TITLES: Record<ChartKind, string> = { rate: 'in / out per second', depth: 'held', lag: 'lag (messages)', lagTime: 'lag (time)', members: 'members', events: 'events per second' };

export function chartTitle(target: MonitorTarget, chart: ChartKind): string {
  return `${targetName(target)} · ${target.kind === 'source' && chart === 'events' ? 'events per second by type' : CHART_TITLES[chart]}`;
}

/** What the sampler reads for these targets. */
export function monitorRequest(targets: readonly MonitorTarget[]): FiguresRequest {
  const sources = targets.flatMap((t) => (t.kind === 'source' ? [{ name: t.name, ...(t.scope === undefined ? {} : { scope: t.scope }) }] : []));
  const groups = targets.flatMap((t) => (t.kind === 'group' ? [t.name] : []));
  // The lag's age is estimated from the offsets seen (`LagTimeTable`): reading it each second would cost many times the rest.
  // Every source's types are asked for: a source that cannot be read without effect (a classic or quorum queue) passes over the ask.
  return { sources, groups, lagOf: groups, lagAge: false, ...(sources.length > 0 ? { eventTypesOf: sources } : {}), ...(targets.some((t) => t.kind === 'store') ? { events: true, eventTypes: true } : {}) };
}

export interface ChartReading {
  chart: ChartKind;
  fold: Fold;
  values: [string, number][];
  /** Why the chart shows less than it could (the figures' own words). */
  note?: string;
}

/** One reading of a target as a point per chart; a chart the figures say nothing about gets none. */
export function chartReadings(target: MonitorTarget, figures: Figures): ChartReading[] {
  const readings: ChartReading[] = [];
  const add = (chart: ChartKind, values: [string, number | undefined][], fold: Fold = 'sum'): void => {
    const known = values.filter((v): v is [string, number] => v[1] !== undefined);
    if (known.length > 0) readings.push({ chart, fold, values: known });
  };
  if (target.kind === 'source') {
    const source = figures.sources.find((s) => sourceKey(s) === sourceKey({ name: target.name, ...(target.scope === undefined ? {} : { scope: target.scope }) }));
    if (source === undefined) return readings;
    add('rate', [['in', source.publishRate], ['out', source.deliverRate]]);
    add('depth', source.ready === undefined ? [['held', source.messages]] : [['ready', source.ready], ['unacked', source.unacked]]);
    if (source.eventTypes !== undefined) add('events', source.eventTypeRates ?? []);
    const counted = readings.find((r) => r.chart === 'events');
    if (counted !== undefined && source.eventTypesNote !== undefined) counted.note = source.eventTypesNote;
  } else if (target.kind === 'group') {
    const group = figures.groups.find((g) => g.group === target.name);
    if (group === undefined) return readings;
    const partitions = group.lag?.partitions ?? [];
    add('lag', partitions.map((p): [string, number] => [`${p.source}/${p.partition}`, Number(p.lag)]));
    add('lagTime', partitions.map((p): [string, number] => [`${p.source}/${p.partition}`, (p.lagMs ?? 0) / 1000]), 'max');
    add('members', [['members', group.members]]);
  } else if (figures.eventTypes !== undefined) {
    // The store knows its types: one part per type (the chart folds the rare ones into "other").
    add('events', figures.eventTypeRates ?? []);
  } else {
    add('events', [['events', figures.eventRate]]);
    const counted = readings.find((r) => r.chart === 'events');
    if (counted !== undefined && figures.eventTypesWhyNot !== undefined) counted.note = figures.eventTypesWhyNot;
  }
  return readings;
}
