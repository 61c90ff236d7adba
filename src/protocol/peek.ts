/**
 * The messages between the extension and the RabbitMQ peek webview: the host sends what a peek saw (each
 * message with body, properties, headers, `x-delivery-count` and `x-death`); the webview asks to peek again,
 * to open a message as a document, to run the selected ones through the workspace's bus, or to redrive the selected or all messages (the host runs the dry run
 * and asks for confirmation). Checked with `parsePeekMessage` before use.
 */
import * as v from 'valibot';
import { indexSchema, parseMessage, readyMessageSchema, type ErrorMessage, type JsonValue, type NoticeMessage, type ParsedMessage } from './common';

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
  deliveryCount?: number;
  properties: Record<string, string | number | boolean>;
  headers: { key: string; value: string }[];
  deaths: PeekDeath[];
  /** The body as JSON when it parses; else its text or hex preview (see `bodyKind`). */
  body: JsonValue;
  bodyKind: 'json' | 'text' | 'binary';
}

export interface PeekView {
  broker: string;
  vhost: string;
  queue: string;
  queueType: string;
  /** A queue that is some queue's dead-letter target: redrive is offered. */
  dlq: boolean;
  /** What the peek did: counts before and after, that `redelivered` flips, delivery limits. */
  notes: string[];
  messages: PeekMessageView[];
  readAt: string;
}

export type PeekToWebview = { type: 'peek'; view: PeekView } | { type: 'busy'; what: string } | ErrorMessage | NoticeMessage;

/** The most messages one "Run Through Bus" may send (the bus itself stops at 1,000 published events). */
export const MAX_BUS_MESSAGES = 1000;

/** The most positions one redrive request may name. */
export const MAX_REDRIVE_POSITIONS = 10_000;

export const peekMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('refresh') }),
  v.strictObject({ type: v.literal('open'), position: indexSchema() }),
  v.strictObject({ type: v.literal('runThroughBus'), positions: v.pipe(v.array(indexSchema()), v.minLength(1, 'select at least one message'), v.maxLength(MAX_BUS_MESSAGES)) }),
  v.strictObject({ type: v.literal('redrive'), positions: v.union([v.literal('all'), v.pipe(v.array(indexSchema()), v.minLength(1, 'select at least one message'), v.maxLength(MAX_REDRIVE_POSITIONS))]) }),
]);

export type PeekToHost = v.InferOutput<typeof peekMessageSchema>;

export function parsePeekMessage(raw: unknown): ParsedMessage<PeekToHost> {
  return parseMessage(peekMessageSchema, raw);
}

export interface PeekFirstView {
  view: PeekView;
}
