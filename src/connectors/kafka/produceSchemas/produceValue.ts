import type { JsonValue } from '../../../core/json';
import type { RegistrySchemaType } from '../decoding/schemaRegistry';
import { MAGIC_BYTE } from '../decoding/wireFormat';
import { loadAvsc, loadProtobuf } from '../decoding/libraries';
import { avroValueSchema } from './avroValueSchema';
import { jsonSchemaValue } from './jsonSchemaValue';
import { protobufValueSchema } from './protobufValueSchema';
import type { ValueSchema, ValueSchemaFormat } from './valueSchema';

/** The schema a produce document's value is written with, and where it came from. */
export interface ProduceSchema {
  schema: ValueSchema;
  /** Set for a registry schema: the value is framed with it (Confluent's wire format). */
  registryId?: number;
  /** Said in diagnostics and notices: a workspace file, or the registry subject and version. */
  from: string;
}

export interface SchemaText {
  format: ValueSchemaFormat;
  text: string;
  messageType?: string;
  /** The text of each file or schema it imports, by the name it imports it by (registry references, workspace files). */
  imports?: ReadonlyMap<string, string>;
}

export function formatOfRegistryType(type: RegistrySchemaType): ValueSchemaFormat {
  return type === 'AVRO' ? 'avro' : type === 'PROTOBUF' ? 'protobuf' : 'json-schema';
}

/** Compiles a schema's text (loading avsc or protobufjs first when it needs one); throws with the reason when the text is not such a schema. */
export async function compileValueSchema(source: SchemaText): Promise<ValueSchema> {
  switch (source.format) {
    case 'avro':
      return avroValueSchema(await loadAvsc(), source.text);
    case 'protobuf':
      return protobufValueSchema(await loadProtobuf(), source.text, source.messageType, source.imports);
    case 'json-schema':
      return jsonSchemaValue(source.text, source.imports);
  }
}

/**
 * The bytes a value is sent as: the schema's encoding, framed as Confluent's serializers frame it when the
 * schema is the registry's (byte 0, the 4-byte big-endian id; for Protobuf its message indexes, a lone 0
 * for the file's first message).
 */
export function encodeProduceValue(produce: ProduceSchema, value: JsonValue): Buffer {
  const payload = produce.schema.encode(value);
  if (produce.registryId === undefined) return payload;
  const head = Buffer.alloc(5);
  head[0] = MAGIC_BYTE;
  head.writeUInt32BE(produce.registryId, 1);
  const indexes = produce.schema.format === 'protobuf' ? messageIndexBytes(produce.schema.messageIndexes ?? [0]) : Buffer.alloc(0);
  return Buffer.concat([head, indexes, payload]);
}

function messageIndexBytes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  return Buffer.from([indexes.length, ...indexes].flatMap(zigzagVarint));
}

function zigzagVarint(n: number): number[] {
  let raw = n >= 0 ? n * 2 : -n * 2 - 1;
  const bytes: number[] = [];
  while (raw >= 0x80) {
    bytes.push((raw % 0x80) | 0x80);
    raw = Math.floor(raw / 0x80);
  }
  bytes.push(raw);
  return bytes;
}
