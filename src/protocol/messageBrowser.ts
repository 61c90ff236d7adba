/**
 * The message browser's messages (a broker's topic or stream, browsed without consuming). The host keeps the browsed messages in a bounded store; the
 * webview pages through it (ROW_PAGE_SIZE rows a request) and never holds them all.
 */
import * as v from 'valibot';
import {
  boundedString,
  indexSchema,
  parseMessage,
  readyMessageSchema,
  rowRequestMessageSchema,
  SELECTION_RECORDING_TARGETS,
  type ErrorMessage,
  type NoticeMessage,
  type PagedFirstView,
  type ParsedMessage,
  type RowsMessage,
  type SelectionRecordingTarget,
} from './common';

/** One row of the table: where the message is, its record time, key, headers and a value preview. */
export interface MessageRow {
  /** Position in the browse store (what selection and requests name). */
  index: number;
  partition: number;
  offset: string;
  /** The record's own timestamp (ISO 8601), never the time it was read. */
  timestamp: string;
  /** null: a null key (the record has none); `''` is an empty key. */
  key: string | null;
  /** The correlation id the identity reader found (its header, property or body field); absent: none. */
  correlationId?: string;
  /** `name=value` pairs, shortened. */
  headers: string;
  /** The value's first characters (JSON on one line, text, or hex); empty for a tombstone. */
  preview: string;
  /** The value's size in bytes (0 for a tombstone, which has no bytes at all). */
  size: number;
  /** The value is null: a tombstone, not an empty value. */
  tombstone?: true;
}

export type BrowseMode = 'latest' | 'offset' | 'timestamp' | 'beginning' | 'tail';

/** The table's columns a sort may name. */
export const SORT_COLUMNS = ['partition', 'offset', 'timestamp', 'key', 'correlation', 'headers', 'size', 'value'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** How the host orders the rows it pages out; none: the order they were read in. */
export interface MessageSort {
  column: SortColumn;
  descending: boolean;
}

export interface BrowseFilterInput {
  key?: string;
  headerKey?: string;
  headerValue?: string;
  text?: string;
  jsonPath?: string;
}

export interface BrowseParameters {
  mode: BrowseMode;
  /** latest: messages per partition. */
  count?: number;
  /** offset: where every selected partition starts. */
  offset?: string;
  /** timestamp: ms since the epoch. */
  timestamp?: number;
  /** One partition, or all when absent. */
  partition?: number;
  filter: BrowseFilterInput;
}

export type BrowseState = 'idle' | 'browsing' | 'tailing';

export interface BrowserInit {
  type: 'init';
  clusterLabel: string;
  topic: string;
  partitions: number[];
  /** Rows in the store now. */
  total: number;
  /** The most rows the store keeps. */
  capacity: number;
  parameters: BrowseParameters;
  state: BrowseState;
  /** The table's order, when the user sorted it. */
  sort?: MessageSort;
  /** Set when the topic holds dead letters: the origin topics they name (Re-publish Selected is offered). */
  deadLetterOrigins?: string[];
}

/** The topic turned out to hold dead letters (found after the page opened). */
export interface BrowserDeadLetters {
  type: 'deadLetters';
  origins: string[];
}

/** A message's place in the topic: what a selection names (store rows move when sorted or when a tail drops them). */
export interface MessagePosition {
  partition: number;
  /** Decimal text (64-bit). */
  offset: string;
}

/** The answer to `selectRange`: the positions of the rows in that stretch of the view, in view order. */
export interface BrowserRangePositions {
  type: 'rangePositions';
  requestId: number;
  positions: MessagePosition[];
}

/** The rows are in a new order: the page drops what it holds and asks again. */
export interface BrowserSorted {
  type: 'sorted';
  sort: MessageSort;
  total: number;
}

export interface BrowserStatus {
  type: 'status';
  state: BrowseState;
  total: number;
  scanned: number;
  /** True when a new browse replaced the rows (the webview resets its list). */
  reset: boolean;
  message: string;
}

export type BrowserToWebview = BrowserInit | BrowserStatus | BrowserSorted | BrowserDeadLetters | BrowserRangePositions | RowsMessage<MessageRow> | ErrorMessage | NoticeMessage;

export type BrowserFirstView = PagedFirstView<BrowserInit, MessageRow>;

const index = indexSchema();

/** The most messages one "Run Through Bus" may send (the bus itself stops at 1,000 published events). */
export const MAX_BUS_MESSAGES = 1000;
/** The most selected messages one "Re-publish" (or one saved or copied selection) from the browser may name one by one (a select-all names none). */
export const MAX_REPUBLISH_SELECTED = 10_000;
/** The most rows one shift-click range may ask the positions of (the store's capacity). */
export const MAX_RANGE_ROWS = 100_000;
const text = boundedString(2000);

const filterSchema = v.strictObject({
  key: v.optional(text),
  headerKey: v.optional(boundedString(500)),
  headerValue: v.optional(text),
  text: v.optional(text),
  jsonPath: v.optional(text),
});

const positionSchema = v.strictObject({
  partition: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
  // Written as the broker writes offsets (no leading zeros), so that a position names one record by its text.
  offset: v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,18})$/, 'an offset is a whole number without leading zeros')),
});

