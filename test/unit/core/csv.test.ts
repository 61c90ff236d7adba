import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { csvField, csvRow } from '../../../src/core/csv';

/** RFC 4180 read back: one row of fields (enough for what csvRow writes). */
function readRow(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i += 1;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          break;
        } else {
          field += line[i++];
        }
      }
      i += 1;
    } else {
      while (i < line.length && line[i] !== ',' && line[i] !== '\n') field += line[i++];
    }
    fields.push(field);
    if (line[i] !== ',') return fields;
    i += 1;
  }
}

describe('CSV fields: no formula from data, RFC 4180 quoting', () => {
  it('neutralises a cell that a spreadsheet would run as a formula, and keeps plain numbers', () => {
    assert.equal(csvField('=HYPERLINK("https://example.invalid","x")'), `"'=HYPERLINK(""https://example.invalid"",""x"")"`);
    assert.equal(csvField('+1+cmd'), "'+1+cmd");
    assert.equal(csvField("-2+3+cmd|' /C calc'!A0"), `'-2+3+cmd|' /C calc'!A0`);
    assert.equal(csvField('@SUM(A1:A9)'), "'@SUM(A1:A9)");
    assert.equal(csvField('\t=1'), "'\t=1");
    assert.equal(csvField('\r=1'), `"'\r=1"`);
    assert.equal(csvField('-5'), '-5');
    assert.equal(csvField('+1.5e3'), '+1.5e3');
    assert.equal(csvField('Order-1'), 'Order-1');
    assert.equal(csvField('a,"b"\nc'), '"a,""b""\nc"');
  });

  it('any row reads back as the same fields, each starting with no formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('=1+1', '+x', '-y', '@z', '\t=a', '-5', '"', ',', '\n')), { minLength: 1, maxLength: 6 }), (fields) => {
        const read = readRow(csvRow(fields));
        assert.equal(read.length, fields.length);
        read.forEach((cell, index) => {
          const original = fields[index];
          assert.ok(cell === original || cell === `'${original}`, `${JSON.stringify(cell)} from ${JSON.stringify(original)}`);
          if (/^[=+\-@\t\r]/.test(cell)) assert.match(cell, /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
