import type * as Avsc from 'avsc';
import { failed, reasonOf, type Decoding, type SchemaRef } from './decoding';
import type { JsonValue } from '../../../core/json';
import { toJsonValue } from './jsonValue';

/** A compiled Avro schema: decodes one value's bytes (no framing) to JSON. */
export interface AvroDecoder {
  readonly name: string;
  decode(bytes: Buffer, schema?: SchemaRef): Decoding;
}

/** How far past the remaining bytes an array or map may claim items (items of no bytes, such as nulls). */
const MAX_EMPTY_ITEMS = 1_000_000;

interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
}

interface ReadableType {
  _read(tap: Tap): unknown;
}

type TypeClass = new (schema: unknown, opts: unknown) => ReadableType;

/**
 * avsc's array, map and long types with bounded readers, for the `typeHook` of `forSchema`. avsc freezes
 * its types, so the readers are subclasses made once per loaded library rather than patches of instances.
 */
interface GuardedTypes {
  array: TypeClass;
  map: TypeClass;
  long: TypeClass;
}

const guardedTypes = new WeakMap<object, GuardedTypes>();

function guardedTypesOf(avsc: typeof Avsc): GuardedTypes {
  let types = guardedTypes.get(avsc.types);
  if (types) return types;
  const library = avsc.types as unknown as { ArrayType: TypeClass; MapType: TypeClass; LongType: TypeClass };
  class BoundedArrayType extends library.ArrayType {
    declare readonly itemsType: ReadableType;
    override _read(tap: Tap): unknown[] {
      return readBlocks(tap, () => this.itemsType._read(tap));
    }
  }
  class BoundedMapType extends library.MapType {
    declare readonly valuesType: ReadableType;
    override _read(tap: Tap): Record<string, unknown> {
      const map: Record<string, unknown> = {};
      for (const [key, value] of readBlocks(tap, () => [tap.readString(), this.valuesType._read(tap)] as const)) map[key] = value;
      return map;
    }
  }
  class ExactLongType extends library.LongType {
    override _read(tap: Tap): number | bigint {
      return readExactLong(tap);
    }
  }
  types = { array: BoundedArrayType, map: BoundedMapType, long: ExactLongType };
  guardedTypes.set(avsc.types, types);
  return types;
}

function typeHookFor(avsc: typeof Avsc): (schema: unknown, opts: unknown) => ReadableType | undefined {
  const types = guardedTypesOf(avsc);
  return (schema, opts) => {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
    const declared = schema as { type?: unknown; logicalType?: unknown };
    if (declared.type === 'array') return new types.array(schema, opts);
    if (declared.type === 'map') return new types.map(schema, opts);
    if (declared.type === 'long') return new types.long(schema, opts);
    return undefined;
  };
}

/**
 * Compiles an Avro schema (JSON text). Throws with the parser's reason when the schema is not Avro.
 * Arrays and maps are read with a bound (avsc trusts a block's item count: bytes claiming 2^31 items of
 * a zero-size type would loop for minutes), and a long past 2^53 comes out exact instead of failing.
 */
export function compileAvro(avsc: typeof Avsc, schemaText: string): AvroDecoder {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaText);
  } catch (error) {
    throw new Error(`the Avro schema is not JSON: ${reasonOf(error)}`);
  }
  const typeHook = typeHookFor(avsc) as unknown as Avsc.ForSchemaOptions['typeHook'];
  const type = avsc.Type.forSchema(parsed as Avsc.Schema, { typeHook });
  const name = type.name ?? type.typeName;
  const toJson = converterFor(type, new Map()) ?? ((value: unknown) => value as JsonValue);
  return {
    name,
    decode(bytes, schema = { name }) {
      try {
        return { ok: true, decoder: 'avro', schema, value: toJson(type.fromBuffer(bytes)) };
      } catch (error) {
        return failed('avro', bytes, `not ${name} in Avro: ${reasonOf(error)}`, schema);
      }
    },
  };
}

interface AvroTypeNode {
  typeName: string;
  itemsType?: AvroTypeNode;
  valuesType?: AvroTypeNode;
  types?: AvroTypeNode[];
  fields?: { name: string; type: AvroTypeNode }[];
}

type Converter = (value: unknown) => JsonValue;

/**
 * What a value of the type needs to become plain JSON, made once per schema: undefined when avsc's value
 * already is (strings, ints, arrays and maps of them), else a converter that touches only what needs it
 * (records become plain objects, bytes base64, a long past 2^53 text). Unions and anything unusual take
 * the generic `toJsonValue`.
 */
function converterFor(type: AvroTypeNode, made: Map<AvroTypeNode, Converter | undefined>): Converter | undefined {
  if (made.has(type)) return made.get(type);
  switch (type.typeName) {
    case 'null':
    case 'boolean':
    case 'int':
    case 'string':
      return undefined;
    case 'float':
    case 'double':
      return (value) => (Number.isFinite(value) ? (value as number) : String(value));
    case 'long':
      return (value) => (typeof value === 'bigint' ? value.toString() : (value as number));
    case 'bytes':
    case 'fixed':
      return (value) => toJsonValue(value);
    case 'enum':
      return (value) => {
        if (value === undefined) throw new Error('an enum index past its symbols');
        return value as string;
      };
    case 'array': {
      const items = type.itemsType ? converterFor(type.itemsType, made) : toJsonValue;
      return items === undefined ? undefined : (value) => (value as unknown[]).map(items);
    }
    case 'map': {
      const values = type.valuesType ? converterFor(type.valuesType, made) : toJsonValue;
      if (values === undefined) return undefined;
      return (value) => {
        const object: Record<string, JsonValue> = {};
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) object[key] = values(item);
        return object;
      };
    }
    case 'record':
    case 'error': {
      // Set before the fields are looked at: a recursive record refers to itself through this entry.
      let fields: { name: string; convert: Converter | undefined }[] = [];
      const convert: Converter = (value) => {
        const source = value as Record<string, unknown>;
        const object: Record<string, JsonValue> = {};
        for (const field of fields) {
          const item = source[field.name];
          object[field.name] = field.convert ? field.convert(item) : (item as JsonValue);
        }
        return object;
      };
      made.set(type, convert);
      fields = (type.fields ?? []).map((field) => ({ name: field.name, convert: converterFor(field.type, made) }));
      return convert;
    }
    default:
      // Unions (the branch is known only per value), logical types and anything newer.
      return toJsonValue;
  }
}

function readBlocks<T>(tap: Tap, readItem: () => T): T[] {
  const items: T[] = [];
  for (;;) {
    let count = tap.readLong();
    if (count === 0) return items;
    if (count < 0) {
      count = -count;
      tap.skipLong();
    }
    const left = tap.buf.length - tap.pos;
    if (!Number.isSafeInteger(count) || tap.pos > tap.buf.length || count > left + MAX_EMPTY_ITEMS) {
      throw new Error(`a block claims ${count} items with ${Math.max(0, left)} bytes left`);
    }
    for (let i = 0; i < count; i++) {
      items.push(readItem());
      if (tap.pos > tap.buf.length) throw new Error('truncated buffer');
    }
  }
}

/** A zigzag varint long: a number when exact, else a bigint (avsc's own reader refuses it). */
function readExactLong(tap: Tap): number | bigint {
  const start = tap.pos;
  const n = tap.readLong();
  if (Number.isSafeInteger(n)) return n;
  tap.pos = start;
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = tap.buf[tap.pos++];
    if (byte === undefined) throw new Error('truncated buffer');
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) return (result >> 1n) ^ -(result & 1n);
  }
  throw new Error('a long of more than 10 bytes');
}
