import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { withSource, type StoreStatistics } from '../../../src/connectors/reads/statistics';
import { SchemaVariantFinder } from '../../../src/core/schemaVariants';
import { exampleReference, shapeField, statisticsViewOf, typeDetailOf } from '../../../src/panels/statistics/statisticsView';
import { EXAMPLE_KINDS, parseStatisticsMessage, STATISTICS_FORMATS } from '../../../src/protocol/statistics';

function orders(): StoreStatistics {
  const finder = new SchemaVariantFinder();
  finder.observe('OrderCreated', { order_id: 'o-1', currency: 'EUR', total: 3 }, '2026-12-01T10:00:00Z', 'Order-1', 1, 'e-1');
  finder.observe('OrderCreated', { order_id: 'o-2', currency: 'EUR', total: 4 }, '2026-12-01T11:00:00Z', 'Order-2', 1, 'e-2');
  finder.observe('OrderCreated', { order_id: 'o-3', total: '5', 'a: b': true }, '2026-12-08T10:00:00Z', 'Order-3', 1, 'e-3');
  finder.observe('OrderPaid', { order_id: 'o-1' }, '2026-12-08T12:00:00Z', 'Order-1', 2, 'e-4');
  return withSource(finder.result(), 'Local', 'Order', { method: 'all', read: 4, total: 4, note: 'all 4 events' }, 1);
}

describe('statistics view: messages from the page', () => {
  it('accepts each message the page sends', () => {
    assert.ok(parseStatisticsMessage({ type: 'ready' }).ok);
    assert.ok(parseStatisticsMessage({ type: 'showType', typeIndex: 0 }).ok);
    for (const which of EXAMPLE_KINDS) assert.ok(parseStatisticsMessage({ type: 'openExample', typeIndex: 2, variantIndex: 49, which }).ok);
    for (const format of STATISTICS_FORMATS) assert.ok(parseStatisticsMessage({ type: 'export', format }).ok);
  });

  it('rejects what is malformed, naming the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'showType', typeIndex: -1 }, /at "typeIndex"/],
      [{ type: 'showType', typeIndex: 1.5 }, /at "typeIndex"/],
      [{ type: 'showType', typeIndex: '0' }, /at "typeIndex"/],
      [{ type: 'openExample', typeIndex: 0, variantIndex: 0, which: 'first' }, /at "which"/],
      [{ type: 'openExample', typeIndex: 0, which: 'example' }, /at "variantIndex"/],
      [{ type: 'openExample', typeIndex: 0, variantIndex: Number.MAX_SAFE_INTEGER + 2, which: 'example' }, /at "variantIndex"/],
      [{ type: 'export', format: 'xlsx' }, /at "format"/],
      [{ type: 'export', format: 'csv', path: '/etc/passwd' }, /at "path"/],
      [{ type: 'open', key: 1 }, /at "type"/],
      [null, /^Rejected webview message/],
      ['ready', /^Rejected webview message/],
    ];
    for (const [raw, error] of cases) {
      const parsed = parseStatisticsMessage(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) assert.match(parsed.error, error, JSON.stringify(raw));
    }
  });

  it('accepts a value only when it is a message of the protocol, whole', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseStatisticsMessage(raw);
        if (!parsed.ok) return assert.match(parsed.error, /^Rejected webview message( at "[^"]+")?: /);
        assert.ok(['ready', 'showType', 'openExample', 'export'].includes(parsed.message.type));
        assert.doesNotThrow(() => structuredClone(parsed.message));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('statistics view: what the page shows', () => {
  it('summarises every type with its share of the events and its number of shapes', () => {
    const view = statisticsViewOf(orders());
    assert.equal(view.subject, 'Order in Local');
    assert.equal(view.sample, 'all 4 events');
    assert.equal(view.skipped, 1);
    assert.deepEqual(
      view.types.map((t) => [t.index, t.type, t.events, t.share, t.variants]),
      [
        [0, 'OrderCreated', 3, 0.75, 2],
        [1, 'OrderPaid', 1, 0.25, 1],
      ],
    );
    assert.deepEqual(view.days, [
      { day: '2026-12-01', events: 2 },
      { day: '2026-12-08', events: 2 },
    ]);
  });

  it("shows a variant's drift against the most common one as fields split into path and type", () => {
    const detail = typeDetailOf(orders(), 0);
    assert.ok(detail);
    const [main, drifted] = detail.variants;
    assert.equal(main.missing, undefined);
    assert.deepEqual([main.events, main.share, drifted.events], [2, 2 / 3, 1]);
    assert.deepEqual(drifted.missing, [
      { path: 'data.currency', type: 'string' },
      { path: 'data.total', type: 'number' },
    ]);
    assert.deepEqual(drifted.added, [
      { path: 'data.total', type: 'string' },
      { path: 'data["a: b"]', type: 'boolean' },
    ]);
    assert.deepEqual([drifted.firstAt, drifted.firstVersion, drifted.example], ['2026-12-08T10:00:00Z', 1, { label: 'Order-3 v1', timestamp: '2026-12-08T10:00:00Z' }]);
    assert.equal(typeDetailOf(orders(), 2), undefined);
  });

  it("names the event a variant's example or latest points at, and nothing for a place it does not have", () => {
    const statistics = orders();
    assert.deepEqual(exampleReference(statistics, 0, 0, 'example'), { type: 'OrderCreated', reference: { timestamp: '2026-12-01T10:00:00Z', eventId: 'e-1', aggregateId: 'Order-1', version: 1 } });
    assert.equal(exampleReference(statistics, 0, 0, 'latest')?.reference.aggregateId, 'Order-2');
    assert.equal(exampleReference(statistics, 0, 2, 'example'), undefined);
    assert.equal(exampleReference(statistics, 5, 0, 'example'), undefined);
  });

  it('splits a field at its last ": " (a key holding one is quoted in brackets)', () => {
    assert.deepEqual(shapeField('data.items[].price: number'), { path: 'data.items[].price', type: 'number' });
    assert.deepEqual(shapeField('data["x: y"]: string'), { path: 'data["x: y"]', type: 'string' });
    assert.deepEqual(shapeField('odd'), { path: 'odd', type: '' });
  });
});
