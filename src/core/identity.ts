import type { EventHeader, EventMetadata } from './envelope';
import type { JsonValue } from './json';
import { FROM_BODY, FROM_METADATA, compiled, firstText, firstTrace, lookupOf, readPlace, type Lookup, type ParsedPlace } from './identityPlaces';

/**
 * Where an event's identity is read from, whatever system carried it. One place per string:
 * - `header:<name>`: a message header, matched without regard to case (a header of bytes that is not text
 *   reads as a UUID when it is 16 bytes, as Spring writes `kafka_correlationId`, else as hex);
 * - `property:<name>`: an AMQP basic property as amqplib names it (`correlationId`, `messageId`, `type`);
 * - `metadata:<path>`: the stored metadata object of an event store (Local, MongoDB), a dotted path;
 * - `body:<path>`: the decoded message body, a dotted path (`metadata.correlation_id`);
 * - `traceparent:<header>`: a W3C trace context in that header (trace id and the sender's span id);
 * - `b3:<header>`: a single-header B3 context; `b3multi`: `X-B3-TraceId` with `X-B3-SpanId`.
 * The first place that holds a non-empty text wins.
 */
export type IdentityPlace = string;

export interface IdentityRules {
  eventId: readonly IdentityPlace[];
  type: readonly IdentityPlace[];
  correlationId: readonly IdentityPlace[];
  causationId: readonly IdentityPlace[];
  /** Trace places: `traceparent:`, `b3:`, `b3multi`, or a header/body/metadata holding a bare trace id. */
  traceId: readonly IdentityPlace[];
}

export type IdentityField = keyof IdentityRules;
export const IDENTITY_FIELDS: readonly IdentityField[] = ['eventId', 'type', 'correlationId', 'causationId', 'traceId'];

const same = (stem: string, names: readonly string[]) => names.map((name) => `${stem}:${name}`);

/**
 * The documented order (connectors/README.md): the protocol's own property first, then headers in the
 * spellings real systems write, then the stored metadata, then the body. Header names match in any case,
 * so `correlationId` also finds MassTransit's `CorrelationId`.
 */
export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  eventId: [
    'property:messageId',
    ...same('header', ['event-id', 'event_id', 'eventId', 'message-id', 'message_id', 'messageId', 'ce_id', 'NServiceBus.MessageId']),
    ...same('metadata', ['event_id', 'eventId', '$eventId']),
    ...same('body', ['event_id', 'eventId', 'messageId', 'metadata.event_id', 'metadata.eventId']),
  ],
  type: [
    'property:type',
    ...same('header', ['event-type', 'event_type', 'eventType', 'ce_type', 'NServiceBus.EnclosedMessageTypes']),
    ...same('body', ['type', 'eventType', 'event_type']),
  ],
  correlationId: [
    'property:correlationId',
    ...same('header', ['correlation-id', 'correlation_id', 'correlationId', 'X-Correlation-ID', 'kafka_correlationId', 'NServiceBus.CorrelationId', '$correlationId']),
    ...same('metadata', ['correlation_id', 'correlationId', '$correlationId']),
    ...same('body', ['correlation_id', 'correlationId', 'metadata.correlation_id', 'metadata.correlationId', 'metadata.$correlationId']),
  ],
  causationId: [
    ...same('header', ['causation-id', 'causation_id', 'causationId', 'X-Causation-ID', 'NServiceBus.RelatedTo', '$causationId']),
    ...same('metadata', ['causation_id', 'causationId', '$causationId']),
    ...same('body', ['causation_id', 'causationId', 'metadata.causation_id', 'metadata.causationId', 'metadata.$causationId']),
  ],
  traceId: [
    'traceparent:traceparent',
    'traceparent:MT-Activity-Id',
    'b3:b3',
    'b3multi',
    ...same('metadata', ['traceparent', 'trace_id', 'traceId']),
    ...same('body', ['metadata.traceparent', 'metadata.trace_id', 'metadata.traceId']),
  ],
};

/** What a read found where. Only what some place held is set. */
export interface Identity {
  eventId?: string;
  type?: string;
  correlationId?: string;
  causationId?: string;
  traceId?: string;
  /** The span that sent the message (W3C `parent-id`, B3 span id): the parent of whatever handles it. */
  parentSpanId?: string;
}

/** What one event carries, in the shapes connectors have at hand. */
export interface IdentitySources {
  headers?: readonly EventHeader[];
  /** AMQP basic properties (text values). */
  properties?: Readonly<Record<string, unknown>>;
  /** A store's metadata object as stored. */
  metadata?: JsonValue;
  /** The decoded body (or a store's event data). */
  body?: JsonValue;
}

/** Reads every identity field from `sources`, each by its rule list (defaults unless overridden). */
export function readIdentity(sources: IdentitySources, rules: IdentityRules = DEFAULT_IDENTITY_RULES): Identity {
  const identity: Identity = {};
  const lookup = lookupOf(sources);
  const places = placesFor(rules, lookup);
  for (const field of ['eventId', 'type', 'correlationId', 'causationId'] as const) {
    const value = firstText(places[field], lookup);
    if (value !== undefined) identity[field] = field === 'type' ? typeName(value) : value;
  }
  const trace = firstTrace(places.traceId, lookup);
  if (trace) {
    identity.traceId = trace.traceId;
    if (trace.spanId !== undefined) identity.parentSpanId = trace.spanId;
  }
  return identity;
}

/** One identity field alone, read as `readIdentity` reads it: what a search checks on every record it scans. */
export function readIdentityField(field: IdentityField, sources: IdentitySources, rules: IdentityRules = DEFAULT_IDENTITY_RULES): string | undefined {
  const lookup = lookupOf(sources);
  const places = placesFor(rules, lookup);
  if (field === 'traceId') return firstTrace(places.traceId, lookup)?.traceId;
  const value = firstText(places[field], lookup);
  return value !== undefined && field === 'type' ? typeName(value) : value;
}

