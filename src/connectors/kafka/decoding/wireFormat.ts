import type { EventHeader } from '../../../core/envelope';

/**
 * Where a registry-framed key or value says its schema is: Confluent's wire format (byte 0, a 4-byte
 * big-endian schema id, then the payload) or, in newer serializers, a schema-id header
 * (`__value_schema_id` / `__key_schema_id`: byte 1 and a 16-byte GUID) with the payload unframed.
 */
export type SchemaIdRef = { id: number } | { guid: string };

export interface Frame {
  ref: SchemaIdRef;
  /** Where the payload starts (after the magic byte and id; for Protobuf, before the message indexes). */
  offset: number;
  /** Message indexes carried in the header (Protobuf with the header form); the payload then has none. */
  headerIndexes?: number[];
}

export const MAGIC_BYTE = 0;
const GUID_MAGIC_BYTE = 1;
export const VALUE_SCHEMA_ID_HEADER = '__value_schema_id';
export const KEY_SCHEMA_ID_HEADER = '__key_schema_id';

/** Where the payload of a value in Confluent's wire format starts: after the magic byte and the id. */
export const WIRE_PAYLOAD_OFFSET = 5;

/** The frame of a value in Confluent's wire format, or undefined when the bytes do not start with one. */
export function readWireFrame(bytes: Uint8Array): Frame | undefined {
  const id = wireSchemaId(bytes);
  return id === undefined ? undefined : { ref: { id }, offset: WIRE_PAYLOAD_OFFSET };
}

/**
 * The schema id of a value in Confluent's wire format, or undefined when the bytes do not start with one;
 * the value may lie inside `bytes`, from `at` for `length` bytes (a record in a fetched record set).
 */
export function wireSchemaId(bytes: Uint8Array, at = 0, length = bytes.length - at): number | undefined {
  if (length < WIRE_PAYLOAD_OFFSET || bytes[at] !== MAGIC_BYTE) return undefined;
  return ((bytes[at + 1] << 24) | (bytes[at + 2] << 16) | (bytes[at + 3] << 8) | bytes[at + 4]) >>> 0;
}

/**
 * The schema id a key's or value's header names, or undefined when there is no such header. A header
 * that is there but is neither form gives an error to show rather than guessing.
 */
export function readSchemaIdHeader(headers: readonly EventHeader[], part: 'key' | 'value'): Frame | { error: string } | undefined {
  const name = part === 'key' ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER;
  const header = headers.find((h) => h.key === name);
  if (!header) return undefined;
  const bytes = Buffer.from(header.value, header.encoding === 'base64' ? 'base64' : 'utf8');
  if (bytes.length >= 17 && bytes[0] === GUID_MAGIC_BYTE) {
    const hex = bytes.subarray(1, 17).toString('hex');
    const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (bytes.length === 17) return { ref: { guid }, offset: 0 };
    const indexes = readMessageIndexes(bytes, 17);
    return 'error' in indexes ? { error: `${name}: ${indexes.error}` } : { ref: { guid }, offset: 0, headerIndexes: indexes.indexes };
  }
  if (bytes.length === 5 && bytes[0] === MAGIC_BYTE) return { ref: { id: bytes.readUInt32BE(1) }, offset: 0 };
  return { error: `the ${name} header (${bytes.length} bytes) is neither byte 1 + a 16-byte GUID nor byte 0 + a 4-byte id` };
}

/**
 * Confluent's Protobuf framing: after the id, a zigzag varint count of message indexes and the indexes
 * themselves (the path to the message type in the file); a lone 0 stands for [0], the file's first message.
 */
export function readMessageIndexes(bytes: Uint8Array, offset: number): { indexes: number[]; next: number } | { error: string } {
  const count = readZigzagVarint(bytes, offset);
  if (!count) return { error: 'the message indexes end early' };
  if (count.value === 0) return { indexes: [0], next: count.next };
  if (count.value < 0 || count.value > bytes.length - count.next) return { error: `a count of ${count.value} message indexes with ${bytes.length - count.next} bytes left` };
  const indexes: number[] = [];
  let next = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigzagVarint(bytes, next);
    if (!index) return { error: 'the message indexes end early' };
    if (index.value < 0) return { error: `a negative message index ${index.value}` };
    indexes.push(index.value);
    next = index.next;
  }
  return { indexes, next };
}

/** A zigzag varint of at most 32 bits (5 bytes), or undefined when the bytes end or it runs longer. */
function readZigzagVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let raw = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return undefined;
    raw += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      return { value, next: offset + i + 1 };
    }
  }
  return undefined;
}
