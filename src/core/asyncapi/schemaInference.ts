/**
 * A JSON Schema inferred from sampled payloads, one payload at a time, in bounded memory:
 * - a property is `required` when every sampled object at its place had it;
 * - a string is an `enum` when the samples hold a small closed set (few distinct values, each seen again
 *   and again), so ids and free text never become enums;
 * - a string has `format: date-time` or `format: uuid` when every sampled string at its place is one;
 * - a number that was always whole is an `integer`; a place that held several JSON types lists them all.
 * Depth and the number of places follow the payload-shape limits (`payloadShape.ts`); a cut place says so.
 */
import { jsonTypeOf, type JsonTypeName, type ShapeLimits } from '../payloadShape';

export type JsonSchema = { [keyword: string]: unknown };

export interface InferenceLimits extends ShapeLimits {
  /** At most this many distinct strings make an enum. */
  maxEnumValues: number;
  /** An enum needs at least this many samples per distinct value on average. */
  enumSamplesPerValue: number;
}

export const DEFAULT_INFERENCE_LIMITS: InferenceLimits = { maxPaths: 512, maxDepth: 32, maxEnumValues: 8, enumSamplesPerValue: 3 };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longer strings are not enum values (free text, payload blobs). */
const MAX_ENUM_LENGTH = 64;

class Place {
  readonly types = new Set<JsonTypeName>();
  /** Objects seen here, and how often each property was present in them. */
  objects = 0;
  properties: Map<string, Place> | undefined;
  items: Place | undefined;
  strings = 0;
  /** Distinct strings while they may still form an enum; undefined once they cannot. */
  distinct: Set<string> | undefined = new Set();
  allDateTime = true;
  allUuid = true;
  allIntegers = true;
  /** Times this place held a value (for `required` of the parent's property). */
  present = 0;
  /** Something below was not walked (depth or place limit). */
  cut = false;
}

export class SchemaInference {
  private readonly root = new Place();
  private places = 1;
  private samples = 0;

  constructor(private readonly limits: InferenceLimits = DEFAULT_INFERENCE_LIMITS) {}

  get sampleCount(): number {
    return this.samples;
  }

  observe(value: unknown): void {
    this.samples += 1;
    this.visit(this.root, value, 0);
  }

  schema(): JsonSchema {
    return this.render(this.root);
  }

  private visit(place: Place, value: unknown, depth: number): void {
    place.present += 1;
    const type = jsonTypeOf(value);
    place.types.add(type);
    switch (type) {
      case 'string':
        this.visitString(place, value as string);
        return;
      case 'number':
        if (!Number.isInteger(value)) place.allIntegers = false;
        return;
      case 'object':
        place.objects += 1;
        if (depth >= this.limits.maxDepth) {
          place.cut = true;
          return;
        }
        place.properties ??= new Map();
        for (const key in value as Record<string, unknown>) {
          let child = place.properties.get(key);
          if (child === undefined) {
            if (this.places >= this.limits.maxPaths) {
              place.cut = true;
              continue;
            }
            child = new Place();
            this.places += 1;
            place.properties.set(key, child);
          }
          this.visit(child, (value as Record<string, unknown>)[key], depth + 1);
        }
        return;
      case 'array':
        if (depth >= this.limits.maxDepth) {
          place.cut = true;
          return;
        }
        for (const item of value as unknown[]) {
          if (place.items === undefined) {
            if (this.places >= this.limits.maxPaths) {
              place.cut = true;
              return;
            }
            place.items = new Place();
            this.places += 1;
          }
          this.visit(place.items, item, depth + 1);
        }
        return;
      default:
        return;
    }
  }

  private visitString(place: Place, text: string): void {
    place.strings += 1;
    if (place.allDateTime && !DATE_TIME.test(text)) place.allDateTime = false;
    if (place.allUuid && !UUID.test(text)) place.allUuid = false;
    const distinct = place.distinct;
    if (distinct === undefined || distinct.has(text)) return;
    if (distinct.size >= this.limits.maxEnumValues || text.length > MAX_ENUM_LENGTH) place.distinct = undefined;
    else distinct.add(text);
  }

  private render(place: Place): JsonSchema {
    const schema: JsonSchema = {};
    const types = [...place.types].map((type) => (type === 'number' && place.allIntegers ? 'integer' : type)).sort();
    if (types.length === 1) schema.type = types[0];
    else if (types.length > 1) schema.type = types;
    if (place.types.has('string')) {
      if (place.allDateTime) schema.format = 'date-time';
      else if (place.allUuid) schema.format = 'uuid';
      else if (place.distinct !== undefined && place.distinct.size > 0 && place.strings >= place.distinct.size * this.limits.enumSamplesPerValue) {
        const values: unknown[] = [...place.distinct].sort();
        if (place.types.has('null')) values.push(null);
        // An enum is only honest when the place held nothing but these strings (and perhaps null).
        if (place.types.size === 1 || (place.types.size === 2 && place.types.has('null'))) schema.enum = values;
      }
    }
    if (place.properties !== undefined && place.properties.size > 0) {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [key, child] of [...place.properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        properties[key] = this.render(child);
        if (child.present === place.objects) required.push(key);
      }
      schema.properties = properties;
      if (required.length > 0) schema.required = required;
    }
    if (place.items !== undefined) schema.items = this.render(place.items);
    if (place.cut) schema.description = 'Not every field below here was sampled (depth or size limit).';
    return schema;
  }
}