/**
 * What a selection names: positions one by one, or every row the browse holds except some (select all,
 * then Ctrl-click): the page never holds every row, the host does.
 */
export const messageSelectionSchema = v.union([
  v.strictObject({ positions: v.pipe(v.array(positionSchema), v.minLength(1), v.maxLength(MAX_REPUBLISH_SELECTED)) }),
  v.strictObject({ all: v.literal(true), except: v.pipe(v.array(positionSchema), v.maxLength(MAX_REPUBLISH_SELECTED)) }),
]);

export type MessageSelection = v.InferOutput<typeof messageSelectionSchema>;

export { SELECTION_RECORDING_TARGETS, type SelectionRecordingTarget };

export const browseParametersSchema = v.strictObject({
  mode: v.picklist(['latest', 'offset', 'timestamp', 'beginning', 'tail']),
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d{1,19}$/, 'an offset is a whole number'))),
  timestamp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000))),
  partition: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
  filter: filterSchema,
});

export const browserMessageSchema = v.variant('type', [
  readyMessageSchema(),
  rowRequestMessageSchema(),
  v.strictObject({ type: v.literal('browse'), parameters: browseParametersSchema }),
  v.strictObject({ type: v.literal('stop') }),
  v.strictObject({ type: v.literal('sort'), column: v.picklist(SORT_COLUMNS), descending: v.boolean() }),
  v.strictObject({ type: v.literal('open'), index }),
  v.strictObject({ type: v.literal('compare'), left: index, right: index, view: v.optional(v.picklist(['decoded', 'hex'])) }),
  v.strictObject({ type: v.literal('reproduce'), index }),
  v.strictObject({ type: v.literal('timeline'), index }),
  v.strictObject({ type: v.literal('trace'), index }),
  v.strictObject({ type: v.literal('export'), format: v.picklist(['ndjson', 'csv']) }),
  v.strictObject({ type: v.literal('runThroughBus'), indices: v.pipe(v.array(index), v.minLength(1), v.maxLength(MAX_BUS_MESSAGES)) }),
  v.strictObject({ type: v.literal('republish'), selection: messageSelectionSchema }),
  v.strictObject({ type: v.literal('recordSelection'), selection: messageSelectionSchema, to: v.picklist(SELECTION_RECORDING_TARGETS) }),
  v.strictObject({ type: v.literal('selectRange'), requestId: index, from: index, to: index }),
]);

export type BrowserToExtension = v.InferOutput<typeof browserMessageSchema>;

/** Checks a message from the webview; the error says what was wrong, for the log. */
export function parseBrowserMessage(raw: unknown): ParsedMessage<BrowserToExtension> {
  return parseMessage(browserMessageSchema, raw);
}

/** The note every browse view shows. */
export const NO_COMMIT_NOTE = 'Browsing never joins a consumer group of yours and never commits offsets: it reads with fetch requests of its own (a partition those cannot read, with a throw-away group that is deleted afterwards).';
