import { scalarToJson, type JsonValue } from '../../../core/json';

/** The deepest value turned into JSON; deeper (a recursive schema gone wild) is refused rather than blowing the stack. */
const MAX_DEPTH = 500;

/**
 * A decoded value as plain JSON: bytes become base64, a bigint or a Long decimal text (exact past 2^53),
 * a non-finite number its name, a Map an object, a class instance (avsc's records) a plain object.
 * `undefined` anywhere means the bytes named something the schema lacks (an enum index past its symbols):
 * that throws, so the decoding fails and says why. Called once per decoded value: no path is built
 * unless it throws.
 */
export function toJsonValue(value: unknown): JsonValue {
  return convert(value, 0);
}

function convert(value: unknown, depth: number): JsonValue {
  if (typeof value !== 'object') {
    const scalar = scalarToJson(value);
    if (scalar !== undefined) return scalar;
    if (value === undefined) throw new Error('a value the schema does not know (an enum index or union branch past its end)');
    throw new Error(`a ${typeof value} where data was expected`);
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) throw new Error(`the value nests deeper than ${MAX_DEPTH} levels`);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) {
    const array: JsonValue[] = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i++) array[i] = convert(value[i], depth + 1);
    return array;
  }
  if (value instanceof Map) {
    const object: Record<string, JsonValue> = {};
    for (const [key, item] of value) object[String(key)] = convert(item, depth + 1);
    return object;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  const object: Record<string, JsonValue> = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) object[key] = convert(source[key], depth + 1);
  return object;
}
