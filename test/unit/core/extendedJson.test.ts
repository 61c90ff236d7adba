import { strict as assert } from 'node:assert';
import { fromExtendedJson, mayHoldExtendedJson } from '../../../src/core/extendedJson';

describe('fromExtendedJson', () => {
  it('unwraps dates, ids and numbers in relaxed and canonical forms', () => {
    assert.deepEqual(
      fromExtendedJson({
        _id: { $oid: '65a1b2c3d4e5f60718293a4b' },
        relaxedDate: { $date: '2026-01-05T09:00:00.123Z' },
        canonicalDate: { $date: { $numberLong: '1767603600123' } },
        int: { $numberInt: '7' },
        long: { $numberLong: '42' },
        hugeLong: { $numberLong: '9223372036854775807' },
        double: { $numberDouble: '1.5' },
        infinite: { $numberDouble: 'Infinity' },
        decimal: { $numberDecimal: '19.90' },
        uuid: { $uuid: '3b241101-e2bb-4255-8caf-4136c566a962' },
        binaryUuid: { $binary: { base64: 'OyQRAeK7QlWMr0E2xWapYg==', subType: '04' } },
        nested: [{ at: { $date: '2026-01-05T09:00:00Z' } }],
      }),
      {
        _id: '65a1b2c3d4e5f60718293a4b',
        relaxedDate: '2026-01-05T09:00:00.123Z',
        canonicalDate: '2026-01-05T09:00:00.123Z',
        int: 7,
        long: 42,
        hugeLong: '9223372036854775807',
        double: 1.5,
        infinite: 'Infinity',
        decimal: '19.90',
        uuid: '3b241101-e2bb-4255-8caf-4136c566a962',
        binaryUuid: '3b241101-e2bb-4255-8caf-4136c566a962',
        nested: [{ at: '2026-01-05T09:00:00.000Z' }],
      },
    );
  });

  it('keeps what it does not know, and plain values as the same objects', () => {
    const binary = { $binary: { base64: 'AAE=', subType: '00' } };
    const twoKeys = { $date: '2026-01-05T09:00:00Z', note: 'not a wrapper' };
    assert.deepEqual(fromExtendedJson({ binary, twoKeys, ts: { $timestamp: { t: 1, i: 2 } } }), { binary, twoKeys, ts: { $timestamp: { t: 1, i: 2 } } });
    const plain = { a: [1, { b: 'c' }] };
    assert.equal(fromExtendedJson(plain), plain);
    assert.equal(mayHoldExtendedJson('{"a":1}'), false);
    assert.equal(mayHoldExtendedJson('{"t":{"$date":1}}'), true);
  });
});
