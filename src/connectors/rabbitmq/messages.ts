import { decodePayload } from '../../core/codec';
import type { EventHeader, FlowEvent } from '../../core/envelope';
import { headerValue } from '../../core/headers';
import { identityMetadata, readIdentity, type IdentityRules } from '../../core/identity';
import type { JsonValue } from '../../core/json';
import type { ReadProblem } from '../connector';
import { readDeaths, type DeathRecord } from './deadLetters';
import { headersToList, headerValueToJson, secondsToIso } from './headerValues';
import { isRabbitSource, RABBITMQ } from './rabbitSource';

/** A message as amqplib hands it over (get, consume): only what the mapping reads. */
export interface RawMessage {
  content: Uint8Array;
  fields: { exchange?: string; routingKey?: string; redelivered?: boolean };
  properties: object;
}

/** The AMQP basic properties as plain JSON (the headers table apart). */
export interface MessageProperties {
  contentType?: string;
  contentEncoding?: string;
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  expiration?: string;
  messageId?: string;
  /** ISO 8601. */
  timestamp?: string;
  type?: string;
  userId?: string;
  appId?: string;
}

/** One message read from a queue, with everything a person needs to judge it. */
export interface PeekedMessage {
  /** 0-based from the head of the queue when peeked; the stream offset's order for streams. */
  position: number;
  /** What the broker said when handing it to this read (a peek of a classic queue sets it for the next reader). */
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  properties: MessageProperties;
  headers: EventHeader[];
  /** Quorum queues: how often the message was delivered and returned before (0 when the header is absent). */
  deliveryCount?: number;
  deaths: DeathRecord[];
  streamOffset?: string;
  /** The body; only its first bytes when `wholeSize` is set. */
  body: Uint8Array;
  /**
   * Set when the body was larger than the read keeps whole (`maxBodyBytes`): its size. `body` then holds its
   * first bytes and the event a preview of them; `RabbitBroker.fetchBody` reads the whole one again.
   */
  wholeSize?: number;
  event: FlowEvent;
}

/** Bodies up to this size are kept whole by a peek; larger ones as their first bytes (see `wholeSize`). */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** How much of a body larger than `maxBodyBytes` a read keeps (and previews). */
export const FIRST_BYTES_KEPT = 16 * 1024;

/** What a peeked message holds in memory: its body (or first bytes), the preview and any base64 of it. */
export function heldBytes(message: PeekedMessage): number {
  const payload = message.event.payload;
  return message.body.byteLength + (payload ? payload.preview.length + (payload.base64?.length ?? 0) : 0);
}

export interface MessagePlace {
  vhost: string;
  queue: string;
  position: number;
  streamOffset?: string;
}

const TEXT_PROPERTIES = ['contentType', 'contentEncoding', 'correlationId', 'replyTo', 'messageId', 'type', 'userId', 'appId', 'expiration'] as const;

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const json = headerValueToJson(value);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readProperties(source: object): MessageProperties {
  const raw = source as Record<string, unknown>;
  const properties: MessageProperties = {};
  for (const key of TEXT_PROPERTIES) {
    const value = asText(raw[key]);
    if (value !== undefined) properties[key] = value;
  }
  const deliveryMode = asNumber(raw.deliveryMode);
  const priority = asNumber(raw.priority);
  if (deliveryMode !== undefined) properties.deliveryMode = deliveryMode;
  if (priority !== undefined) properties.priority = priority;
  const timestamp = raw.timestamp;
  if (typeof timestamp === 'number' && Number.isFinite(timestamp)) properties.timestamp = secondsToIso(timestamp);
  return properties;
}

function deliveryCountOf(headers: unknown): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)['x-delivery-count'];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Sets the event's id (else its place), type (else the routing key), correlation, causation and trace from
 * the one identity reader; called again with a connection's own rules when they differ from the defaults.
 */
