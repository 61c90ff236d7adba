import type { JsonValue } from '../../../core/json';

/** The deepest value turned into JSON; deeper (a recursive schema gone wild) is refused rather than blowing the stack. */
const MAX_DEPTH = 500;

/**
 * A decoded value as plain JSON: bytes become base64, a bigint or a Long decimal text (exact past 2^53),
 * a non-finite number its name, a Map an object. `undefined` anywhere means the bytes named something the
 * schema lacks (an enum index past its symbols): that throws, so the decoding fails and says where.
 */
export function toJsonValue(value: unknown, path = '$', depth = 0): JsonValue {
  if (depth > MAX_DEPTH) throw new Error(`${path} nests deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'undefined':
      throw new Error(`${path} has no value the schema knows`);
    case 'object':
      break;
    default:
      throw new Error(`${path} is a ${typeof value}, not data`);
  }
  if (value === null) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map((item, i) => toJsonValue(item, `${path}[${i}]`, depth + 1));
  if (value instanceof Map) {
    const object: Record<string, JsonValue> = {};
    for (const [key, item] of value) object[String(key)] = toJsonValue(item, `${path}.${String(key)}`, depth + 1);
    return object;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  const object: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    object[key] = toJsonValue((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
  return object;
}
