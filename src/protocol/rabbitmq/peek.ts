/**
 * The messages between the extension and the RabbitMQ peek webview: the host sends what a peek saw (each
 * message with body, properties, headers, `x-delivery-count` and `x-death`); the webview asks to peek again,
 * to open a message as a document, to run the selected ones through the workspace's bus, for the dry run of
 * a redrive of the selected or all messages to a destination (the host answers with the plan), and to run
 * the redrive that plan listed, and to save or copy the selected messages as a recording (by their
 * positions only: the host records the messages it holds). Checked with `parsePeekMessage` before use.
 */
import * as v from 'valibot';
import { indexSchema, parseMessage, readyMessageSchema, SELECTION_RECORDING_TARGETS, type ErrorMessage, type JsonValue, type NoticeMessage, type ParsedMessage } from '../common';

export interface PeekDeath {
  why: string;
  reason: string;
  queue: string;
  exchange: string;
  routingKeys: string[];
  count: number;
  time?: string;
}

export interface PeekMessageView {
  position: number;
  messageId?: string;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  /** The `type` property, else the `event-type` header. */
  type?: string;
  priority?: number;
  /** The `timestamp` property (ISO 8601): the list's age is counted from it to `readAt`. */
  timestamp?: string;
  /** The body's size in bytes, whole (not the preview's). */
  size: number;
  deliveryCount?: number;
  properties: Record<string, string | number | boolean>;
  headers: { key: string; value: string }[];
  deaths: PeekDeath[];
  /** The body as JSON when it parses whole; else its text or hex preview (see `bodyKind`), shown as text. */
  body: JsonValue;
  bodyKind: 'json' | 'text' | 'binary';
  /** The preview stops before the body's end (past the preview cap). */
  bodyTruncated?: boolean;
}

export interface PeekView {
  broker: string;
  vhost: string;
  queue: string;
  queueType: string;
  /** A queue that is some queue's dead-letter target: redrive is offered. */
  dlq: boolean;
  /** The vhost's exchanges a redrive may be sent to (named ones only; the default exchange is "where each died"). */
  exchanges: string[];
  /** What the peek did: counts before and after, that `redelivered` flips, delivery limits. */
  notes: string[];
  messages: PeekMessageView[];
  readAt: string;
}

/** Where the page asks a redrive to go: where each message died, where it was first published, or a chosen exchange. */
export type PeekRedriveDestination = { to: 'origin-queue' } | { to: 'origin-exchange' } | { to: 'exchange'; exchange: string };

/** The dry run of a redrive, as the page lists it before the redrive can be confirmed. */
export interface PeekRedrivePlan {
  positions: 'all' | number[];
  destination: PeekRedriveDestination;
  toSend: number;
  skipped: number;
  /** "exchange / routing key" → how many would go there. */
  byTarget: { target: string; count: number }[];
  /** One line per message looked at: what it is, where it would go or why it stays. */
  items: { position: number; id: string; goes?: string; stays?: string; death?: string }[];
}

export type PeekToWebview =
  | { type: 'peek'; view: PeekView }
  | { type: 'busy'; what: string }
  | { type: 'redrivePlan'; plan: PeekRedrivePlan }
  | ErrorMessage
  | NoticeMessage;

/** The most messages one "Run Through Bus" may send (the bus itself stops at 1,000 published events). */
export const MAX_BUS_MESSAGES = 1000;

/** The most positions one redrive request may name. */
export const MAX_REDRIVE_POSITIONS = 10_000;

/** The most positions one saved or copied selection may name (far more than a peek holds). */
export const MAX_RECORDED_POSITIONS = 10_000;

function positionsSchema() {
  return v.union([v.literal('all'), v.pipe(v.array(indexSchema()), v.minLength(1, 'select at least one message'), v.maxLength(MAX_REDRIVE_POSITIONS))]);
}

/** An exchange name is at most 255 bytes in AMQP 0-9-1; the default exchange ("") is not a chosen one. */
function destinationSchema() {
  return v.variant('to', [
    v.strictObject({ to: v.literal('origin-queue') }),
    v.strictObject({ to: v.literal('origin-exchange') }),
    v.strictObject({ to: v.literal('exchange'), exchange: v.pipe(v.string(), v.minLength(1, 'name an exchange'), v.maxLength(255)) }),
  ]);
}

export const peekMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('refresh') }),
  v.strictObject({ type: v.literal('open'), position: indexSchema() }),
  v.strictObject({ type: v.literal('trace'), position: indexSchema() }),
  v.strictObject({ type: v.literal('runThroughBus'), positions: v.pipe(v.array(indexSchema()), v.minLength(1, 'select at least one message'), v.maxLength(MAX_BUS_MESSAGES)) }),
  v.strictObject({ type: v.literal('planRedrive'), positions: positionsSchema(), destination: destinationSchema() }),
  v.strictObject({ type: v.literal('redrive'), positions: positionsSchema(), destination: destinationSchema() }),
  v.strictObject({
    type: v.literal('recordSelection'),
    positions: v.pipe(v.array(indexSchema()), v.minLength(1, 'select at least one message'), v.maxLength(MAX_RECORDED_POSITIONS)),
    to: v.picklist(SELECTION_RECORDING_TARGETS),
  }),
]);

export type PeekToHost = v.InferOutput<typeof peekMessageSchema>;

export function parsePeekMessage(raw: unknown): ParsedMessage<PeekToHost> {
  return parseMessage(peekMessageSchema, raw);
}

export interface PeekFirstView {
  view: PeekView;
}
