/**
 * The messages between the extension and the bus-run webview. A run is bounded (the bus stops at 1,000
 * published events), so the host hands the webview the whole run at once, as the page's first view and
 * again on `ready`; the webview asks only for actions (run again, export, open a file, trace an event's
 * flow). Everything it sends is checked before use.
 */
import * as v from 'valibot';
import type { BusEvent, DeadLetter, HandlerRun, MiddlewareStep, StepError } from '../sandbox/bus/busTypes';
import type { SourceLocation } from '../sandbox/types';
import { boundedString, indexSchema, parseMessage, readyMessageSchema, type ErrorMessage, type JsonValue, type NoticeMessage, type ParsedMessage, type ValueChange } from './common';

export type { JsonValue };

export type { BusEvent, DeadLetter, HandlerRun, MiddlewareStep, SourceLocation, StepError };

/** One difference between what a middleware received and what it passed on (`path` empty: the whole event). */
export type MiddlewareChange = ValueChange;

export interface MiddlewareStepView extends MiddlewareStep {
  changes: MiddlewareChange[];
}

/** A published event's way through the bus, as the webview shows it: children nested under their cause. */
export interface BusTraceView {
  event: BusEvent;
  parentId?: string;
  middleware: MiddlewareStepView[];
  droppedBy?: string;
  handlers: HandlerRun[];
  children: BusTraceView[];
  error?: StepError;
}

export interface BusRunSummary {
  events: number;
  handlers: number;
  retried: number;
  dropped: number;
  failed: number;
  deadLetters: number;
}

export interface BusRunInit {
  type: 'init';
  /** What was sent through the bus, in words: "the sample flow", "the stream of Order-1001". */
  source: string;
  file: string;
  durationMs: number;
  traces: BusTraceView[];
  deadLetters: DeadLetter[];
  summary: BusRunSummary;
}

/** The page's first view is the run itself. */
export type BusRunFirstView = BusRunInit;

export type BusRunToWebview = BusRunInit | { type: 'running' } | ErrorMessage | NoticeMessage;

const MAX_PATH = 4096;
/** Event ids of 10 kB occur (some publishers put whole keys in them); anything longer is not an id of a run. */
const MAX_EVENT_ID = 16_384;

export const busRunMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('export') }),
  v.strictObject({ type: v.literal('rerun') }),
  v.strictObject({
    type: v.literal('openLocation'),
    file: v.pipe(boundedString(MAX_PATH), v.minLength(1)),
    line: v.pipe(indexSchema(), v.minValue(1)),
    column: v.optional(indexSchema()),
  }),
  /** Trace This Event's Flow from one of the run's events, named by its id. */
  v.strictObject({ type: v.literal('trace'), eventId: v.pipe(boundedString(MAX_EVENT_ID), v.minLength(1)) }),
]);

export type BusRunToExtension = v.InferOutput<typeof busRunMessageSchema>;

/** Checks a message from the bus-run webview; the error says what was wrong, for the log. */
export function parseBusRunMessage(raw: unknown): ParsedMessage<BusRunToExtension> {
  return parseMessage(busRunMessageSchema, raw);
}

/** The webview keeps nothing across reloads but which traces the user folded. */
export interface BusRunViewState {
  folded: string[];
}
