/**
 * The payload codec on arbitrary input: bytes of any kind, text that is almost JSON, values of any shape.
 * Each promise in codec.ts ("never throws", "never loses bytes", "the preview stays under the cap", "the
 * error says where") is checked on every case, not just that nothing blew up.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decodePayload, parseJsonSafely, truncateForDisplay } from '../../../src/core/codec';
import type { JsonValue } from '../../../src/core/json';
import { FUZZ_CASES, fuzz } from '../support/fuzz';

const utf8 = new TextEncoder();

/** Bytes that exercise every branch: random bytes, UTF-8 text, JSON, JSON cut short, control characters. */
const payloadBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => utf8.encode(text)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => utf8.encode(JSON.stringify(value))),
  fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat()).map(([value, cut]) => {
    const text = utf8.encode(JSON.stringify(value, null, 1));
    return text.subarray(0, cut % (text.length + 1));
  }),
  fc.array(fc.constantFrom(0x00, 0x01, 0x09, 0x0a, 0x7f, 0x80, 0xc3, 0xa9, 0x22, 0x7b, 0x7d, 0x41), { maxLength: 200 }).map((b) => Uint8Array.from(b)),
);

/** Caps as settings or callers might pass them, sensible or not. */
const previewCap: fc.Arbitrary<number | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 2000 }),
  fc.integer({ min: -100, max: -1 }),
  fc.double({ min: 0, max: 5000, noNaN: true }),
);

/** JSON text with one character inserted, removed or replaced: the near misses a person types. */
const nearJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.jsonValue({ maxDepth: 5 }), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'x', '\n', ' ', '0', '-', '\u0000', 'tru'))
  .map(([value, at, edit, char]) => {
    const text = JSON.stringify(value, null, at % 3);
    const i = at % (text.length + 1);
    if (edit === 'insert') return text.slice(0, i) + char + text.slice(i);
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + char + text.slice(i + 1);
  });

function jsonParses(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/** Depth of the deepest container (a scalar is 0, `[]` is 1) and how many values and containers there are. */
function shape(value: JsonValue): { depth: number; values: number; containers: number } {
  let depth = 0;
  let values = 0;
  let containers = 0;
  const stack: [JsonValue, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, level] = stack.pop() as [JsonValue, number];
    values += 1;
    if (current !== null && typeof current === 'object') {
      containers += 1;
      depth = Math.max(depth, level + 1);
      for (const child of Object.values(current)) stack.push([child, level + 1]);
    }
  }
  return { depth, values, containers };
}

