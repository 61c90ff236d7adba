/**
 * A broker message (a browsed record, a peeked queue message) as an event the bus can publish. The
 * connectors already map each message to a `FlowEvent` (the same events the key timeline and the
 * peeked-event store replay); this only adds what
 * a bus needs on top: a JSON body, and the envelope unwrapped when the body is one (`event_id`/`id`,
 * `event_type`/`type`, `timestamp`, `data`, as the chapter's stored events and many publishers write them).
 */
import type { FlowEvent } from '../../core/envelope';
import { headerValue } from '../../core/headers';
import type { JsonValue } from '../../core/json';
import { placeOf } from '../../core/sourceDescribers';

export type MessageForBus = { ok: true; event: FlowEvent } | { ok: false; reason: string };

type JsonObject = { [key: string]: JsonValue };

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const idText = (value: JsonValue | undefined): string | undefined => text(value) ?? (typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

/** The body's envelope fields, when the body is an envelope: an object with a type field and a `data` field. */
function envelopeOf(body: JsonValue): JsonObject | undefined {
  if (!isObject(body) || !('data' in body)) return undefined;
  return text(body.event_type) ?? text(body.type) ?? text(body.eventType) ? body : undefined;
}

/**
 * The message as a bus event, or why it cannot be one. A body that is not JSON (text, bytes) or too large
 * to decode whole is refused with a reason naming the message; nothing here throws. The type is the
 * `event-type` header, else the envelope's `event_type`/`type`, else what the connector mapped (the identity
 * reader's type, else what the kind falls back to: a routing key, `message`).
 */
export function messageToBusEvent(message: FlowEvent): MessageForBus {
  const payload = message.payload;
  if (payload !== undefined) {
    const what = payload.kind === 'json' ? `a JSON body too large to decode whole (${payload.size} bytes)` : `a ${payload.kind === 'binary' ? 'binary' : 'text'} body (${payload.size} bytes), not JSON`;
    return { ok: false, reason: `${placeOf(message)} has ${what}: the bus runs JSON events only.` };
  }
  const headers = message.metadata.headers ?? [];
  const envelope = envelopeOf(message.data);
  const type = headerValue(headers, 'event-type') ?? (envelope ? (text(envelope.event_type) ?? text(envelope.type) ?? text(envelope.eventType)) : undefined) ?? message.type;
  if (!envelope) return { ok: true, event: { ...message, type } };
  const id = headerValue(headers, 'event-id') ?? idText(envelope.event_id) ?? idText(envelope.id) ?? idText(envelope.eventId) ?? message.id;
  const timestamp = text(envelope.timestamp) ?? message.timestamp;
  const aggregateId = idText(envelope.aggregate_id) ?? idText(envelope.aggregateId) ?? message.aggregateId;
  const version = typeof envelope.version === 'number' && Number.isInteger(envelope.version) ? envelope.version : message.version;
  const event: FlowEvent = { ...message, id, type, timestamp, data: envelope.data };
  if (aggregateId !== undefined) event.aggregateId = aggregateId;
  if (version !== undefined) event.version = version;
  return { ok: true, event };
}

export interface MessagesForBus {
  events: FlowEvent[];
  /** One line per message left out, saying which and why. */
  refused: string[];
}

/** Every message that can run, and why the others cannot. */
export function messagesToBusEvents(messages: readonly FlowEvent[]): MessagesForBus {
  const events: FlowEvent[] = [];
  const refused: string[] = [];
  for (const message of messages) {
    const mapped = messageToBusEvent(message);
    if (mapped.ok) events.push(mapped.event);
    else refused.push(mapped.reason);
  }
  return { events, refused };
}
