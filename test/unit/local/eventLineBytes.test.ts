import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkEventLine } from '../../../src/connectors/local/eventLine';
import { emptyEventLineFields, scanEventLine } from '../../../src/connectors/local/eventLineBytes';

const fields = emptyEventLineFields;
/** Floors on the cases each property really compared (2026-12-06: about 3,300 of 20,000 lines and 2,850 of 5,000 byte strings). */
const MIN_COMPARED_LINES = 1_500;
const MIN_COMPARED_BYTES = 2_000;

/**
 * The fast path may decline any line, but what it accepts checkEventLine must accept with the same fields.
 * Returns whether the two were compared (the fast path accepted), so a property can count its real cases.
 */
function assertAgrees(text: string): boolean {
  const bytes = Buffer.from(`#${text}#`, 'utf8');
  const out = fields();
  const accepted = scanEventLine(bytes, 1, bytes.length - 1, out);
  if (!accepted) return false;
  const checked = checkEventLine(bytes.toString('utf8', 1, bytes.length - 1));
  assert.ok(checked.ok, `accepted by the byte scan but not by checkEventLine: ${text}`);
  assert.equal(bytes.toString('latin1', out.aggregateIdStart, out.aggregateIdEnd), checked.value.aggregateId, text);
  assert.equal(bytes.toString('latin1', out.aggregateTypeStart, out.aggregateTypeEnd), checked.value.aggregateType, text);
  assert.equal(bytes.toString('latin1', out.timestampStart, out.timestampEnd), checked.value.timestamp, text);
  assert.equal(out.version, checked.value.version, text);
  return true;
}

const valid = {
  aggregate_id: 'Order-1',
  aggregate_type: 'Order',
  event_id: 'e-1',
  event_type: 'Created',
  version: 3,
  timestamp: '2026-01-05T09:00:00.000Z',
  data: { a: [1, -2.5e3, true, null, 'x\u00e9\\"'] },
  metadata: { correlation_id: 'c' },
};

describe('Local store: event lines checked as bytes', () => {
  it('accepts a plain event line with the fields checkEventLine finds', () => {
    const text = JSON.stringify(valid);
    const bytes = Buffer.from(text);
    const out = fields();
    assert.ok(scanEventLine(bytes, 0, bytes.length, out));
    assertAgrees(text);
    const spaced = Buffer.from(` \t${JSON.stringify({ ...valid, metadata: null })}\r `);
    assert.ok(scanEventLine(spaced, 0, spaced.length, out));
  });

  it('declines lines that checkEventLine rejects or that need decoding', () => {
    const declined = [
      '',
      '   ',
      'not json',
      '[1,2]',
      '{}',
      JSON.stringify({ ...valid, version: 0 }),
      JSON.stringify({ ...valid, version: '3' }),
      JSON.stringify({ ...valid, aggregate_id: '' }),
      JSON.stringify({ ...valid, aggregate_id: 'a\u00e9' }),
      JSON.stringify({ ...valid, aggregate_id: 'a"b' }),
      JSON.stringify({ ...valid, event_type: '' }),
      JSON.stringify({ ...valid, metadata: [1] }),
      JSON.stringify({ ...valid, event_id: 1 }),
      JSON.stringify({ ...valid, data: undefined }),
      `${JSON.stringify(valid)},`,
      `${JSON.stringify(valid)}\u00a0`,
      JSON.stringify(valid).replace('"version":3', '"version":3.0'),
      JSON.stringify(valid).replace('"version":3', '"version":03'),
      JSON.stringify(valid).replace('"aggregate_id"', '"aggregate\\u005fid"'),
      JSON.stringify(valid).replace('[1,', '[1,,'),
      JSON.stringify(valid).replace('true', 'tru'),
      JSON.stringify(valid).replace('"x', '"\tx'),
      JSON.stringify(valid).slice(0, -1),
    ];
    for (const text of declined) {
      const bytes = Buffer.from(text, 'utf8');
      assert.equal(scanEventLine(bytes, 0, bytes.length, fields()), false, text);
    }
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const text = `{"aggregate_id":"a","version":1,${JSON.stringify(valid).slice(1)}`;
    assertAgrees(text);
    const bytes = Buffer.from(text);
    const out = fields();
    assert.ok(scanEventLine(bytes, 0, bytes.length, out));
    assert.equal(out.version, 3);
  });

  it('never accepts what checkEventLine rejects: arbitrary, near-valid and mutated lines', function () {
    this.timeout(30_000);
    const record = fc.record(
      {
        aggregate_id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)),
        aggregate_type: fc.oneof(fc.string({ maxLength: 6 }), fc.constant('Order')),
        event_id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        event_type: fc.oneof(fc.string({ maxLength: 4 }), fc.boolean()),
        version: fc.oneof(fc.integer({ min: -2, max: 2 ** 53 + 2 }), fc.double(), fc.string({ maxLength: 2 })),
        timestamp: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
        data: fc.jsonValue({ maxDepth: 3 }),
        metadata: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: [] },
    );
    // Lines the fast path should take (plain ASCII keys, whole versions), so that the comparison has cases.
    const plain = fc.stringMatching(/^[A-Za-z0-9 _.:-]{1,8}$/);
    const plainRecord = fc.record({
      aggregate_id: plain,
      aggregate_type: plain,
      event_id: plain,
      event_type: plain,
      version: fc.integer({ min: 1, max: 2 ** 40 }),
      timestamp: plain,
      data: fc.jsonValue({ maxDepth: 3 }),
      metadata: fc.oneof(fc.constant({}), fc.record({ correlation_id: fc.string({ maxLength: 6 }) })),
    });
    const line = fc.oneof(
      plainRecord.map((value) => JSON.stringify(value)),
      record.map((value) => JSON.stringify(value)),
      fc.tuple(record, fc.nat(), fc.string({ maxLength: 3 })).map(([value, at, insert]) => {
        const text = JSON.stringify(value);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut);
      }),
      fc.tuple(record, fc.nat()).map(([value, at]) => {
        const text = JSON.stringify(value);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + text.slice(cut + 1);
      }),
      fc.string({ maxLength: 40 }),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
    );
    let compared = 0;
    fc.assert(
      fc.property(line, (text) => {
        if (assertAgrees(text)) compared += 1;
      }),
      { numRuns: 20_000 },
    );
    // A generator that drifts into lines the fast path always declines would pass while comparing nothing.
    assert.ok(compared >= MIN_COMPARED_LINES, `only ${compared} of 20,000 lines were accepted by the fast path and compared`);
  });

  it('agrees on raw bytes, including invalid UTF-8', () => {
    const prefix = Buffer.from(JSON.stringify(valid).slice(0, -1) + ',"x":"');
    let compared = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (raw) => {
        const bytes = Buffer.concat([prefix, Buffer.from(raw), Buffer.from('"}')]);
        const out = fields();
        if (!scanEventLine(bytes, 0, bytes.length, out)) return;
        compared += 1;
        assert.ok(checkEventLine(bytes.toString('utf8')).ok, bytes.toString('hex'));
      }),
      { numRuns: 5_000 },
    );
    assert.ok(compared >= MIN_COMPARED_BYTES, `only ${compared} of 5,000 byte strings were accepted by the fast path and compared`);
  });
});
