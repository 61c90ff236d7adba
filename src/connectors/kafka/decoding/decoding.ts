import { hexDump, hexDumpCapacity } from '../../../core/hexDump';
import type { JsonValue } from '../../../core/json';

/** Which decoder turned a record's bytes into a value. */
export type DecoderName = 'json' | 'text' | 'hex' | 'avro' | 'protobuf' | 'json-schema';

/** The schema a value was decoded with: its name (an Avro full name, a Protobuf message), where it came from, and its registry id. */
export interface SchemaRef {
  name?: string;
  /** A registry id (Confluent's 4-byte number) or GUID (the schema-id header). */
  id?: number | string;
  /** A workspace file, or the registry the id was resolved by. */
  from?: string;
}

/**
 * What decoding one key or value gave: the value (JSON-able: bytes as base64, 64-bit integers past 2^53 as
 * decimal text), the decoder and schema. A failed decoding says why and carries the bytes as a hex dump,
 * so nothing is lost and the reader sees what was there.
 */
export type Decoding =
  | { ok: true; value: JsonValue; decoder: DecoderName; schema?: SchemaRef }
  | { ok: false; decoder: DecoderName; schema?: SchemaRef; error: string; hex: string; hexTruncated: boolean };

/** The most bytes of a failed value shown as hex (the rest stays in the event's base64). */
export const MAX_FALLBACK_HEX_BYTES = 64 * 1024;

export function failed(decoder: DecoderName, bytes: Uint8Array, error: string, schema?: SchemaRef, maxPreviewBytes = MAX_FALLBACK_HEX_BYTES): Decoding {
  const shown = Math.min(bytes.length, hexDumpCapacity(maxPreviewBytes));
  return { ok: false, decoder, ...(schema ? { schema } : {}), error, hex: hexDump(bytes, shown), hexTruncated: shown < bytes.length };
}

/** The message of anything thrown, never throwing itself. */
export function reasonOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}
