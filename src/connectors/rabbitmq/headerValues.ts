import type { EventHeader } from '../../core/envelope';
import type { JsonValue } from '../../core/json';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Header tables nest; past this depth the rest is summarised rather than walked. */
const MAX_DEPTH = 32;

/**
 * Real bytes only: an object can claim Uint8Array's prototype without being a typed array (reading its
 * buffer then throws), and such a value must read as the plain object it is.
 */
function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && ArrayBuffer.isView(value);
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** amqplib's typed values: `{ '!': 'timestamp', value: seconds }`, `{ '!': 'decimal', value: { places, digits } }`. */
function typedValue(value: Record<string, unknown>): JsonValue | undefined {
  const tag = value['!'];
  if (tag === 'timestamp' && typeof value.value === 'number') return secondsToIso(value.value);
  if (tag === 'decimal' && typeof value.value === 'object' && value.value !== null) {
    const { places, digits } = value.value as { places?: unknown; digits?: unknown };
    if (typeof places === 'number' && typeof digits === 'number') return digits / 10 ** places;
  }
  return undefined;
}

/** Seconds since the epoch (AMQP timestamps) as ISO 8601; out-of-range values stay numbers as text. */
export function secondsToIso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/**
 * Any value amqplib decodes from a header table, as JSON: bytes become text when they are UTF-8 and
 * `{ "base64": … }` otherwise, typed timestamps ISO text, decimals numbers. Never throws.
 */
export function headerValueToJson(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (isBytes(value)) return utf8(value) ?? { base64: base64(value) };
  if (depth >= MAX_DEPTH) return '… (nested too deep)';
  if (Array.isArray(value)) return value.map((item) => headerValueToJson(item, depth + 1));
  if (typeof value === 'object') {
    const typed = typedValue(value as Record<string, unknown>);
    if (typed !== undefined) return typed;
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = headerValueToJson(item, depth + 1);
    return out;
  }
  // Functions and symbols: not values a header table can hold; name their kind rather than print them.
  return `(${typeof value})`;
}

/**
 * A header table as the ordered list the event model keeps: text stays text, bytes that are not UTF-8 are
 * kept as base64, and everything else (numbers, tables, arrays) becomes its JSON text.
 */
export function headersToList(table: unknown): EventHeader[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return [];
  const headers: EventHeader[] = [];
  for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
    if (typeof value === 'string') headers.push({ key, value });
    else if (isBytes(value)) {
      const text = utf8(value);
      headers.push(text === undefined ? { key, value: base64(value), encoding: 'base64' } : { key, value: text });
    } else headers.push({ key, value: JSON.stringify(headerValueToJson(value)) });
  }
  return headers;
}

/**
 * The list back as a table to publish: a repeated key keeps its last value (AMQP tables have unique keys),
 * base64 values go out as bytes.
 */
export function listToHeaders(headers: readonly EventHeader[] | undefined): Record<string, string | Buffer> {
  const table: Record<string, string | Buffer> = {};
  for (const header of headers ?? []) table[header.key] = header.encoding === 'base64' ? Buffer.from(header.value, 'base64') : header.value;
  return table;
}
