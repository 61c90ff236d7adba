/** A value that survives JSON.stringify/parse unchanged: what events carry and what states are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A string, boolean, number or bigint as JSON: a number that is not finite becomes its name (JSON has no
 * literal for NaN or Infinity), a bigint a number while that is exact and its decimal text past 2^53.
 * Anything else (null, objects, undefined, functions, symbols) gives `undefined`, for the caller to decide.
 */
export function scalarToJson(value: unknown): string | number | boolean | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    default:
      return undefined;
  }
}
