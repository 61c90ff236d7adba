/**
 * MongoDB Extended JSON (what `mongoexport` and `mongosh` print) as plain JSON values, so an export of a
 * chapter-style `events` collection reads as events: `{"$date": …}` becomes an ISO 8601 string, `{"$oid": …}`
 * its hex, `{"$numberLong"|"$numberInt"|"$numberDouble": …}` a number (a string when it does not fit a
 * double exactly), `{"$numberDecimal": …}` its decimal string, a UUID (`$uuid`, or `$binary` subtype 4) its
 * text. Relaxed and canonical forms both. Other wrappers (`$binary`, `$timestamp`, `$regularExpression`, …)
 * stay as they are: nothing is lost, they only show as objects.
 */
import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';

/** Depth beyond which values are returned as they are (a hostile file must not overflow the stack). */
const MAX_DEPTH = 200;

/** Cheap test on the line's text before walking it: only text with `"$` can hold a wrapper. */
export function mayHoldExtendedJson(text: string): boolean {
  return text.includes('"$');
}

/** A copy of `value` with every recognised wrapper replaced; the same value when there is none. */
export function fromExtendedJson(value: JsonValue, depth = 0): JsonValue {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const converted = fromExtendedJson(value[i], depth + 1);
      if (converted !== value[i]) (copy ??= value.slice())[i] = converted;
    }
    return copy ?? value;
  }
  const unwrapped = unwrap(value);
  if (unwrapped !== undefined) return unwrapped;
  let copy: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const converted = fromExtendedJson(value[key], depth + 1);
    if (converted !== value[key]) (copy ??= { ...value })[key] = converted;
  }
  return copy ?? value;
}

function unwrap(value: JsonObject): JsonValue | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || !keys[0].startsWith('$')) return undefined;
  const inner = value[keys[0]];
  switch (keys[0]) {
    case '$oid':
    case '$uuid':
    case '$symbol':
    case '$numberDecimal':
      return typeof inner === 'string' ? inner : undefined;
    case '$numberInt':
    case '$numberLong':
    case '$numberDouble':
      return typeof inner === 'string' ? numberOf(inner) : undefined;
    case '$date':
      return dateOf(inner);
    case '$binary':
      return uuidOfBinary(inner);
    default:
      return undefined;
  }
}

/** A number when the text is one a double holds exactly (as JSON would read it); the text otherwise. */
function numberOf(text: string): JsonValue {
  const number = Number(text);
  if (!Number.isFinite(number)) return text;
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(number)) return text;
  return number;
}

function dateOf(inner: JsonValue): JsonValue | undefined {
  let millis: number;
  if (typeof inner === 'string') millis = Date.parse(inner);
  else if (typeof inner === 'number') millis = inner;
  else if (isJsonObject(inner) && typeof inner.$numberLong === 'string' && Object.keys(inner).length === 1) millis = Number(inner.$numberLong);
  else return undefined;
  if (!Number.isFinite(millis)) return typeof inner === 'string' ? inner : undefined;
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `{"$binary": {"base64": …, "subType": "04"}}`: a UUID, shown as one; any other binary stays wrapped. */
function uuidOfBinary(inner: JsonValue): JsonValue | undefined {
  if (!isJsonObject(inner) || inner.subType !== '04' || typeof inner.base64 !== 'string') return undefined;
  const hex = Buffer.from(inner.base64, 'base64').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
