import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodePayload, parseJsonSafely } from '../../../src/core/codec';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fromBase64 = (base64: string | undefined): Uint8Array => new Uint8Array(Buffer.from(base64 ?? '', 'base64'));

describe('decodePayload', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('parses JSON and previews it indented', () => {
    const bytes = utf8('{"orderId":"Order-1001","total":109.97}');
    const decoded = decodePayload(bytes);
    assert.deepEqual(decoded.value, { orderId: 'Order-1001', total: 109.97 });
    assert.equal(decoded.preview.kind, 'json');
    assert.equal(decoded.preview.size, bytes.length);
    assert.equal(decoded.preview.truncated, false);
    assert.equal(decoded.preview.preview, '{\n  "orderId": "Order-1001",\n  "total": 109.97\n}');
    assert.equal(decoded.preview.base64, undefined);
  });

  it('treats valid UTF-8 that is not JSON as text and keeps the bytes', () => {
    const bytes = utf8('Grüße aus Köln — {not json');
    const decoded = decodePayload(bytes);
    assert.equal(decoded.value, undefined);
    assert.equal(decoded.preview.kind, 'text');
    assert.equal(decoded.preview.preview, 'Grüße aus Köln — {not json');
    assert.equal(decoded.preview.size, bytes.length);
    assert.deepEqual(fromBase64(decoded.preview.base64), bytes);
  });

  it('treats an empty payload as empty text', () => {
    const decoded = decodePayload(new Uint8Array(0));
    assert.equal(decoded.preview.kind, 'text');
    assert.equal(decoded.preview.size, 0);
    assert.equal(decoded.preview.preview, '');
  });

  it('shows invalid UTF-8 as a hex dump with offset, hex and ascii columns', () => {
    const bytes = new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0x00, 0x41, 0x0a, 0x80, 0x7e, 0x20, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38]);
    const decoded = decodePayload(bytes);
    assert.equal(decoded.value, undefined);
    assert.equal(decoded.preview.kind, 'binary');
    assert.equal(decoded.preview.truncated, false);
    const lines = decoded.preview.preview.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '00000000  48 69 ff fe 00 41 0a 80  7e 20 31 32 33 34 35 36  |Hi...A..~ 123456|');
    assert.match(lines[1] ?? '', /^00000010 {2}37 38 +\|78 {14}\|$/);
    assert.equal(lines[1]?.length, lines[0]?.length);
    assert.deepEqual(fromBase64(decoded.preview.base64), bytes);
  });

  it('calls valid UTF-8 binary when it holds NUL bytes', () => {
    const decoded = decodePayload(utf8('abc\u0000def'));
    assert.equal(decoded.preview.kind, 'binary');
  });

  it('calls valid UTF-8 binary when control characters are frequent, but not for a stray one', () => {
    const protobufLike = new Uint8Array([0x0a, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x10, 0x96, 0x01].map((b) => (b > 0x7f ? 0x02 : b)));
    assert.equal(decodePayload(protobufLike).preview.kind, 'binary');
    const logLine = utf8(`${'x'.repeat(200)}\u0007${'y'.repeat(200)}`);
    assert.equal(decodePayload(logLine).preview.kind, 'text');
  });

  it('caps text previews at maxPreviewBytes without splitting characters', () => {
    const text = 'ä'.repeat(100);
    const decoded = decodePayload(utf8(text), { maxPreviewBytes: 51 });
    assert.equal(decoded.preview.kind, 'text');
    assert.equal(decoded.preview.truncated, true);
    assert.equal(decoded.preview.preview, 'ä'.repeat(25));
    assert.equal(new TextDecoder().decode(fromBase64(decoded.preview.base64)), text);
  });

  it('caps a hex dump to whole lines within maxPreviewBytes', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff).fill(0xff, 0, 1);
    const decoded = decodePayload(bytes, { maxPreviewBytes: 400 });
    assert.equal(decoded.preview.kind, 'binary');
    assert.equal(decoded.preview.truncated, true);
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= 400);
    const lines = decoded.preview.preview.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.ok(lines[4]?.startsWith('00000040  '));
  });

  it('keeps JSON above the cap: value parsed, preview cut, bytes in base64', () => {
    const value = { items: Array.from({ length: 2000 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i })) };
    const bytes = utf8(JSON.stringify(value));
    const decoded = decodePayload(bytes, { maxPreviewBytes: 1024 });
    assert.deepEqual(decoded.value, value);
    assert.equal(decoded.preview.kind, 'json');
    assert.equal(decoded.preview.truncated, true);
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= 1024);
    assert.deepEqual(fromBase64(decoded.preview.base64), bytes);
  });

  it('handles 10 MB of binary: truncated preview within the default cap, every byte kept', function () {
    this.timeout(20_000);
    const bytes = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const decoded = decodePayload(bytes);
    assert.equal(decoded.preview.kind, 'binary');
    assert.equal(decoded.preview.size, bytes.length);
    assert.equal(decoded.preview.truncated, true);
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= 64 * 1024);
    assert.ok(Buffer.from(decoded.preview.base64 ?? '', 'base64').equals(bytes));
  });

  it('handles 10 MB of text: truncated preview, every byte kept', function () {
    this.timeout(20_000);
    const bytes = utf8('event log line with ümlauts\n'.repeat(400_000));
    assert.ok(bytes.length > 10_000_000);
    const decoded = decodePayload(bytes);
    assert.equal(decoded.preview.kind, 'text');
    assert.equal(decoded.preview.truncated, true);
    assert.ok(Buffer.byteLength(decoded.preview.preview) <= 64 * 1024);
    assert.ok(Buffer.from(decoded.preview.base64 ?? '', 'base64').equals(bytes));
  });

  it('previews deeply nested JSON even where JSON.stringify would overflow', () => {
    const text = '['.repeat(200_000) + ']'.repeat(200_000);
    const decoded = decodePayload(utf8(text), { maxPreviewBytes: 100 });
    assert.equal(decoded.preview.kind, 'json');
    assert.ok(Array.isArray(decoded.value));
    assert.ok(decoded.preview.preview.length <= 100);
  });

  it('never throws and always keeps the bytes, for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.integer({ min: 0, max: 300 }), (bytes, maxPreviewBytes) => {
        const decoded = decodePayload(bytes, { maxPreviewBytes });
        assert.equal(decoded.preview.size, bytes.length);
        assert.ok(Buffer.byteLength(decoded.preview.preview) <= maxPreviewBytes);
        if (decoded.preview.base64 !== undefined) assert.deepEqual(fromBase64(decoded.preview.base64), bytes);
        else assert.equal(decoded.preview.kind, 'json');
        assert.equal(decoded.value !== undefined, decoded.preview.kind === 'json');
      }),
      { numRuns: 500 },
    );
  });

  it('decodes any JSON value it is given as JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const decoded = decodePayload(utf8(JSON.stringify(value)));
        assert.equal(decoded.preview.kind, 'json');
        assert.deepEqual(decoded.value, JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseJsonSafely', function () {
  // Big inputs on a busy two-core machine: a limit for hangs, not a speed check.
  this.timeout(20_000);
  it('returns the value for valid JSON', () => {
    assert.deepEqual(parseJsonSafely(' {"a":[1,2,{"b":null}]} '), { ok: true, value: { a: [1, 2, { b: null }] } });
  });

  const cases: [string, string, RegExp][] = [
    ['{"a":}', 'line 1, column 6 (position 5)', /unexpected "}", expected a value/],
    // Invisible characters are named by code point: a quoted line separator or wide space reads as nothing.
    ['\u2028', 'line 1, column 1 (position 0)', /^Invalid JSON at .*: unexpected U\+2028, expected a value$/],
    ['[1,\u3000 2]', 'line 1, column 4 (position 3)', /unexpected U\+3000, expected a value/],
    ['"a"\ud800', 'line 1, column 4 (position 3)', /unexpected U\+D800, unexpected content after the JSON value/],
    ['{\n  "a": 1,\n  "b" 2\n}', 'line 3, column 7 (position 18)', /expected ':'/],
    ['[1, 2', 'line 1, column 6 (position 5)', /unexpected end of input/],
    ['{"a": "unterminated', 'line 1, column 7 (position 6)', /unterminated string/],
    ["{'a': 1}", 'line 1, column 2 (position 1)', /property name in double quotes/],
    ['[1] [2]', 'line 1, column 5 (position 4)', /after the JSON value/],
    ['[01]', 'line 1, column 3 (position 2)', /malformed number/],
    ['{"a": tru}', 'line 1, column 7 (position 6)', /expected a value/],
    ['["a\\x"]', 'line 1, column 4 (position 3)', /bad escape/],
    ['', 'line 1, column 1 (position 0)', /unexpected end of input/],
  ];
  for (const [text, where, problem] of cases) {
    it(`says what and where for ${JSON.stringify(text)}`, () => {
      const result = parseJsonSafely(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.ok(result.error.includes(where), result.error);
      assert.match(result.error, problem);
    });
  }

  it('locates errors in deeply nested text without overflowing', () => {
    const text = '['.repeat(50_000) + '1,]' + ']'.repeat(49_999);
    const result = parseJsonSafely(text);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.error.includes(`position ${50_000 + 2}`), result.error);
  });

  it('agrees with JSON.parse on what is valid', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.stringMatching(/^[\s{}[\]",:0-9a-z.eE+\\-]{0,24}$/),
      fc.json().map((text) => text.slice(0, Math.max(0, text.length - 1))),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const result = parseJsonSafely(text);
        assert.equal(result.ok, valid);
        if (!result.ok) assert.match(result.error, /line \d+, column \d+ \(position \d+\)/, result.error);
      }),
      { numRuns: 1000 },
    );
  });
});