/** Where `field` was found for this event (the place of the rule list that held it), or undefined: what an AsyncAPI correlation id location is made of. */
export function identityPlaceOf(field: Exclude<IdentityField, 'traceId'>, sources: IdentitySources, rules: IdentityRules = DEFAULT_IDENTITY_RULES): IdentityPlace | undefined {
  const lookup = lookupOf(sources);
  for (const place of compiled(rules[field])) if (readPlace(place, lookup) !== undefined) return place.place;
  return undefined;
}

/**
 * The first of `places` (written as identity places are) that holds a text for this event: for what an
 * event says beyond its identity, such as the application or host that sent it.
 */
export function readFirstPlace(places: readonly IdentityPlace[], sources: IdentitySources): string | undefined {
  return firstText(compiled(places), lookupOf(sources));
}

/** Rules with some fields replaced (a connection's override); unknown or malformed parts are left at default. */
export function withOverrides(overrides: Partial<Record<IdentityField, readonly string[]>> | undefined, base: IdentityRules = DEFAULT_IDENTITY_RULES): IdentityRules {
  if (!overrides) return base;
  const rules = { ...base };
  for (const field of IDENTITY_FIELDS) {
    const places = overrides[field];
    if (Array.isArray(places) && places.every((p) => typeof p === 'string')) rules[field] = places;
  }
  return rules;
}

/** Why a place string is not one this module reads, or undefined when it is fine. */
export function placeProblem(place: string): string | undefined {
  if (place === 'b3multi') return undefined;
  const match = /^(header|property|metadata|body|traceparent|b3):(.+)$/.exec(place);
  return match ? undefined : `"${place}" is not a place: use header:<name>, property:<name>, metadata:<path>, body:<path>, traceparent:<header>, b3:<header> or b3multi`;
}

/** Each field's places. */
type FieldPlaces = Readonly<Record<IdentityField, readonly ParsedPlace[]>>;

/**
 * A rule set as reads use it: the names its body and metadata places start with (their whole path, their
 * first part), and each field's places narrowed to the sources a read has, by the mask of those sources.
 */
interface CompiledRules {
  bodyNames: ReadonlySet<string>;
  metadataNames: ReadonlySet<string>;
  byPresent: (FieldPlaces | undefined)[];
}

const compiledRules = new WeakMap<IdentityRules, CompiledRules>();

/**
 * Each field's places whose source the read has. A body or metadata object that holds none of the names the
 * rules start with counts as absent: most bodies (a decoded Avro value, say) hold no identity, and one look
 * over their keys costs less than a look per place. A read without headers and with such a body looks at none.
 */
function placesFor(rules: IdentityRules, lookup: Lookup): FieldPlaces {
  let rulesCompiled = compiledRules.get(rules);
  if (rulesCompiled === undefined) {
    const names = (source: number) => new Set(IDENTITY_FIELDS.flatMap((field) => compiled(rules[field]).filter((p) => p.source === source).flatMap((p) => [p.name, p.parts[0]])));
    rulesCompiled = { bodyNames: names(FROM_BODY), metadataNames: names(FROM_METADATA), byPresent: [] };
    compiledRules.set(rules, rulesCompiled);
  }
  if (lookup.present & FROM_BODY && !holdsAnyOf(lookup.sources.body as object, rulesCompiled.bodyNames)) lookup.present &= ~FROM_BODY;
  if (lookup.present & FROM_METADATA && !holdsAnyOf(lookup.sources.metadata as object, rulesCompiled.metadataNames)) lookup.present &= ~FROM_METADATA;
  const present = lookup.present;
  let places = rulesCompiled.byPresent[present];
  if (places === undefined) {
    const of = (field: IdentityField) => compiled(rules[field]).filter((place) => (place.source & present) !== 0);
    places = { eventId: of('eventId'), type: of('type'), correlationId: of('correlationId'), causationId: of('causationId'), traceId: of('traceId') };
    rulesCompiled.byPresent[present] = places;
  }
  return places;
}

/** An object with more keys than this is read place by place rather than looked over first. */
const MAX_KEYS_LOOKED_OVER = 32;

function holdsAnyOf(value: object, names: ReadonlySet<string>): boolean {
  let looked = 0;
  // Own keys and inherited enumerable ones: a superset of what the places find, so nothing they would is missed.
  for (const key in value) {
    if (names.has(key) || ++looked > MAX_KEYS_LOOKED_OVER) return true;
  }
  return false;
}

/** NServiceBus lists assembly-qualified types (`Ns.OrderPlaced, Assembly, Version=…;Ns.IEvent, …`): the first name. */
function typeName(value: string): string {
  return value.includes(',') ? value.split(';')[0].split(',')[0].trim() : value;
}

/** The identity's metadata fields, only those found, in the shape `FlowEvent.metadata` keeps them. */
export function identityMetadata(identity: Identity): Pick<EventMetadata, 'correlationId' | 'causationId' | 'traceId' | 'parentSpanId'> {
  const metadata: Pick<EventMetadata, 'correlationId' | 'causationId' | 'traceId' | 'parentSpanId'> = {};
  if (identity.correlationId !== undefined) metadata.correlationId = identity.correlationId;
  if (identity.causationId !== undefined) metadata.causationId = identity.causationId;
  if (identity.traceId !== undefined) metadata.traceId = identity.traceId;
  if (identity.parentSpanId !== undefined) metadata.parentSpanId = identity.parentSpanId;
  return metadata;
}