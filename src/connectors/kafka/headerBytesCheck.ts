import { DEFAULT_IDENTITY_RULES, type IdentityRules } from '../../core/identity';
import { headerCheck, headersDecide, type SearchPredicate } from '../reads/search';
import { rawHeadersOf } from './fetchedRecord';
import { decodeHeaders } from './records';
import { readHeaders, type RecordSpans } from './recordBatches';

export type RecordVerdict = 'reject' | 'decode';

/**
 * `headerCheck` (and the key test of a key search) on a walked record's bytes: the same verdict, reached by
 * comparing bytes wherever bytes settle it, so the common record costs no string and no object. What bytes
 * alone cannot settle exactly (a header name outside ASCII, which case folding could turn into a wanted name;
 * a value that is not ASCII, which the identity reader may read as a UUID or hex; a name spelled two ways)
 * goes through `headerCheck` on the decoded headers.
 */
export function compileHeaderBytesCheck(predicate: SearchPredicate, rules: IdentityRules = DEFAULT_IDENTITY_RULES): (record: RecordSpans) => RecordVerdict {
  const exact = headerCheck(predicate, rules);
  const decoded = (record: RecordSpans) => exact(decodeHeaders(rawHeadersOf(record)));
  switch (predicate.field) {
    case 'key':
      return keyCheck(predicate.value);
    case 'header':
      return headerPairCheck(Buffer.from(predicate.key, 'utf8'), Buffer.from(predicate.value, 'utf8'), decoded);
    case 'correlationId':
    case 'eventId': {
      if (!headersDecide(predicate, rules)) return () => 'decode';
      const names = rules[predicate.field].filter((p) => p.startsWith('header:')).map((p) => p.slice('header:'.length));
      if (names.some((n) => !isAsciiText(n))) return decoded;
      return identityCheck(names.map((n) => Buffer.from(n.toLowerCase(), 'latin1')), Buffer.from(predicate.value, 'utf8'), decoded);
    }
    case 'traceId':
      return headersDecide(predicate, rules) ? (record) => (record.headerCount === 0 ? 'decode' : decoded(record)) : () => 'decode';
    default:
      return () => 'decode';
  }
}

/** The search's own key test: the key as UTF-8 text equals the value. */
function keyCheck(value: string): (record: RecordSpans) => RecordVerdict {
  const wanted = Buffer.from(value, 'utf8');
  return (record) => {
    if (record.keyLength < 0) return 'reject';
    if (sameBytes(record.bytes, record.keyStart, record.keyLength, wanted)) return 'decode';
    if (isAscii(record.bytes, record.keyStart, record.keyLength)) return 'reject';
    return Buffer.from(record.bytes.buffer, record.bytes.byteOffset + record.keyStart, record.keyLength).toString('utf8') === value ? 'decode' : 'reject';
  };
}

/** A header of exactly this name and value (a value that is not text compares as base64). */
function headerPairCheck(key: Buffer, value: Buffer, decoded: (record: RecordSpans) => RecordVerdict): (record: RecordSpans) => RecordVerdict {
  return (record) => {
    let verdict = 'reject' as RecordVerdict | 'unsure';
    readHeaders(record, (h) => {
      if (!sameBytes(record.bytes, h.keyStart, h.keyLength, key)) {
        if (isAscii(record.bytes, h.keyStart, h.keyLength)) return true;
        verdict = 'unsure';
        return false;
      }
      const length = Math.max(0, h.valueLength);
      if (sameBytes(record.bytes, h.valueStart, length, value)) {
        verdict = 'decode';
        return false;
      }
      if (isAscii(record.bytes, h.valueStart, length)) return true;
      verdict = 'unsure';
      return false;
    });
    return verdict === 'unsure' ? decoded(record) : verdict;
  };
}

/**
 * The identity reader's answer from headers: the first of `names` (lower case, in rule order) that some
 * header holds non-empty, the first such header in the record's order. No such header: `decode` (the
 * headers cannot decide); that header's value equal to the wanted id: `decode`; a different text: `reject`.
 */
function identityCheck(names: readonly Buffer[], wanted: Buffer, decoded: (record: RecordSpans) => RecordVerdict): (record: RecordSpans) => RecordVerdict {
  // Per name, the first header that matched it: a second spelling of the same name leaves the order to kafkajs's grouping.
  const firstKeyStart = new Int32Array(names.length);
  const firstKeyLength = new Int32Array(names.length);
  return (record) => {
    if (record.headerCount === 0) return 'decode';
    const bytes = record.bytes;
    firstKeyStart.fill(-1);
    let best = names.length;
    let bestStart = 0;
    let bestLength = 0;
    let unsure = false;
    readHeaders(record, (h) => {
      const place = placeOf(names, bytes, h.keyStart, h.keyLength);
      if (place === -2) {
        unsure = true;
        return false;
      }
      if (place < 0) return true;
      if (firstKeyStart[place] < 0) {
        firstKeyStart[place] = h.keyStart;
        firstKeyLength[place] = h.keyLength;
      } else if (!sameSpan(bytes, firstKeyStart[place], firstKeyLength[place], h.keyStart, h.keyLength)) {
        unsure = true;
        return false;
      }
      if (place < best && h.valueLength > 0) {
        best = place;
        bestStart = h.valueStart;
        bestLength = h.valueLength;
      }
      return true;
    });
    if (unsure) return decoded(record);
    if (best === names.length) return 'decode';
    if (sameBytes(bytes, bestStart, bestLength, wanted)) return 'decode';
    return isAscii(bytes, bestStart, bestLength) ? 'reject' : decoded(record);
  };
}

/** Which of `names` (ASCII, lower case) the header name is, ignoring ASCII case; -1 none; -2 a name outside ASCII. */
function placeOf(names: readonly Buffer[], bytes: Uint8Array, start: number, length: number): number {
  for (let i = start; i < start + length; i++) if (bytes[i] >= 0x80) return -2;
  outer: for (let n = 0; n < names.length; n++) {
    const name = names[n];
    if (name.length !== length) continue;
    for (let i = 0; i < length; i++) {
      let c = bytes[start + i];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c !== name[i]) continue outer;
    }
    return n;
  }
  return -1;
}

function sameBytes(bytes: Uint8Array, start: number, length: number, wanted: Uint8Array): boolean {
  if (length !== wanted.length) return false;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== wanted[i]) return false;
  return true;
}

function sameSpan(bytes: Uint8Array, a: number, aLength: number, b: number, bLength: number): boolean {
  if (aLength !== bLength) return false;
  for (let i = 0; i < aLength; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

function isAscii(bytes: Uint8Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
