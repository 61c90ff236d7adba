import type { EventHeader, FlowEvent } from '../envelope';
import { readIdentity } from '../identity';
import { routedPlaceOf } from '../sourceDescribers';
import type { FlowNode, FlowRetry, FoundEvent, IdDisagreement } from './flowTypes';

/** An `x-death` header of thousands of entries is damage, not history: the first ones are kept. */
const MAX_RETRIES = 50;

/** A node's fields from a found event (index and lane are set by the trace). */
export function nodeOf(found: FoundEvent): Omit<FlowNode, 'index' | 'lane' | 'foundAt'> {
  const { event } = found;
  const time = Date.parse(event.timestamp);
  const metadata = event.metadata;
  return {
    eventId: event.id,
    type: event.type,
    timestamp: event.timestamp,
    ...(Number.isNaN(time) ? {} : { time }),
    system: event.source.system,
    place: placeIn(found),
    source: found.source,
    ...(metadata.correlationId === undefined ? {} : { correlationId: metadata.correlationId }),
    ...(metadata.causationId === undefined ? {} : { causationId: metadata.causationId }),
    ...(metadata.traceId === undefined ? {} : { traceId: metadata.traceId }),
    ...(metadata.parentSpanId === undefined ? {} : { spanId: metadata.parentSpanId }),
    ...(event.aggregateId === undefined ? {} : { aggregateId: event.aggregateId }),
    ...(event.version === undefined ? {} : { version: event.version }),
    retries: retriesOf(metadata.headers),
    disagreements: disagreementsOf(event),
  };
}

/** A store's events read as connection › aggregate vN; a broker's as its kind describes them. */
function placeIn(found: FoundEvent): string {
  const { event } = found;
  const described = routedPlaceOf(event);
  if (described !== event.id) return described;
  if (event.aggregateId !== undefined) return `${found.connectionLabel} › ${event.aggregateId}${event.version === undefined ? '' : ` v${event.version}`}`;
  return found.source;
}

/**
 * The retries an `x-death` header records (RabbitMQ writes it as a table; the event model keeps it as its
 * JSON text). Never throws: a damaged header gives what it has.
 */
export function retriesOf(headers: readonly EventHeader[] | undefined): FlowRetry[] {
  const header = headers?.find((h) => h.key.toLowerCase() === 'x-death' && h.encoding === undefined);
  if (header === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const retries: FlowRetry[] = [];
  for (const entry of parsed.slice(0, MAX_RETRIES)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const record = entry as Record<string, unknown>;
    const count = typeof record.count === 'number' && Number.isFinite(record.count) ? record.count : 0;
    const retry: FlowRetry = { reason: text(record.reason), queue: text(record.queue), exchange: text(record.exchange), count };
    if (typeof record.time === 'string') retry.time = record.time;
    retries.push(retry);
  }
  return retries;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Ids that the headers and the body name differently. The identity reader takes the first place that holds
 * one (headers before the body), so the event carries the header's; the body's is what a consumer reading
 * the body alone would see, and a trace says so rather than choosing in silence.
 */
export function disagreementsOf(event: FlowEvent): IdDisagreement[] {
  const headers = event.metadata.headers;
  if (headers === undefined || headers.length === 0 || typeof event.data !== 'object' || event.data === null) return [];
  const fromHeaders = readIdentity({ headers });
  const fromBody = readIdentity({ body: event.data });
  const found: IdDisagreement[] = [];
  const used: Record<IdDisagreement['field'], string | undefined> = { eventId: event.id, correlationId: event.metadata.correlationId, causationId: event.metadata.causationId };
  for (const field of ['eventId', 'correlationId', 'causationId'] as const) {
    const header = fromHeaders[field];
    const body = fromBody[field];
    if (header !== undefined && body !== undefined && header !== body) found.push({ field, header, body, used: used[field] ?? header });
  }
  return found;
}
