/**
 * The scan's fast path over one event line as bytes: validates the whole line as JSON (the grammar
 * JSON.parse accepts) and finds the fields the index needs, without decoding the line to a string or
 * building its objects. It answers only for the plain case: a JSON object whose key fields are valid and
 * written without escapes or non-ASCII characters. Anything else — a damaged line, an escape in a key, a
 * version written as 1.0, nesting deeper than MAX_DEPTH — returns false and the caller decodes the line
 * with checkEventLine, whose verdict and reason are the ones reported. So the fast path can only ever
 * agree with checkEventLine; it never decides that a line is damaged.
 */

/** Where the key fields of a line that passed sit; strings are decoded by the caller when it needs them. */
export interface EventLineFields {
  aggregateIdStart: number;
  aggregateIdEnd: number;
  aggregateTypeStart: number;
  aggregateTypeEnd: number;
  timestampStart: number;
  timestampEnd: number;
  version: number;
}

/** A fields record to reuse across lines: the scanner overwrites it for every line it accepts. */
export function emptyEventLineFields(): EventLineFields {
  return { aggregateIdStart: 0, aggregateIdEnd: 0, aggregateTypeStart: 0, aggregateTypeEnd: 0, timestampStart: 0, timestampEnd: 0, version: 0 };
}

const MAX_DEPTH = 64;
/** Digits of a version read here; longer ones (beyond 2^53 soon) go to the slow path. */
const MAX_VERSION_DIGITS = 15;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const FAIL = -1;

/** Set by skipString: whether the string just skipped had no escape and no byte above 0x7f. */
let plainString = true;

/** Kinds of the top-level value of each field, as first recorded; 0 means absent. */
const STRING = 1;
const OTHER = 2;

/**
 * True when `bytes[start, end)` is a valid JSON object that passes every check of checkEventLine, with
 * `out` filled in; false when the slow path must decide.
 */
export function scanEventLine(bytes: Uint8Array, start: number, end: number, out: EventLineFields): boolean {
  let i = skipSpace(bytes, start, end);
  if (i >= end || bytes[i] !== OPEN_BRACE) return false;
  i = skipSpace(bytes, i + 1, end);
  if (i >= end || bytes[i] !== QUOTE) return false;
  let aggregateId = 0;
  let aggregateType = 0;
  let eventId = 0;
  let eventType = 0;
  let version = 0;
  let timestamp = 0;
  let data = 0;
  let metadata = 0;
  let versionStart = 0;
  let versionEnd = 0;
  for (;;) {
    if (bytes[i] !== QUOTE) return false;
    const keyStart = i + 1;
    i = skipString(bytes, i, end);
    if (i === FAIL || !plainString) return false;
    const keyEnd = i - 1;
    i = skipSpace(bytes, i, end);
    if (i >= end || bytes[i] !== COLON) return false;
    i = skipSpace(bytes, i + 1, end);
    if (i >= end) return false;
    const valueStart = i;
    const first = bytes[i];
    i = skipValue(bytes, i, end, 0);
    if (i === FAIL) return false;
    const kind = first === QUOTE ? (plainString ? STRING : OTHER) : OTHER;
    // Later duplicates win, as with JSON.parse.
    switch (keyEnd - keyStart) {
      case 12:
        if (isKey(bytes, keyStart, 'aggregate_id')) {
          aggregateId = kind;
          out.aggregateIdStart = valueStart + 1;
          out.aggregateIdEnd = i - 1;
        }
        break;
      case 14:
        if (isKey(bytes, keyStart, 'aggregate_type')) {
          aggregateType = kind;
          out.aggregateTypeStart = valueStart + 1;
          out.aggregateTypeEnd = i - 1;
        }
        break;
      case 8:
        if (isKey(bytes, keyStart, 'event_id')) eventId = first === QUOTE ? STRING : OTHER;
        else if (isKey(bytes, keyStart, 'metadata')) metadata = first === OPEN_BRACE || first === 0x6e /* null */ ? STRING : OTHER;
        break;
      case 10:
        if (isKey(bytes, keyStart, 'event_type')) eventType = kind === STRING && i - valueStart > 2 ? STRING : OTHER;
        break;
      case 7:
        if (isKey(bytes, keyStart, 'version')) {
          version = OTHER;
          versionStart = valueStart;
          versionEnd = i;
        }
        break;
      case 9:
        if (isKey(bytes, keyStart, 'timestamp')) {
          timestamp = kind;
          out.timestampStart = valueStart + 1;
          out.timestampEnd = i - 1;
        }
        break;
      case 4:
        if (isKey(bytes, keyStart, 'data')) data = STRING;
        break;
      default:
        break;
    }
    i = skipSpace(bytes, i, end);
    if (i >= end) return false;
    const next = bytes[i];
    if (next === COMMA) {
      i = skipSpace(bytes, i + 1, end);
      if (i >= end) return false;
      continue;
    }
    if (next !== CLOSE_BRACE) return false;
    i = skipSpace(bytes, i + 1, end);
    if (i !== end) return false;
    break;
  }
  if (aggregateId !== STRING || out.aggregateIdEnd === out.aggregateIdStart) return false;
  if (aggregateType !== STRING || out.aggregateTypeEnd === out.aggregateTypeStart) return false;
  if (eventId !== STRING || eventType !== STRING || timestamp !== STRING || data === 0) return false;
  if (metadata === OTHER) return false;
  if (version === 0) return false;
  const value = plainVersion(bytes, versionStart, versionEnd);
  if (value === FAIL) return false;
  out.version = value;
  return true;
}

