/**
 * What every webview shares with the extension: the event model's types as the webview sees them, the
 * paging of rows, the first view a page carries as a JSON data block, the messages every app sends or
 * receives (`ready`, `error`, `notice`), and the valibot pieces each app's message schema is built from.
 * Each app adds its own messages in `protocol/<app>.ts`; the webview imports nothing else from src/.
 */
import { integer, literal, maxLength, maxValue, minValue, number, pipe, safeParse, strictObject, string, type GenericSchema } from 'valibot';
import type { ValueChange } from '../core/diff';
import type { EventMetadata, EventSource, PayloadPreview } from '../core/envelope';
import type { IntegrityIssue } from '../core/integrity';
import type { JsonValue } from '../core/json';
import type { MissingValue } from '../core/sourceDescribers';

export type { EventMetadata, EventSource, IntegrityIssue, JsonValue, MissingValue, PayloadPreview, ValueChange };

/**
 * Rows travel a page at a time: the webview's row cache asks for whole pages, and the first view a page
 * carries holds whole pages, so the two sides agree on this one number.
 */
export const ROW_PAGE_SIZE = 100;

/** The longest "stop when" expression the timeline's host accepts. */
export const MAX_BREAKPOINT_LENGTH = 2000;

/** The most rows one request may ask for (the host refuses more). */
export const MAX_ROWS_PER_REQUEST = 500;

/** The webview asks for `count` rows of the current view from `offset`; the answer carries `requestId`. */
export interface RowRequest {
  requestId: number;
  offset: number;
  count: number;
}

/** The host's answer to a row request, with the view's size at the time it answered. */
export interface RowsMessage<Row> {
  type: 'rows';
  requestId: number;
  offset: number;
  total: number;
  rows: Row[];
}

/**
 * The first view a page carries, so it paints before the host answers `ready`: the facts `init` brings
 * and the rows at `rowsOffset` (a multiple of ROW_PAGE_SIZE), where the view opens.
 */
export interface PagedFirstView<Init, Row> {
  init: Init;
  rowsOffset: number;
  rows: Row[];
}

/** The id of the `<script type="application/json">` element that holds a page's first view. */
export const FIRST_VIEW_ELEMENT_ID = 'first-view';

/** Sent by the webview once its script runs; the host answers with the app's `init`. */
/** Where selected messages go as a recording: a file in the recordings folder, or the clipboard (NDJSON). */
export const SELECTION_RECORDING_TARGETS = ['file', 'clipboard'] as const;
export type SelectionRecordingTarget = (typeof SELECTION_RECORDING_TARGETS)[number];

export interface ReadyMessage {
  type: 'ready';
}

/** Something went wrong on the host's side; the webview shows it and stays usable. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

/** Something the user should know that is not an error (an export finished, say). */
export interface NoticeMessage {
  type: 'notice';
  message: string;
}

// The schema pieces are built when an app's schema is, not when this module loads: the webview imports
// constants from here, and its bundle must not carry the schema library.

/** A position or count: a non-negative safe integer. */
export function indexSchema() {
  return pipe(number(), integer(), minValue(0), maxValue(Number.MAX_SAFE_INTEGER));
}

/** A string from the webview, bounded so that a hostile page cannot make the host hold megabytes. */
export function boundedString(length: number) {
  return pipe(string(), maxLength(length));
}

export function readyMessageSchema() {
  return strictObject({ type: literal('ready') });
}

export function rowRequestMessageSchema() {
  return strictObject({
    type: literal('requestRows'),
    requestId: indexSchema(),
    offset: indexSchema(),
    count: pipe(number(), integer(), minValue(1), maxValue(MAX_ROWS_PER_REQUEST)),
  });
}

export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; error: string };

/** Checks a message from a webview against its app's schema; the error says what was wrong, for the log. */
export function parseMessage<T>(schema: GenericSchema<unknown, T>, raw: unknown): ParsedMessage<T> {
  const result = safeParse(schema, raw);
  if (result.success) {
    return { ok: true, message: result.output };
  }
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, error: `Rejected webview message${path ? ` at "${path}"` : ''}: ${issue.message}` };
}
