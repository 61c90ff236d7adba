/**
 * The messages between the extension and the timeline webview (what every webview shares is in
 * common.ts). The host keeps the stream; the webview asks for rows a page at a time and for one event's
 * detail. Everything the webview sends is untrusted and is checked with `parseWebviewMessage` before use.
 */
import * as v from 'valibot';
import {
  boundedString,
  indexSchema,
  MAX_BREAKPOINT_LENGTH,
  parseMessage,
  readyMessageSchema,
  rowRequestMessageSchema,
  type ErrorMessage,
  type EventMetadata,
  type EventSource,
  type IntegrityIssue,
  type JsonValue,
  type MissingValue,
  type NoticeMessage,
  type PagedFirstView,
  type ParsedMessage,
  type PayloadPreview,
  type RowsMessage,
  type ValueChange,
} from './common';

export interface EventRow {
  /** Position in the whole stream (0-based). */
  index: number;
  version: number | null;
  type: string;
  timestamp: string;
  /** A few key fields of the data, for the list. */
  summary: string;
  snapshot: boolean;
  warning?: string;
  /** The reducer received this event but could not apply it: why ("ItemAdded for A has no usable price"). */
  notApplied?: string;
  /** "not replayed: the reducer failed at v3": the workspace reducer threw at an earlier event, so replay stopped there. */
  notReplayed?: string;
}

export interface EventDetail {
  index: number;
  /** Position in the filtered view, so the list can scroll to it. -1 when the filter hides it. */
  position: number;
  id: string;
  type: string;
  timestamp: string;
  version: number | null;
  /** The event's data, possibly cut down for display (see `dataTruncated`). */
  data: JsonValue;
  dataTruncated?: boolean;
  metadata: EventMetadata;
  source: EventSource;
  payload?: PayloadPreview;
  /** Set when the source says the event has no value at all (not an empty one): shown instead of the data. */
  missingValue?: MissingValue;
  /** The replayed state after this event, possibly cut down for display (see `stateTruncated`). */
  state: JsonValue;
  stateTruncated: boolean;
  /** Dotted paths of the state fields this event changed, e.g. `items.2.quantity`. */
  changedPaths: string[];
  /** Version of the snapshot replay started from, when one was used. */
  fromSnapshot?: number;
  /** "not applied: <reason>, state unchanged" when the reducer could not apply this event. */
  notApplied?: string;
  /** "not replayed: the reducer failed at v3": the state shown is the one before the failure. */
  notReplayed?: string;
}

/** A place in a file of the workspace (1-based), which the timeline shows as a link that opens it. */
export interface SourceLink {
  file: string;
  line: number;
  column?: number;
}

/**
 * What the timeline says about its reducer above the list: a workspace reducer file that did not load
 * (and what replays instead), or which of two files exporting the type is used and why.
 */
export interface ReducerNote {
  kind: 'load-failed' | 'choice';
  message: string;
  location?: SourceLink;
}

export interface TimelineInit {
  type: 'init';
  aggregateId: string;
  aggregateType: string;
  storeLabel: string;
  /** The stable id of the connection the stream was read from: what a restored panel finds it by. */
  connectionId?: string;
  reducer: string;
  total: number;
  eventTypes: string[];
  snapshotVersions: number[];
  warnings: IntegrityIssue[];
  /**
   * How many events of the stream the reducer received but could not apply. A stream replayed from
   * snapshots is not replayed whole to count them: then this is 0 and rows and details say it as replay
   * passes them.
   */
  notAppliedCount: number;
  /** Present when a file of the workspace's reducers did not load, or two export the type. */
  reducerNotes?: ReducerNote[];
  /** The workspace reducer threw at `failedAt` (`v3`): that event and the ones after it, `count` in all, were not replayed. */
  notReplayed?: { count: number; failedAt: string };
}

/**
 * What the panel writes into the page itself, as a JSON data block: the facts `init` brings and the rows
 * at the end of the view, where the timeline opens, so that the first view paints without waiting for the
 * host to answer `ready`. `rowsOffset` is the view position of `rows[0]`, a multiple of the page size.
 */
export type TimelineFirstView = PagedFirstView<TimelineInit, EventRow>;

/** One side of a comparison: which event's state it is. */
export interface ComparedVersion {
  index: number;
  version: number | null;
  type: string;
}

/** The state after event A against the state after event B: every difference, A's value beside B's. */
export interface StateComparison {
  a: ComparedVersion;
  b: ComparedVersion;
  changes: ValueChange[];
  /** More differences than the list holds. */
  truncated: boolean;
}

