/**
 * The messages between the extension and the flow monitor webview. The host keeps the last hour of each
 * chart (a series family) and sends it whole when the page is ready, then one point per chart per sample
 * (a failed read is a point of nulls: a gap). Parts of a chart only ever grow, in order. The page asks to
 * add targets, remove a chart's target, or set an alert on a chart; what it sends is checked with
 * `parseMonitorMessage` before use. The targets travel in the page's saved state so the view comes back
 * after a reload.
 */
import * as v from 'valibot';
import type { ChartKind, MonitorTarget } from '../connectors/reads/monitorTargets';
import { boundedString, parseMessage, readyMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage } from './common';

export type { ChartKind, MonitorTarget };

export interface MonitorChart {
  /** The chart's id: what the page sends back to name it. */
  id: string;
  title: string;
  unit: string;
  kind: ChartKind;
  /** One line on why the chart shows less than its title could mean (a MongoDB store's events, not by type). */
  note?: string;
  parts: string[];
  /** ms since the epoch, oldest first. */
  times: number[];
  /** Per part, per time; null: a gap or not yet seen. */
  values: (number | null)[][];
}

export interface MonitorView {
  charts: MonitorChart[];
  /** What the status bar says while alerts hold ("DLQ +3 · lag 1.2k"); empty when none does. */
  alerts: string;
  /** How often the figures are read (s). */
  refreshSeconds: number;
  /** Saved by the page, for the panel serializer. */
  targets: MonitorTarget[];
}

export interface MonitorPoint {
  id: string;
  parts: string[];
  values: (number | null)[];
}

export type MonitorToWebview =
  | { type: 'view'; view: MonitorView }
  | { type: 'points'; at: number; points: MonitorPoint[] }
  | { type: 'alerts'; alerts: string }
  | ErrorMessage
  | NoticeMessage;

export interface MonitorFirstView {
  view: MonitorView;
}

/** The page's saved state: the targets, so a reload opens the same charts. */
export interface MonitorState {
  targets: MonitorTarget[];
}

const chartIdSchema = () => v.pipe(boundedString(2000), v.minLength(1, 'chartId is empty'));

export const monitorMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('addTargets') }),
  v.strictObject({ type: v.literal('removeChart'), chartId: chartIdSchema() }),
  v.strictObject({ type: v.literal('alertWhen'), chartId: chartIdSchema() }),
]);

export type MonitorToHost = v.InferOutput<typeof monitorMessageSchema>;

export function parseMonitorMessage(raw: unknown): ParsedMessage<MonitorToHost> {
  return parseMessage(monitorMessageSchema, raw);
}

const name = v.pipe(v.string(), v.maxLength(1000));
const targetSchema = v.variant('kind', [
  v.strictObject({ connectionId: name, kind: v.literal('source'), name, scope: v.optional(name) }),
  v.strictObject({ connectionId: name, kind: v.literal('group'), name }),
  v.strictObject({ connectionId: name, kind: v.literal('store') }),
]);

/** The monitor's saved state as VS Code hands it back after a reload; undefined when unreadable. */
export function parseMonitorState(raw: unknown): MonitorState | undefined {
  const result = v.safeParse(v.object({ targets: v.pipe(v.array(targetSchema), v.maxLength(500)) }), raw);
  return result.success ? { targets: result.output.targets } : undefined;
}
