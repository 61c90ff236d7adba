import type { JsonValue } from '../../../core/json';

/** Where in a JSON value a problem is: property names and array indexes from the root. */
export type ValuePath = readonly (string | number)[];

export interface SchemaProblem {
  path: ValuePath;
  message: string;
}

export type ValueSchemaFormat = 'avro' | 'protobuf' | 'json-schema';

/**
 * A schema a produce document's value is written against: a sample to start from, the value's problems
 * (each at its path), and its bytes as the schema's serializer writes them (without registry framing).
 * The JSON is the shape the decoders show when they read the bytes back, so a browsed value produced
 * again is valid as it stands.
 */
export interface ValueSchema {
  readonly format: ValueSchemaFormat;
  /** The record's full name, the Protobuf message or the JSON Schema's title. */
  readonly name: string;
  sample(): JsonValue;
  check(value: JsonValue): SchemaProblem[];
  /** The value's bytes; throws when `check` finds a problem. */
  encode(value: JsonValue): Buffer;
  /** Confluent's Protobuf message indexes of the message type (its path in the file), written after a registry id. */
  readonly messageIndexes?: readonly number[];
}

/** A path as the user reads it: `lines[0].sku`, or `the value` for the root. */
export function describePath(path: ValuePath): string {
  if (path.length === 0) return 'the value';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${i === 0 ? '' : '.'}${part}` : `[${JSON.stringify(part)}]`)).join('');
}

export function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes are written as base64 text, as the decoders show them. */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

export function isPlainObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