/** The engine features the timeline starts for its aggregate (each is also a command). */
export const TIMELINE_TOOLS = ['whatIf', 'upcastPreview', 'snapshotDrift', 'generateTest', 'debugReducer', 'runThroughBus'] as const;
export type TimelineTool = (typeof TIMELINE_TOOLS)[number];

export type ExtensionToWebview =
  | TimelineInit
  | { type: 'comparison'; comparison: StateComparison }
  /** The breakpoint now in force (null: none). */
  | { type: 'breakpoint'; expression: string | null }
  /** Play stopped: the condition is true after this event (it is also selected). */
  | { type: 'breakpointHit'; index: number; expression: string }
  | RowsMessage<EventRow>
  | { type: 'selected'; detail: EventDetail }
  | { type: 'filtered'; types: string[]; total: number }
  | { type: 'loading'; loaded: number }
  | ErrorMessage
  | NoticeMessage;

const index = indexSchema();

export const webviewMessageSchema = v.variant('type', [
  readyMessageSchema(),
  rowRequestMessageSchema(),
  // `restore` (here and on setFilter): the page's own requests after an init (its saved filter and position,
  // or the last event); the host may answer them with the filter and position it showed last instead.
  v.strictObject({ type: v.literal('select'), index, restore: v.optional(v.literal(true)) }),
  v.strictObject({ type: v.literal('step'), to: v.picklist(['first', 'previous', 'next', 'last']), restore: v.optional(v.literal(true)) }),
  v.strictObject({ type: v.literal('setFilter'), types: v.pipe(v.array(boundedString(500)), v.maxLength(1000)), restore: v.optional(v.literal(true)) }),
  v.strictObject({ type: v.literal('export'), what: v.picklist(['stream', 'state']) }),
  v.strictObject({ type: v.literal('compare'), a: index, b: index }),
  v.strictObject({ type: v.literal('setBreakpoint'), expression: boundedString(MAX_BREAKPOINT_LENGTH) }),
  /** One step of play: the next event, then the breakpoint's condition over its state. */
  v.strictObject({ type: v.literal('playStep') }),
  v.strictObject({ type: v.literal('copyLink') }),
  /** Trace the selected event's flow across every connection. */
  v.strictObject({ type: v.literal('traceFlow') }),
  v.strictObject({ type: v.literal('goToCode'), eventType: v.pipe(boundedString(500), v.minLength(1)) }),
  v.strictObject({ type: v.literal('tool'), tool: v.picklist(TIMELINE_TOOLS), from: index, to: index }),
  /** Opens a place the host named (a reducer's failing line); the host opens only places it sent. */
  v.strictObject({
    type: v.literal('openLocation'),
    file: v.pipe(boundedString(4096), v.minLength(1)),
    line: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000)),
    column: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000))),
  }),
]);

export type WebviewToExtension = v.InferOutput<typeof webviewMessageSchema>;
export type StepTarget = Extract<WebviewToExtension, { type: 'step' }>['to'];

export type ParsedWebviewMessage = ParsedMessage<WebviewToExtension>;

/** Checks a message from the webview; the error says what was wrong, for the log. */
export function parseWebviewMessage(raw: unknown): ParsedWebviewMessage {
  return parseMessage(webviewMessageSchema, raw);
}

/**
 * What the webview keeps with `setState`, so a hidden or restored panel comes back where it was. The
 * panel serializer reads the connection id, aggregate id and type to find the stream again after a window reload.
 */
export interface TimelineViewState {
  storeLabel: string;
  /** Absent in states saved before connections had stable ids: such a panel is closed on restore. */
  connectionId?: string;
  aggregateId: string;
  aggregateType: string;
  /** Stream index of the selected event. */
  selectedIndex: number | null;
  filter: string[];
}

const viewStateSchema = v.object({
  storeLabel: v.pipe(v.string(), v.maxLength(2000)),
  connectionId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2000))),
  aggregateId: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
  aggregateType: v.pipe(v.string(), v.maxLength(2000)),
  selectedIndex: v.nullable(index),
  filter: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(1000)),
});

/** Checks a restored webview state; undefined when it is missing or not one of ours. */
export function parseTimelineViewState(raw: unknown): TimelineViewState | undefined {
  const result = v.safeParse(viewStateSchema, raw);
  return result.success ? result.output : undefined;
}
