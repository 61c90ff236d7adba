import type { PayloadPreview } from './envelope';
import { hexDump, hexDumpCapacity } from './hexDump';
import type { JsonValue } from './json';
import { locateJsonSyntaxError } from './jsonSyntax';

export { truncateForDisplay } from './truncate';
export type { DisplayLimits } from './truncate';

export const DEFAULT_MAX_PREVIEW_BYTES = 64 * 1024;

export interface DecodedPayload {
  /** Set when the bytes are UTF-8 JSON. */
  value?: JsonValue;
  preview: PayloadPreview;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * Turns raw message bytes into something a person can read: parsed JSON, text, or a hex dump. Never throws
 * and never loses bytes: whenever the preview is not the whole story (text, binary, or JSON over the cap)
 * `base64` carries the original. The preview's UTF-8 size never exceeds `maxPreviewBytes`.
 */
export function decodePayload(bytes: Uint8Array, options: { maxPreviewBytes?: number } = {}): DecodedPayload {
  const maxPreviewBytes = Math.max(0, Math.floor(options.maxPreviewBytes ?? DEFAULT_MAX_PREVIEW_BYTES));
  try {
    return decode(bytes, maxPreviewBytes);
  } catch {
    // Whatever went wrong (a detached buffer, an engine limit on a huge string), bytes are still bytes.
    return { preview: binaryPreview(bytes, maxPreviewBytes) };
  }
}

function decode(bytes: Uint8Array, maxPreviewBytes: number): DecodedPayload {
  const text = decodeUtf8(bytes);
  if (text === undefined || looksBinary(bytes)) return { preview: binaryPreview(bytes, maxPreviewBytes) };

  const value = parseJson(text);
  if (value !== undefined) {
    const { text: preview, truncated } = capUtf8(prettyJson(value.value, text), maxPreviewBytes);
    const overCap = truncated || bytes.length > maxPreviewBytes;
    return {
      value: value.value,
      preview: { kind: 'json', size: bytes.length, preview, truncated, ...(overCap ? { base64: toBase64(bytes) } : {}) },
    };
  }
  const { text: preview, truncated } = capUtf8(text, maxPreviewBytes);
  return { preview: { kind: 'text', size: bytes.length, preview, truncated, base64: toBase64(bytes) } };
}

/** Indented JSON, or the text as received when the value nests too deep for JSON.stringify's recursion. */
function prettyJson(value: JsonValue, original: string): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return original;
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): { value: JsonValue } | undefined {
  try {
    return { value: JSON.parse(text) as JsonValue };
  } catch {
    return undefined;
  }
}

/**
 * Valid UTF-8 can still be binary (a small protobuf often is). A NUL byte settles it, as it does for git;
 * otherwise a few percent of control characters that text does not use (anything below 0x20 except tab,
 * newline, carriage return, form feed, vertical tab, backspace and escape) means it is not meant to be read.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x0b && byte !== 0x08 && byte !== 0x1b) {
      controls += 1;
    } else if (byte === 0x7f) {
      controls += 1;
    }
  }
  return controls > 0 && controls * 32 >= bytes.length;
}

function binaryPreview(bytes: Uint8Array, maxPreviewBytes: number): PayloadPreview {
  const shown = Math.min(bytes.length, hexDumpCapacity(maxPreviewBytes));
  return {
    kind: 'binary',
    size: bytes.length,
    preview: hexDump(bytes, shown),
    truncated: shown < bytes.length,
    base64: toBase64(bytes),
  };
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character, and without encoding all of it. */
function capUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Every UTF-16 code unit encodes to at most 3 bytes, so short strings need no measuring.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const { read } = utf8Encoder.encodeInto(text, new Uint8Array(maxBytes));
  return read >= text.length ? { text, truncated: false } : { text: text.slice(0, read), truncated: true };
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** JSON.parse with a message that says what was wrong and where. */
export function parseJsonSafely(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    const located = locateJsonSyntaxError(text);
    if (located === undefined) {
      return { ok: false, error: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    return {
      ok: false,
      error: `Invalid JSON at line ${located.line}, column ${located.column} (position ${located.position}): ${located.problem}`,
    };
  }
}
