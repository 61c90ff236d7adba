import type * as Avsc from 'avsc';
import { failed, reasonOf, type Decoding, type SchemaRef } from './decoding';
import type { JsonValue } from '../../../core/json';
import { toJsonValue } from './jsonValue';
import { typeHookFor } from './avroReaders';

/** A compiled Avro schema: decodes one value's bytes (no framing) to JSON. */
export interface AvroDecoder {
  readonly name: string;
  /** Decodes `bytes` from `offset` (after a registry frame) to their end. */
  decode(bytes: Buffer, schema?: SchemaRef, offset?: number): Decoding;
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
  const toJson = converterFor(type, new Map());
  return {
    name,
    decode(bytes, schema = { name }, offset = 0) {
      try {
        // As avsc's fromBuffer, from the offset: every byte read, none left over.
        const read = type.decode(bytes, offset);
        if (read.offset < 0) throw new Error('truncated buffer');
        if (read.offset < bytes.length) throw new Error('trailing data');
        return { ok: true, decoder: 'avro', schema, value: toJson ? toJson(read.value) : (read.value as JsonValue) };
      } catch (error) {
        return failed('avro', bytes.subarray(offset), `not ${name} in Avro: ${reasonOf(error)}`, schema);
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

/** Types whose values hold no object: an unwrapped union of only these reads as JSON already. */
const FLAT_TYPES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'string', 'bytes', 'fixed', 'enum']);

/**
 * What a value of the type needs to become plain JSON, made once per schema: undefined when what the
 * readers above give already is (everything but unions), else a converter that touches only what needs it.
 * A union whose branches hold objects, or that avsc wraps (its branch's class), takes the generic
 * `toJsonValue`, which also bounds how deep a recursive value may nest.
 */
function converterFor(type: AvroTypeNode, made: Map<AvroTypeNode, Converter | undefined>): Converter | undefined {
  if (made.has(type)) return made.get(type);
  switch (type.typeName) {
    case 'null':
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'bytes':
    case 'fixed':
    case 'enum':
      return undefined;
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
      // A record none of whose fields needs converting is plain JSON as read: no copy.
      if (fields.every((field) => field.convert === undefined)) {
        made.set(type, undefined);
        return undefined;
      }
      return convert;
    }
    case 'union:unwrapped':
      return (type.types ?? []).every((branch) => FLAT_TYPES.has(branch.typeName)) ? undefined : toJsonValue;
    default:
      // Wrapped unions (the branch's class), logical types and anything newer.
      return toJsonValue;
  }
}
