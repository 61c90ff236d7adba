/** avsc's readers, replaced where the bytes cannot be trusted or the values are not plain JSON (see `JsonTypes`). */
import type * as Avsc from 'avsc';

/** Arrays shorter than this are copied to their own size once read. */
const EXACT_COPY_BELOW = 64;

/** How far past the remaining bytes an array or map may claim items (items of no bytes, such as nulls). */
const MAX_EMPTY_ITEMS = 1_000_000;

interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
  readFloat(): number;
  readDouble(): number;
  _invalidate(): void;
}

interface ReadableType {
  _read(tap: Tap): unknown;
}

type TypeClass = new (schema: unknown, opts: unknown) => ReadableType;

interface RecordField {
  name: string;
  type: ReadableType;
}

/**
 * avsc's types whose values are not plain JSON, or whose readers trust the bytes too far, with readers of
 * our own for the `typeHook` of `forSchema`: arrays and maps read with a bound, a long past 2^53 as exact
 * decimal text, bytes and fixed as base64 (read from the value's bytes, no copy), a non-finite float as its
 * name, and a record as a plain object (avsc's are class instances). What these read is JSON already, so
 * only unions need a conversion after. avsc freezes its types, so the readers are subclasses made once per
 * loaded library rather than patches of instances.
 */
interface JsonTypes {
  array: TypeClass;
  map: TypeClass;
  long: TypeClass;
  bytes: TypeClass;
  fixed: TypeClass;
  float: TypeClass;
  double: TypeClass;
  record: TypeClass;
}

const jsonTypes = new WeakMap<object, JsonTypes>();

function jsonTypesOf(avsc: typeof Avsc): JsonTypes {
  let types = jsonTypes.get(avsc.types);
  if (types) return types;
  const library = avsc.types as unknown as Record<'ArrayType' | 'MapType' | 'LongType' | 'BytesType' | 'FixedType' | 'FloatType' | 'DoubleType' | 'RecordType', TypeClass>;
  class BoundedArrayType extends library.ArrayType {
    declare readonly itemsType: ReadableType;
    override _read(tap: Tap): unknown[] {
      const itemsType = this.itemsType;
      let count = blockCount(tap);
      if (count === 0) return [];
      // A block of one item and no more, the most usual array: that item in an array of its own size, with
      // no pushed-to array before it (one keeps room for 16 items or more).
      if (count === 1) {
        const item = readItem(tap, itemsType);
        count = blockCount(tap);
        return count === 0 ? [item] : readRest(tap, itemsType, [item], count);
      }
      return readRest(tap, itemsType, [], count);
    }
  }
  class BoundedMapType extends library.MapType {
    declare readonly valuesType: ReadableType;
    override _read(tap: Tap): Record<string, unknown> {
      const valuesType = this.valuesType;
      const map: Record<string, unknown> = {};
      for (let count = blockCount(tap); count !== 0; count = blockCount(tap)) {
        for (let i = 0; i < count; i++) {
          const key = tap.readString();
          const value = readItem(tap, valuesType);
          // A key named `__proto__` is data like any other: an own property, never the map's prototype.
          if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
          else map[key] = value;
        }
      }
      return map;
    }
  }
  class ExactLongType extends library.LongType {
    override _read(tap: Tap): number | string {
      const value = readExactLong(tap);
      return typeof value === 'bigint' ? value.toString() : value;
    }
  }
  class Base64BytesType extends library.BytesType {
    override _read(tap: Tap): string | undefined {
      const length = tap.readLong();
      if (length < 0) {
        tap._invalidate();
        return undefined;
      }
      return readBase64(tap, length);
    }
  }
  class Base64FixedType extends library.FixedType {
    declare readonly size: number;
    override _read(tap: Tap): string | undefined {
      return readBase64(tap, this.size);
    }
  }
  class JsonFloatType extends library.FloatType {
    override _read(tap: Tap): number | string {
      const value = tap.readFloat();
      return Number.isFinite(value) ? value : String(value);
    }
  }
  class JsonDoubleType extends library.DoubleType {
    override _read(tap: Tap): number | string {
      const value = tap.readDouble();
      return Number.isFinite(value) ? value : String(value);
    }
  }
  class PlainRecordType extends library.RecordType {
    declare readonly fields: readonly RecordField[];
    /** avsc's constructor asks for its reader here; its own builds an instance of the record's class. */
    _createReader(): (tap: Tap) => Record<string, unknown> {
      return plainRecordReader(this.fields);
    }
  }
  types = {
    array: BoundedArrayType,
    map: BoundedMapType,
    long: ExactLongType,
    bytes: Base64BytesType,
    fixed: Base64FixedType,
    float: JsonFloatType,
    double: JsonDoubleType,
    record: PlainRecordType,
  };
  jsonTypes.set(avsc.types, types);
  return types;
}

