import type { JsonValue } from '../../../core/json';
import { isPlainObject } from './valueSchema';
import { MAX_EVALUATIONS, resolve, typesOf, type Schema, type Walk } from './jsonSchemaWalk';

/** Deeper than this a sample stops adding properties that are not required (a recursive schema ends). */
const SAMPLE_DEPTH = 8;

/** A sample of `given`; `inPlace` as in jsonSchemaValue.ts's `validate`: a schema met again for the same value samples as null. */
export function sampleOf(walk: Walk, given: Schema, name: string | undefined, depth: number, inPlace: readonly Schema[] = []): JsonValue {
  if (++walk.evaluations > MAX_EVALUATIONS || inPlace.includes(given)) return null;
  const here = typeof given === 'object' ? [...inPlace, given] : inPlace;
  let schema: Schema;
  try {
    schema = resolve(walk.root, given);
  } catch {
    // A schema that cannot be used samples as null; the check of the same value says why.
    return null;
  }
  if (typeof schema === 'boolean' || depth > 2 * SAMPLE_DEPTH) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const chosen = options.find((o) => !(isPlainObject(o) && o.type === 'null')) ?? options[0];
      return sampleOf(walk, chosen as Schema, name, depth, here);
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = schema.allOf.map((part) => sampleOf(walk, part as Schema, name, depth, here));
    const own = schema.properties !== undefined || schema.type !== undefined ? [sampleOf(walk, { ...schema, allOf: [] }, name, depth, here)] : [];
    return [...parts, ...own].reduce<JsonValue>((merged, part) => (isPlainObject(merged) && isPlainObject(part) ? { ...merged, ...part } : part), {});
  }
  const types = typesOf(schema) ?? (schema.properties !== undefined ? ['object'] : schema.items !== undefined ? ['array'] : []);
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number': {
      if (typeof schema.minimum === 'number') return schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return type === 'integer' ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
      if (typeof schema.maximum === 'number' && schema.maximum < 0) return schema.maximum;
      return 0;
    }
    case 'string':
      return sampleString(schema, name);
    case 'array': {
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
      if (prefix) return prefix.map((item) => sampleOf(walk, item as Schema, name, depth + 1));
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      if (schema.items === undefined) return typeof schema.minItems === 'number' && schema.minItems > 0 ? Array.from({ length: count }, () => null) : [];
      if (depth >= SAMPLE_DEPTH && !(typeof schema.minItems === 'number' && schema.minItems > 0)) return [];
      return Array.from({ length: Math.min(count, 3) }, () => sampleOf(walk, schema.items as Schema, name, depth + 1));
    }
    case 'object': {
      const properties = isPlainObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
      const object: Record<string, JsonValue> = {};
      for (const [key, property] of Object.entries(properties)) {
        if (depth >= SAMPLE_DEPTH && !required.has(key)) continue;
        object[key] = sampleOf(walk, property as Schema, key, depth + 1);
      }
      for (const key of required) if (!(key in object)) object[key] = null;
      return object;
    }
    default:
      return null;
  }
}

function sampleString(schema: { [key: string]: JsonValue }, name: string | undefined): string {
  switch (schema.format) {
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'date':
      return '2026-01-01';
    case 'time':
      return '00:00:00Z';
    case 'email':
      return 'someone@example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'uri':
      return 'https://example.com/';
  }
  let text = name ?? 'text';
  if (typeof schema.maxLength === 'number') text = text.slice(0, schema.maxLength);
  if (typeof schema.minLength === 'number' && text.length < schema.minLength) text = text.padEnd(schema.minLength, 'x');
  return text;
}