export function identify(event: FlowEvent, sources: { properties: MessageProperties; headers: EventHeader[]; body?: JsonValue }, rules?: IdentityRules): void {
  const identity = readIdentity({ properties: sources.properties as Readonly<Record<string, unknown>>, headers: sources.headers, ...(sources.body === undefined ? {} : { body: sources.body }) }, rules);
  const source = isRabbitSource(event.source) ? event.source : undefined;
  event.id = identity.eventId ?? (source ? `${source.queue}#${source.streamOffset ?? source.position}` : event.id);
  event.type = identity.type ?? source?.routingKey ?? event.type;
  const { headers, schemaVersion } = event.metadata;
  event.metadata = { ...identityMetadata(identity), ...(schemaVersion === undefined ? {} : { schemaVersion }), ...(headers === undefined ? {} : { headers }) };
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * A message as the one event model. The event's id is the message id (else its place), its type the
 * `type` property (else the routing key), its time the `timestamp` property (empty when the publisher set
 * none: the time we read it would be a lie). Aggregate id, type and version come from the headers the
 * sample publisher writes (`aggregate-id`, `aggregate-type`, `event-version`). Never throws.
 */
export function toPeekedMessage(message: RawMessage, place: MessagePlace, options: { maxPreviewBytes?: number; maxBodyBytes?: number; identity?: IdentityRules } = {}): { message: PeekedMessage; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const rawProperties = (typeof message.properties === 'object' && message.properties !== null ? message.properties : {}) as Record<string, unknown>;
  const properties = readProperties(rawProperties);
  const table = rawProperties.headers;
  const headers = headersToList(table);
  const exchange = typeof message.fields?.exchange === 'string' ? message.fields.exchange : '';
  const routingKey = typeof message.fields?.routingKey === 'string' ? message.fields.routingKey : '';
  const content = message.content instanceof Uint8Array && ArrayBuffer.isView(message.content) ? message.content : new Uint8Array();
  const maxBodyBytes = options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  const cut = content.byteLength > maxBodyBytes;
  // A large body keeps a copy of its first bytes, so the whole one can be collected as soon as this returns.
  const body = cut ? new Uint8Array(content.subarray(0, utf8Boundary(content, Math.min(maxBodyBytes, FIRST_BYTES_KEPT)))) : content;
  const decoded = cut ? previewOfFirstBytes(body, content.byteLength, options) : decodePayload(body, options);
  const data: JsonValue = decoded.value !== undefined && !decoded.preview.truncated ? decoded.value : decoded.preview.preview;
  if (decoded.value === undefined && !cut) problems.push({ message: `message at position ${place.position} of ${place.queue} is ${decoded.preview.kind}, not JSON: shown as ${decoded.preview.kind === 'binary' ? 'hex' : 'text'}` });
  const event: FlowEvent = {
    id: '',
    type: '',
    timestamp: properties.timestamp ?? '',
    data,
    metadata: { headers },
    source: { system: RABBITMQ, vhost: place.vhost, queue: place.queue, position: place.position, exchange, routingKey, ...(place.streamOffset === undefined ? {} : { streamOffset: place.streamOffset }), ...(properties.appId === undefined ? {} : { appId: properties.appId }) },
  };
  identify(event, { properties, headers, ...(decoded.value === undefined ? {} : { body: decoded.value }) }, options.identity);
  const aggregateId = headerValue(headers, 'aggregate-id');
  if (aggregateId !== undefined) event.aggregateId = aggregateId;
  const aggregateType = headerValue(headers, 'aggregate-type');
  if (aggregateType !== undefined) event.aggregateType = aggregateType;
  const version = integer(headerValue(headers, 'event-version'));
  if (version !== undefined) event.version = version;
  if (decoded.value === undefined || decoded.preview.truncated) event.payload = decoded.preview;
  const peeked: PeekedMessage = {
    position: place.position,
    redelivered: message.fields?.redelivered === true,
    exchange,
    routingKey,
    properties,
    headers,
    deaths: readDeaths(table),
    body,
    event,
  };
  const deliveryCount = deliveryCountOf(table);
  if (deliveryCount !== undefined) peeked.deliveryCount = deliveryCount;
  if (cut) peeked.wholeSize = content.byteLength;
  if (place.streamOffset !== undefined) peeked.streamOffset = place.streamOffset;
  return { message: peeked, problems };
}

/** The preview of a body cut to its first bytes: never parsed as JSON (it is not whole), never base64. */
function previewOfFirstBytes(first: Uint8Array, wholeSize: number, options: { maxPreviewBytes?: number }): ReturnType<typeof decodePayload> {
  const { preview } = decodePayload(first, options);
  return { preview: { kind: preview.kind, size: wholeSize, preview: preview.preview, truncated: true } };
}

/** `end`, moved back so that it does not split a UTF-8 character (a text body's first bytes stay text). */
function utf8Boundary(bytes: Uint8Array, end: number): number {
  let at = Math.min(end, bytes.byteLength);
  // Continuation bytes are 10xxxxxx: step back over at most three of them to the character's first byte.
  for (let back = 0; back < 3 && at > 0 && at < bytes.byteLength && (bytes[at] & 0xc0) === 0x80; back++) at -= 1;
  return at;
}

/** Whether `whole` (read again, body whole) is the message `cut` was read as: same id, size and first bytes. */
export function sameMessage(whole: PeekedMessage, cut: PeekedMessage): boolean {
  if (whole.properties.messageId !== cut.properties.messageId) return false;
  if (whole.body.byteLength !== (cut.wholeSize ?? cut.body.byteLength)) return false;
  return Buffer.from(whole.body.buffer, whole.body.byteOffset, cut.body.byteLength).equals(cut.body);
}

/** Reads the identity of peeked messages again by a connection's own rules (no-op without them). */
export function reidentify(messages: readonly PeekedMessage[], rules: IdentityRules | undefined): void {
  if (!rules) return;
  for (const m of messages) identify(m.event, { properties: m.properties, headers: m.headers, ...(m.event.payload === undefined ? { body: m.event.data } : {}) }, rules);
}
