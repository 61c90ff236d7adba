import type { EventHeader } from './envelope';
import type { JsonValue } from './json';

/**
 * Headers as stores keep them: an object `{ name: value }` when every key is unique and every value text
 * (the shape users write by hand), otherwise the list itself, so repeats and bytes survive a round trip.
 */
export function headersForStorage(headers: readonly EventHeader[]): JsonValue {
  const keys = new Set(headers.map((h) => h.key));
  if (keys.size === headers.length && headers.every((h) => h.encoding === undefined)) {
    return Object.fromEntries(headers.map((h) => [h.key, h.value]));
  }
  return headers.map((h): JsonValue => (h.encoding === undefined ? { key: h.key, value: h.value } : { key: h.key, value: h.value, encoding: h.encoding }));
}

/**
 * Reads headers from either stored shape. Values that are not strings become their JSON text (an object
 * form written by another tool may hold numbers); list entries without a string key are left out.
 */
export function headersFromStorage(stored: JsonValue | undefined): EventHeader[] | undefined {
  if (Array.isArray(stored)) {
    const headers: EventHeader[] = [];
    for (const entry of stored) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || typeof entry.key !== 'string') continue;
      const value = entry.value;
      const header: EventHeader = { key: entry.key, value: typeof value === 'string' ? value : JSON.stringify(value ?? null) };
      if (entry.encoding === 'base64' && typeof value === 'string') header.encoding = 'base64';
      headers.push(header);
    }
    return headers;
  }
  if (typeof stored === 'object' && stored !== null) {
    return Object.entries(stored).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
  }
  return undefined;
}

/** The first header with that key, decoded as text (base64 values are returned as they are). */
export function headerValue(headers: readonly EventHeader[] | undefined, key: string): string | undefined {
  return headers?.find((h) => h.key === key)?.value;
}
