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
    assert.equal(lines[0], 'section,event type,name,events,first at,last at,first version,last version,example aggregate,example version,example event id,example source,example partition,example offset,example queue position,detail');
    assert.equal(lines[1], 'sample,,,3,2026-12-01T10:00:00Z,2026-12-08T10:00:00Z,,,,,,,,,,all 3 events');
    assert.equal(lines[2], 'type,OrderCreated,,3,2026-12-01T10:00:00Z,2026-12-08T10:00:00Z,,,,,,,,,,');
    assert.equal(lines[3], 'variant,OrderCreated,variant 1,2,2026-12-01T10:00:00Z,2026-12-01T11:00:00Z,1,1,o-1,1,e-1,,,,,data.currency: string; data.order_id: string; data: object');
    assert.equal(lines[4], 'variant,OrderCreated,variant 2,1,2026-12-08T10:00:00Z,2026-12-08T10:00:00Z,1,1,o-3,1,e-3,,,,,missing: data.currency: string');
    assert.deepEqual(lines.slice(5), ['day,,2026-12-01,2,,,,,,,,,,,,', 'day,,2026-12-08,1,,,,,,,,,,,,', 'aggregate,,o-1,1,,,,,,,,,,,,', 'aggregate,,o-2,1,,,,,,,,,,,,', 'aggregate,,o-3,1,,,,,,,,,,,,']);
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
    assert.deepEqual(lines.slice(2, 4), ['note,,,,,,,,,,,,,,,Counted on the server: events per type.', "note,,,,,,,,,,,,,,,'=cmd"]);
  });

  it("carries each example's place, so a row leads back to its message: topic, partition and offset, or queue and place from the head", () => {
    const kafka = new SchemaVariantFinder();
    kafka.observe('OrderPlaced', { id: 'o-1' }, '2026-12-01T10:00:00Z', 'o-1', undefined, undefined, undefined, { partition: 2, offset: '9007199254740993' });
    kafka.observe('OrderPlaced', { id: 'o-2', currency: 'EUR' }, '2026-12-02T10:00:00Z', 'o-2', undefined, undefined, undefined, { partition: 0, offset: '0' });
    const topicRows = statisticsCsv({ ...kafka.result(), source: 'orders' }).split('\n').filter((line) => line.startsWith('variant,'));
    assert.deepEqual(
      topicRows.map((line) => line.split(',').slice(11, 15)),
      [
        ['orders', '2', '9007199254740993', ''],
        ['orders', '0', '0', ''],
      ],
    );

    const queue = new SchemaVariantFinder();
    queue.observe('OrderPlaced', { id: 'o-1' }, '2026-12-01T10:00:00Z', undefined, undefined, undefined, undefined, { peeked: 2 });
    queue.observe('OrderShipped', { id: 'o-1' }, '2026-12-01T10:00:00Z', undefined, undefined, undefined, undefined, { offset: '41' });
    const queueRows = statisticsCsv({ ...queue.result(), source: 'orders.q' }).split('\n').filter((line) => line.startsWith('variant,'));
    assert.deepEqual(
      queueRows.map((line) => line.split(',').slice(11, 15)),
      [
        ['orders.q', '', '', '3'],
        ['orders.q', '', '41', ''],
      ],
    );
  });

  it('neutralises a topic or queue name that would start a formula in the place cells', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('OrderPlaced', { id: 'o-1' }, '2026-12-01T10:00:00Z', undefined, undefined, undefined, undefined, { partition: 1, offset: '5' });
    for (const hostile of ['=HYPERLINK("http://x")', '+cmd', '-2+3', '@SUM(A1)']) {
      const row = statisticsCsv({ ...finder.result(), source: hostile }).split('\n').find((line) => line.startsWith('variant,'));
      assert.ok(row?.includes(`,'${hostile.replace(/"/g, '""')}`) === true || row?.includes(`,"'${hostile.replace(/"/g, '""')}"`) === true, row);
      assert.doesNotMatch(row ?? '', /,[=+@-][^0-9]/);
    }
  });
});