function isKey(bytes: Uint8Array, start: number, key: string): boolean {
  for (let k = 0; k < key.length; k++) if (bytes[start + k] !== key.charCodeAt(k)) return false;
  return true;
}

/** A positive integer written as plain digits (no sign, fraction or exponent), or FAIL. */
function plainVersion(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > MAX_VERSION_DIGITS || bytes[start] === ZERO) return FAIL;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) return FAIL;
    value = value * 10 + digit;
  }
  return value;
}

function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) break;
    i++;
  }
  return i;
}

/** From the opening quote to just past the closing one, or FAIL; sets plainString. */
function skipString(bytes: Uint8Array, i: number, end: number): number {
  let plain = true;
  i++;
  while (i < end) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      plainString = plain;
      return i + 1;
    }
    if (byte < 0x20) return FAIL;
    if (byte === BACKSLASH) {
      plain = false;
      if (i + 1 >= end) return FAIL;
      const escaped = bytes[i + 1];
      if (escaped === 0x75 /* u */) {
        if (i + 5 >= end) return FAIL;
        for (let k = i + 2; k < i + 6; k++) if (!isHex(bytes[k])) return FAIL;
        i += 6;
        continue;
      }
      if (
        escaped !== QUOTE &&
        escaped !== BACKSLASH &&
        escaped !== 0x2f &&
        escaped !== 0x62 &&
        escaped !== 0x66 &&
        escaped !== 0x6e &&
        escaped !== 0x72 &&
        escaped !== 0x74
      ) {
        return FAIL;
      }
      i += 2;
      continue;
    }
    // Bytes above 0x7f are text; invalid UTF-8 decodes to U+FFFD, still valid inside a JSON string.
    if (byte > 0x7f) plain = false;
    i++;
  }
  return FAIL;
}

function isHex(byte: number): boolean {
  return (byte >= ZERO && byte <= NINE) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Just past the JSON value starting at bytes[i] (not whitespace), or FAIL. */
function skipValue(bytes: Uint8Array, i: number, end: number, depth: number): number {
  const first = bytes[i];
  if (first === QUOTE) return skipString(bytes, i, end);
  if (first === OPEN_BRACE) return skipObject(bytes, i, end, depth + 1);
  if (first === OPEN_BRACKET) return skipArray(bytes, i, end, depth + 1);
  if (first === MINUS || (first >= ZERO && first <= NINE)) return skipNumber(bytes, i, end);
  if (first === 0x74) return literal(bytes, i, end, 'true');
  if (first === 0x66) return literal(bytes, i, end, 'false');
  if (first === 0x6e) return literal(bytes, i, end, 'null');
  return FAIL;
}

function literal(bytes: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return FAIL;
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) return FAIL;
  return i + word.length;
}

function skipNumber(bytes: Uint8Array, i: number, end: number): number {
  if (bytes[i] === MINUS) i++;
  if (i >= end) return FAIL;
  if (bytes[i] === ZERO) i++;
  else if (bytes[i] >= 0x31 && bytes[i] <= NINE) {
    while (i < end && bytes[i] >= ZERO && bytes[i] <= NINE) i++;
  } else return FAIL;
  if (i < end && bytes[i] === DOT) {
    i++;
    const digits = i;
    while (i < end && bytes[i] >= ZERO && bytes[i] <= NINE) i++;
    if (i === digits) return FAIL;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === MINUS)) i++;
    const digits = i;
    while (i < end && bytes[i] >= ZERO && bytes[i] <= NINE) i++;
    if (i === digits) return FAIL;
  }
  return i;
}

function skipObject(bytes: Uint8Array, i: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) return FAIL;
  i = skipSpace(bytes, i + 1, end);
  if (i < end && bytes[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (i >= end || bytes[i] !== QUOTE) return FAIL;
    i = skipString(bytes, i, end);
    if (i === FAIL) return FAIL;
    i = skipSpace(bytes, i, end);
    if (i >= end || bytes[i] !== COLON) return FAIL;
    i = skipSpace(bytes, i + 1, end);
    if (i >= end) return FAIL;
    i = skipValue(bytes, i, end, depth);
    if (i === FAIL) return FAIL;
    i = skipSpace(bytes, i, end);
    if (i >= end) return FAIL;
    if (bytes[i] === CLOSE_BRACE) return i + 1;
    if (bytes[i] !== COMMA) return FAIL;
    i = skipSpace(bytes, i + 1, end);
  }
}

function skipArray(bytes: Uint8Array, i: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) return FAIL;
  i = skipSpace(bytes, i + 1, end);
  if (i < end && bytes[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (i >= end) return FAIL;
    i = skipValue(bytes, i, end, depth);
    if (i === FAIL) return FAIL;
    i = skipSpace(bytes, i, end);
    if (i >= end) return FAIL;
    if (bytes[i] === CLOSE_BRACKET) return i + 1;
    if (bytes[i] !== COMMA) return FAIL;
    i = skipSpace(bytes, i + 1, end);
  }
}