/** A value's bytes as base64 straight from the buffer; past its end, nothing (avsc then says the buffer is truncated). */
function readBase64(tap: Tap, length: number): string | undefined {
  const start = tap.pos;
  tap.pos += length;
  if (tap.pos > tap.buf.length) return undefined;
  return tap.buf.toString('base64', start, tap.pos);
}

/**
 * A record's fields read in order into a plain object, as one object literal (what avsc does for its
 * record classes): an object of one shape per record type, which the engine builds fast. The names are
 * written as JSON strings in computed keys, so no name can be anything but an own property's name.
 */
function plainRecordReader(fields: readonly RecordField[]): (tap: Tap) => Record<string, unknown> {
  // Computed keys: a field Avro allows to be named `__proto__` stays an own property instead of setting the prototype.
  const body = fields.map((field, i) => `[${JSON.stringify(field.name)}]: t${i}._read(tap)`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema's field names only, quoted as JSON
  const make = new Function(...fields.map((_, i) => `t${i}`), `return function (tap) { return { ${body} }; };`) as (...types: ReadableType[]) => (tap: Tap) => Record<string, unknown>;
  return make(...fields.map((field) => field.type));
}

export function typeHookFor(avsc: typeof Avsc): (schema: unknown, opts: unknown) => ReadableType | undefined {
  const types = jsonTypesOf(avsc);
  return (schema, opts) => {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
    const declared = schema as { type?: unknown };
    switch (declared.type) {
      case 'array':
      case 'map':
      case 'long':
      case 'bytes':
      case 'fixed':
      case 'float':
      case 'double':
      case 'record':
        return new types[declared.type](schema, opts);
      case 'error':
        return new types.record(schema, opts);
      default:
        return undefined;
    }
  };
}

/**
 * The item count of the next block of an array or a map (0: the end), its byte size skipped when given.
 * A count the remaining bytes cannot hold (items of no bytes aside) ends the read.
 */
function blockCount(tap: Tap): number {
  let count = tap.readLong();
  if (count === 0) return 0;
  if (count < 0) {
    count = -count;
    tap.skipLong();
  }
  const left = tap.buf.length - tap.pos;
  if (!Number.isSafeInteger(count) || tap.pos > tap.buf.length || count > left + MAX_EMPTY_ITEMS) {
    throw new Error(`a block claims ${count} items with ${Math.max(0, left)} bytes left`);
  }
  return count;
}

/** One item of a block; a read past the bytes ends the read. */
function readItem(tap: Tap, type: ReadableType): unknown {
  const item = type._read(tap);
  if (tap.pos > tap.buf.length) throw new Error('truncated buffer');
  return item;
}

/**
 * The blocks of an array from one of `count` items on, appended to `items`; a short array is copied to its
 * own size, since a pushed-to array keeps room for more and a decoded value is kept.
 */
function readRest(tap: Tap, type: ReadableType, items: unknown[], count: number): unknown[] {
  for (; count !== 0; count = blockCount(tap)) {
    for (let i = 0; i < count; i++) items.push(readItem(tap, type));
  }
  return items.length < EXACT_COPY_BELOW ? items.slice() : items;
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
