import type { EventSource } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import { registerSourceDescriber } from '../../core/sourceDescribers';

/** The `system` of every Kafka source; importing it also registers how Kafka sources are shown. */
export const KAFKA = 'kafka';

/** How a tombstone (a record whose value is null) is named wherever a message is shown. */
export const TOMBSTONE_LABEL = 'tombstone (null value)';

/**
 * Where a Kafka record was read: offsets are decimal strings (they pass 2^53). `key` is the record key as
 * text; a key that is not UTF-8 text is kept as base64 (`keyEncoding`); no `key` is a null key, `''` an
 * empty one. `tombstone` marks a null value (compaction deletes the key on it), which is not an empty value.
 */
export type KafkaSource = {
  system: typeof KAFKA;
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  keyEncoding?: 'base64';
  tombstone?: true;
  /** How the value was decoded when a schema applied (Avro, Protobuf, a registry's JSON Schema, a forced format). */
  valueDecoding?: DecodingNote;
  /** The key decoded with its schema, and how (the key above stays its text or base64 bytes). */
  keyValue?: JsonValue;
  keyDecoding?: DecodingNote;
};

/** Which decoder, with which schema (name, registry id, where from), and why it failed when it did. */
export type DecodingNote = { decoder: string; schema?: string; schemaId?: number | string; schemaFrom?: string; error?: string };

export function isKafkaSource(source: EventSource): source is KafkaSource {
  return source.system === KAFKA;
}

registerSourceDescriber({
  system: KAFKA,
  place: (source) => (isKafkaSource(source) ? `${source.topic} [${source.partition}] @ ${source.offset}` : source.system),
  logPosition: (source) =>
    isKafkaSource(source)
      ? { partition: source.partition, offset: source.offset, ...(source.key === undefined ? {} : { key: source.key }), ...(source.keyEncoding ? { keyEncoding: source.keyEncoding } : {}) }
      : undefined,
  messagePlace: (source) => (isKafkaSource(source) ? { partition: source.partition, offset: source.offset } : undefined),
  missingValue: (source) =>
    isKafkaSource(source) && source.tombstone ? { label: TOMBSTONE_LABEL, note: 'tombstone (null value): no bytes at all, not an empty value; compaction deletes this key' } : undefined,
});
