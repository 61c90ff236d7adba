/**
 * How one identity place is read from one event: places parsed once per rule list, the event's sources
 * looked over once per read, and the reading of headers, properties, metadata and body paths, and trace contexts.
 */
import type { JsonValue } from './json';
import { parseB3, parseTraceparent } from './traceContext';
import type { IdentityPlace, IdentitySources } from './identity';

export function firstTrace(places: readonly ParsedPlace[], lookup: Lookup): { traceId: string; spanId?: string } | undefined {
  for (const place of places) {
    const trace = readTrace(place, lookup);
    if (trace) return trace;
  }
  return undefined;
}

export function firstText(places: readonly ParsedPlace[], lookup: Lookup): string | undefined {
  for (const place of places) {
    const value = readPlace(place, lookup);
    if (value !== undefined) return value;
  }
  return undefined;
}

export interface ParsedPlace {
  /** The place as written (`b3multi` has no stem of its own). */
  place: IdentityPlace;
  stem: string;
  name: string;
  /** The name in lower case, as header names are matched. */
  lowerName: string;
  /** The name split at its dots, for the path stems. */
  parts: readonly string[];
  /** The source the place reads (one of `FROM_*`): a read that lacks it passes the place without a look. */
  source: number;
}

const FROM_HEADERS = 1;
const FROM_PROPERTIES = 2;
export const FROM_METADATA = 4;
export const FROM_BODY = 8;
/** The source of each stem; a stem not listed reads nothing. */
const STEM_SOURCES: Readonly<Record<string, number>> = { header: FROM_HEADERS, traceparent: FROM_HEADERS, b3: FROM_HEADERS, b3multi: FROM_HEADERS, property: FROM_PROPERTIES, metadata: FROM_METADATA, body: FROM_BODY };

/** The sources of one read, with the header names lowered once rather than once per place. */
export interface Lookup {
  sources: IdentitySources;
  headerKeys: readonly string[] | undefined;
  /** The sources this read has (`FROM_*`): headers, properties, and metadata or a body that are objects. */
  present: number;
}

export function lookupOf(sources: IdentitySources): Lookup {
  const headers = sources.headers;
  const headerKeys = headers && headers.length > 0 ? headers.map((h) => h.key.toLowerCase()) : undefined;
  const present =
    (headerKeys ? FROM_HEADERS : 0) | (sources.properties != null ? FROM_PROPERTIES : 0) | (isObject(sources.metadata) ? FROM_METADATA : 0) | (isObject(sources.body) ? FROM_BODY : 0);
  return { sources, headerKeys, present };
}

/** Rule lists are a few dozen places read for every event of a scan: each list is parsed once. */
const compiledLists = new WeakMap<readonly IdentityPlace[], readonly ParsedPlace[]>();

export function compiled(places: readonly IdentityPlace[]): readonly ParsedPlace[] {
  let parsed = compiledLists.get(places);
  if (parsed === undefined) {
    parsed = places.map(parsePlace);
    compiledLists.set(places, parsed);
  }
  return parsed;
}

function parsePlace(place: IdentityPlace): ParsedPlace {
  const colon = place.indexOf(':');
  const name = colon < 0 ? '' : place.slice(colon + 1);
  const stem = colon < 0 ? place : place.slice(0, colon);
  return { place, stem, name, lowerName: name.toLowerCase(), parts: name.split('.'), source: Object.prototype.hasOwnProperty.call(STEM_SOURCES, stem) ? STEM_SOURCES[stem] : 0 };
}

export function readPlace(place: ParsedPlace, lookup: Lookup): string | undefined {
  const { stem, name, parts } = place;
  const sources = lookup.sources;
  switch (stem) {
    case 'header':
      return headerText(lookup, place.lowerName);
    case 'property':
      return text(sources.properties?.[name]);
    case 'metadata':
      return text(atPath(sources.metadata, name, parts));
    case 'body':
      return text(atPath(sources.body, name, parts));
    default:
      return undefined;
  }
}

function readTrace(place: ParsedPlace, lookup: Lookup): { traceId: string; spanId?: string } | undefined {
  if (place.place === 'b3multi') {
    const traceId = headerText(lookup, 'x-b3-traceid');
    if (traceId === undefined || !/^[0-9a-f]{16}([0-9a-f]{16})?$/i.test(traceId)) return undefined;
    const spanId = headerText(lookup, 'x-b3-spanid');
    return { traceId: traceId.toLowerCase(), ...(spanId === undefined ? {} : { spanId: spanId.toLowerCase() }) };
  }
  const stem = place.stem;
  if (stem === 'traceparent') return parseTraceparent(headerText(lookup, place.lowerName));
  if (stem === 'b3') return parseB3(headerText(lookup, place.lowerName));
  const value = readPlace(place, lookup);
  if (value === undefined) return undefined;
  return parseTraceparent(value) ?? { traceId: value };
}

/** The first non-empty header of that name (`lower`: already in lower case), in any case. */
function headerText(lookup: Lookup, lower: string): string | undefined {
  const keys = lookup.headerKeys;
  const headers = lookup.sources.headers;
  if (keys === undefined || headers === undefined) return undefined;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== lower) continue;
    const header = headers[i];
    const value = header.encoding === 'base64' ? bytesAsId(header.value) : header.value;
    if (value !== '') return value;
  }
  return undefined;
}

/** Bytes that are not text: 16 bytes read as a UUID (Spring's correlation ids), anything else as hex. */
function bytesAsId(base64: string): string {
  const hex = Buffer.from(base64, 'base64').toString('hex');
  return hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : hex;
}

function atPath(value: JsonValue | undefined, path: string, parts: readonly string[]): JsonValue | undefined {
  if (!isObject(value)) return undefined;
  // A key that itself holds dots (`NServiceBus.MessageId` in a metadata object) is tried whole first.
  if (Object.prototype.hasOwnProperty.call(value, path)) return value[path];
  if (parts.length === 1) return undefined;
  let current: JsonValue | undefined = value;
  for (const part of parts) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text ids only (numbers are taken as their decimal text); long texts are not ids. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' && value.length <= 1000 ? value : undefined;
}