describe('fuzz: payload codec', function () {
  this.timeout(120_000);

  it('decodePayload: never throws, keeps the bytes, stays under the cap, parses what is JSON', () => {
    fuzz('decodePayload', fc.tuple(payloadBytes, previewCap), ([bytes, cap]) => {
      const decoded = decodePayload(bytes, cap === undefined ? {} : { maxPreviewBytes: cap });
      const { preview } = decoded;
      const limit = cap === undefined ? 64 * 1024 : Math.max(0, Math.floor(cap));
      assert.ok(['json', 'text', 'binary'].includes(preview.kind), `kind ${preview.kind}`);
      assert.equal(preview.size, bytes.length);
      assert.ok(byteLength(preview.preview) <= limit, `preview of ${byteLength(preview.preview)} bytes over the cap ${limit}`);
      if (preview.kind !== 'json' || preview.truncated || bytes.length > limit) {
        assert.ok(preview.base64 !== undefined, 'a partial preview must carry the original bytes');
      }
      if (preview.base64 !== undefined) assert.deepEqual(new Uint8Array(Buffer.from(preview.base64, 'base64')), new Uint8Array(bytes));
      if (preview.kind === 'json') {
        const parsed = jsonParses(Buffer.from(bytes).toString('utf8'));
        assert.ok(parsed.ok, 'a json preview for bytes that do not parse');
        assert.deepEqual(decoded.value, parsed.value);
      } else {
        assert.equal(decoded.value, undefined);
      }
      if (!preview.truncated && preview.kind === 'text') assert.equal(preview.preview, Buffer.from(bytes).toString('utf8'));
    });
  });

  it('parseJsonSafely: agrees with JSON.parse and says where the text stops being JSON', () => {
    const texts = fc.oneof(nearJsonText, fc.string({ unit: 'grapheme', maxLength: 80 }), fc.json({ maxDepth: 4 }));
    let rejected = 0;
    fuzz('parseJsonSafely', texts, (text) => {
      const result = parseJsonSafely(text);
      const expected = jsonParses(text);
      assert.equal(result.ok, expected.ok, `ok=${result.ok} for ${JSON.stringify(text)}`);
      if (result.ok && expected.ok) {
        assert.deepEqual(result.value, expected.value);
        return;
      }
      if (result.ok) return;
      rejected += 1;
      const located = /^Invalid JSON at line (\d+), column (\d+) \(position (\d+)\): (.+)$/.exec(result.error);
      assert.ok(located !== null, `the error names no place: ${result.error}`);
      const [line, column, position] = located.slice(1, 4).map(Number);
      assert.ok(position >= 0 && position <= text.length, `position ${position} outside a text of ${text.length}`);
      const before = text.slice(0, position);
      assert.equal(line, before.split('\n').length, 'line number');
      assert.equal(column, position - before.lastIndexOf('\n'), 'column number');
      assert.match(located[4], /unexpected|expected|invalid|control|escape|unterminated|number|after/i, 'the reason');
    });
    // The generator must actually produce broken JSON, or the checks above prove nothing.
    assert.ok(rejected > FUZZ_CASES * 0.3, `only ${rejected} invalid texts`);
  });

  it('truncateForDisplay: within every limit, unchanged when not truncated, input untouched', () => {
    const limits = fc.record({
      maxDepth: fc.integer({ min: 0, max: 6 }),
      maxNodes: fc.integer({ min: 0, max: 60 }),
      maxStringLength: fc.integer({ min: 0, max: 40 }),
    });
    fuzz('truncateForDisplay', fc.tuple(fc.jsonValue({ maxDepth: 8 }).map((v) => v as JsonValue), limits), ([value, limit]) => {
      const copyBefore = JSON.stringify(value);
      const { value: shown, truncated } = truncateForDisplay(value, limit);
      assert.equal(JSON.stringify(value), copyBefore, 'the input was changed');
      const text = JSON.stringify(shown);
      assert.ok(text !== undefined, 'the result is not JSON');
      if (!truncated) {
        assert.equal(text, copyBefore, 'not truncated, yet different');
        return;
      }
      const { depth, values, containers } = shape(shown);
      assert.ok(depth <= limit.maxDepth, `depth ${depth} over ${limit.maxDepth}`);
      // Each container may add one "… N more" marker beyond the node budget.
      assert.ok(values <= Math.max(1, limit.maxNodes) + containers, `${values} values over ${limit.maxNodes} (+${containers} markers)`);
      const marker = /^… (\(depth limit\)|\d+ more (items?|keys?))$/;
      const cut = stringsIn(shown).filter((s) => !marker.test(s)).map((s) => s.replace(/… \(\d+ more characters\)$/, ''));
      const longest = Math.max(0, ...cut.map((s) => s.length));
      assert.ok(longest <= limit.maxStringLength, `a string of ${longest} over ${limit.maxStringLength}`);
    });
  });
});

function stringsIn(value: JsonValue): string[] {
  const found: string[] = [];
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const current = stack.pop() as JsonValue;
    if (typeof current === 'string') found.push(current);
    else if (current !== null && typeof current === 'object') {
      // Keys are shown whole: only values are cut.
      for (const child of Object.values(current)) stack.push(child);
    }
  }
  return found;
}
