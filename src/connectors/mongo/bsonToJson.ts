import { scalarToJson, type JsonValue } from '../../core/json';

/**
 * BSON values as JSON for display and replay: dates become ISO strings, ids and 64-bit numbers their
 * string or number form, binary a tagged base64. Depth is bounded so a hostile document cannot overflow
 * the stack.
 */
export function bsonToJson(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'object') {
    const scalar = scalarToJson(value);
    if (scalar !== undefined) {
      return scalar;
    }
    // Functions and symbols have no JSON form; their description is all there is to show.
    return typeof value === 'symbol' ? value.toString() : '[function]';
  }
  if (depth > 200) {
    return '… (depth limit)';
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item) => bsonToJson(item, depth + 1));
  }
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype) {
    return bsonScalar(bsontype, value);
  }
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = bsonToJson(item, depth + 1);
  }
  return result;
}

function bsonScalar(bsontype: string, value: object): JsonValue {
  switch (bsontype) {
    case 'ObjectId':
    case 'ObjectID':
      return (value as { toHexString(): string }).toHexString();
    case 'Long':
    case 'Int32':
    case 'Double': {
      const n = (value as { valueOf(): number }).valueOf();
      return Number(n);
    }
    case 'Decimal128':
      return (value as { toString(): string }).toString();
    case 'Binary':
      return { $binary: Buffer.from(binaryContent(value)).toString('base64') };
    default:
      return (value as { toString(): string }).toString();
  }
}

/** A version field as a number, whatever numeric BSON type it was stored as. */
export function toVersion(value: unknown): number | undefined {
  const json = bsonToJson(value);
  return typeof json === 'number' && Number.isInteger(json) ? json : undefined;
}

/** An id or type value as text: strings as they are, anything else in its JSON form. */
export function idText(value: unknown): string {
  const json = bsonToJson(value);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

/**
 * The bytes a BSON Binary holds. Its `buffer` may be larger than its content (a Binary built and grown
 * in place keeps spare capacity), so only the first `position` bytes count.
 */
export function binaryContent(value: object): Uint8Array {
  const { buffer, position } = value as { buffer: Uint8Array; position?: number };
  return typeof position === 'number' && position < buffer.length ? buffer.subarray(0, position) : buffer;
}
