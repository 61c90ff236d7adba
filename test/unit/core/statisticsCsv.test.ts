import { strict as assert } from 'node:assert';
import { SchemaVariantFinder } from '../../../src/core/schemaVariants';
import { statisticsCsv } from '../../../src/core/statisticsCsv';

describe('statistics as CSV', () => {
  it('writes one row per type, variant, day and aggregate, with the drift in the variant row', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('OrderCreated', { order_id: 'o-1', currency: 'EUR' }, '2026-12-01T10:00:00Z', 'o-1', 1, 'e-1');
    finder.observe('OrderCreated', { order_id: 'o-2', currency: 'EUR' }, '2026-12-01T11:00:00Z', 'o-2', 1, 'e-2');
    finder.observe('OrderCreated', { order_id: 'o-3' }, '2026-12-08T10:00:00Z', 'o-3', 1, 'e-3');
    const lines = statisticsCsv({ ...finder.result(), sample: { note: 'all 3 events' } }).trimEnd().split('\n');
    assert.equal(lines[0], 'section,event type,name,events,first at,last at,first version,last version,example aggregate,example version,example event id,detail');
    assert.equal(lines[1], 'sample,,,3,2026-12-01T10:00:00Z,2026-12-08T10:00:00Z,,,,,,all 3 events');
    assert.equal(lines[2], 'type,OrderCreated,,3,2026-12-01T10:00:00Z,2026-12-08T10:00:00Z,,,,,,');
    assert.equal(lines[3], 'variant,OrderCreated,variant 1,2,2026-12-01T10:00:00Z,2026-12-01T11:00:00Z,1,1,o-1,1,e-1,data.currency: string; data.order_id: string; data: object');
    assert.equal(lines[4], 'variant,OrderCreated,variant 2,1,2026-12-08T10:00:00Z,2026-12-08T10:00:00Z,1,1,o-3,1,e-3,missing: data.currency: string');
    assert.deepEqual(lines.slice(5), ['day,,2026-12-01,2,,,,,,,,', 'day,,2026-12-08,1,,,,,,,,', 'aggregate,,o-1,1,,,,,,,,', 'aggregate,,o-2,1,,,,,,,,', 'aggregate,,o-3,1,,,,,,,,']);
  });

  it('neutralises cells from the data that would start a formula', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('=HYPERLINK("http://x")', { '@SUM(A1)': 1 }, '2026-12-01T10:00:00Z', '-2+3+cmd', 1, '+evil');
    const csv = statisticsCsv(finder.result());
    assert.match(csv, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
    assert.match(csv, /,'-2\+3\+cmd,1,'\+evil,/);
    assert.match(csv, /aggregate,,'-2\+3\+cmd,1,/);
    assert.doesNotMatch(csv, /(^|,)[=+@-][^0-9]/m);
  });

  it('writes how the figures were counted as note rows after the sample', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('OrderCreated', { order_id: 'o-1' }, '2026-12-01T10:00:00Z', 'o-1', 1, 'e-1');
    const lines = statisticsCsv({ ...finder.result(), sample: { note: 'all 1 events' }, notes: ['Counted on the server: events per type.', '=cmd'] }).split('\n');
    assert.deepEqual(lines.slice(2, 4), ['note,,,,,,,,,,,Counted on the server: events per type.', "note,,,,,,,,,,,'=cmd"]);
  });
});
