import { strict as assert } from 'node:assert';
import { chapterOrderFlows } from '../../../src/core/chapterSamples';
import { shapeOf } from '../../../src/core/payloadShape';
import { SchemaVariantFinder, dayOf } from '../../../src/core/schemaVariants';

/** The chapter's OrderCreated (`order_id`, `customer_id`) with a currency, as a shop adds one. */
function orderCreated(orderId: string, timestamp: string, version: number, currency: boolean): [string, unknown, string, string, number, string] {
  const data: Record<string, unknown> = { order_id: orderId, customer_id: 'customer-42' };
  if (currency) data.currency = 'EUR';
  return ['OrderCreated', data, timestamp, orderId, version, `evt-${orderId}`];
}

describe('schema variants', () => {
  it('finds the OrderCreated that lost currency, on the day it did, with an example of each shape', () => {
    const finder = new SchemaVariantFinder();
    for (let n = 0; n < 10; n++) finder.observe(...orderCreated(`order-${n}`, `2026-12-0${1 + (n % 3)}T10:00:0${n}.000Z`, 1, true));
    finder.observe(...orderCreated('order-late-1', '2026-12-08T09:30:00.000Z', 1, false));
    finder.observe(...orderCreated('order-late-2', '2026-12-08T11:45:00.000Z', 1, false));
    const [created] = finder.result().types;
    assert.equal(created.type, 'OrderCreated');
    assert.equal(created.events, 12);
    assert.equal(created.variants.length, 2);
    const [usual, drifted] = created.variants;
    assert.deepEqual(usual.fields, ['data.currency: string', 'data.customer_id: string', 'data.order_id: string', 'data: object']);
    assert.equal(usual.events, 10);
    assert.equal(usual.missing, undefined);
    assert.deepEqual(drifted.missing, ['data.currency: string']);
    assert.deepEqual(drifted.added, []);
    assert.equal(drifted.events, 2);
    assert.equal(drifted.firstAt, '2026-12-08T09:30:00.000Z');
    assert.equal(drifted.lastAt, '2026-12-08T11:45:00.000Z');
    assert.deepEqual(drifted.example, { timestamp: '2026-12-08T09:30:00.000Z', eventId: 'evt-order-late-1', aggregateId: 'order-late-1', version: 1 });
    assert.deepEqual(drifted.latest, { timestamp: '2026-12-08T11:45:00.000Z', eventId: 'evt-order-late-2', aggregateId: 'order-late-2', version: 1 });
    assert.equal(usual.example.aggregateId, 'order-0');
  });

  it("gives the chapter's Order events one shape per type, with array items as []", () => {
    const finder = new SchemaVariantFinder();
    let line = 0;
    for (const flow of chapterOrderFlows({ orders: 30 })) {
      for (const [index, event] of flow.events.entries()) {
        line += 1;
        finder.observe(event.type, event.data, event.timestamp, flow.aggregateId, index + 1, event.id, line);
      }
    }
    const statistics = finder.result();
    const byType = new Map(statistics.types.map((type) => [type.type, type]));
    assert.deepEqual([...byType.keys()].sort(), ['ItemAdded', 'OrderCreated', 'OrderPaid', 'PaymentCompleted']);
    for (const type of byType.values()) assert.equal(type.variants.length, 1, type.type);
    assert.deepEqual(byType.get('ItemAdded')?.variants[0].fields, [
      'data.item.name: string',
      'data.item.product_id: string',
      'data.item: object',
      'data.price: number',
      'data: object',
    ]);
    assert.equal(byType.get('OrderCreated')?.events, 30);
    assert.equal(byType.get('OrderCreated')?.variants[0].firstVersion, 1);
    assert.equal(byType.get('OrderCreated')?.variants[0].example.position, 1);
    assert.equal(statistics.aggregates.counted, 30);
    assert.equal(statistics.events, line);
    assert.equal(shapeOf({ items: [{ price: 1 }, { price: 'x', sku: 'a' }] }, { maxPaths: 512, maxDepth: 32 }).key,
      ['data.items: array', 'data.items[].price: number', 'data.items[].price: string', 'data.items[].sku: string', 'data.items[]: object', 'data: object'].join('\n'));
  });

  it('counts events per UTC day, converting offsets and naming unparseable times', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('A', {}, '2026-12-01T23:59:59.999Z');
    finder.observe('A', {}, '2026-12-01T00:00:00Z');
    finder.observe('A', {}, '2026-12-02T00:30:00+02:00');
    finder.observe('A', {}, '2026-12-02T01:00:00.000Z');
    finder.observe('A', {}, 'yesterday');
    assert.deepEqual(finder.result().days, [
      { day: '2026-12-01', events: 3 },
      { day: '2026-12-02', events: 1 },
      { day: 'unknown', events: 1 },
    ]);
    assert.equal(dayOf('2026-12-02T00:30:00+02:00'), '2026-12-01');
  });

  it('ranks the largest aggregates by event count', () => {
    const finder = new SchemaVariantFinder({ largestAggregates: 3 });
    const sizes: Record<string, number> = { 'Order-1': 5, 'Order-2': 9, 'Order-3': 1, 'Order-4': 7, 'Order-5': 7 };
    for (const [id, count] of Object.entries(sizes)) for (let v = 1; v <= count; v++) finder.observe('ItemAdded', { price: v }, '2026-12-01T10:00:00Z', id, v);
    finder.observe('Heartbeat', {}, '2026-12-01T10:00:00Z');
    const statistics = finder.result();
    assert.deepEqual(statistics.largestAggregates, [
      { aggregateId: 'Order-2', events: 9 },
      { aggregateId: 'Order-4', events: 7 },
      { aggregateId: 'Order-5', events: 7 },
    ]);
    assert.deepEqual(statistics.aggregates, { counted: 5, exact: true, eventsWithoutAggregate: 1 });
  });

  it('cuts a payload of 10,000 fields at maxPaths and says so', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) wide[`field${i}`] = i;
    const finder = new SchemaVariantFinder();
    finder.observe('Wide', wide, '2026-12-01T10:00:00Z');
    finder.observe('Wide', wide, '2026-12-01T10:00:01Z');
    const statistics = finder.result();
    const [variant] = statistics.types[0].variants;
    assert.equal(variant.fields.length, 512);
    assert.deepEqual(variant.cut, ['paths']);
    assert.equal(variant.events, 2);
    assert.equal(statistics.cutPayloads, 2);
  });

  it('cuts 1,000-deep nesting at maxDepth and says so, and tells two deep payloads apart only above the cut', () => {
    const deep = (leaf: unknown): unknown => {
      let value: unknown = leaf;
      for (let i = 0; i < 1000; i++) value = { next: value };
      return value;
    };
    const finder = new SchemaVariantFinder();
    finder.observe('Deep', deep(1), '2026-12-01T10:00:00Z');
    finder.observe('Deep', deep('one'), '2026-12-01T10:00:01Z');
    const [type] = finder.result().types;
    assert.equal(type.variants.length, 1);
    const [variant] = type.variants;
    assert.deepEqual(variant.cut, ['depth']);
    assert.equal(variant.events, 2);
    assert.equal(variant.fields.length, 33);
    assert.ok(variant.fields.every((field) => field.endsWith(': object')));
  });

  it('keeps 1,000 event types of 10,000 and sums the rest as other', () => {
    const finder = new SchemaVariantFinder();
    for (let i = 0; i < 10_000; i++) finder.observe(`Type${i}`, { n: i }, '2026-12-01T10:00:00Z');
    finder.observe('Type0', { n: 0 }, '2026-12-01T10:00:00Z');
    const statistics = finder.result();
    assert.equal(statistics.types.length, 1000);
    assert.deepEqual(statistics.otherTypes, { events: 9000, types: 9000, typesAtLeast: false });
    assert.equal(statistics.types[0].type, 'Type0');
    assert.equal(statistics.types[0].events, 2);
    assert.equal(statistics.events, 10_001);
  });

  it('keeps at most maxVariantsPerType shapes and counts the events of the rest', () => {
    const finder = new SchemaVariantFinder({ maxVariantsPerType: 3 });
    for (let i = 0; i < 10; i++) finder.observe('Changing', { [`f${i}`]: i }, '2026-12-01T10:00:00Z');
    for (let i = 0; i < 10; i++) finder.observe('Changing', { [`f${i}`]: i }, '2026-12-01T10:00:00Z');
    const [type] = finder.result().types;
    assert.equal(type.variants.length, 3);
    assert.equal(type.variants[0].events, 2);
    assert.equal(type.eventsInUnlistedVariants, 14);
  });

  it('tells shapes apart that differ only in a nested type, and merges key orders', () => {
    const finder = new SchemaVariantFinder();
    finder.observe('ItemAdded', { item: { product_id: 'P-1' }, price: 1 }, '2026-12-01T10:00:00Z');
    finder.observe('ItemAdded', { price: 2, item: { product_id: 'P-2' } }, '2026-12-01T10:00:01Z');
    finder.observe('ItemAdded', { item: { product_id: 7 }, price: 3 }, '2026-12-01T10:00:02Z');
    const [type] = finder.result().types;
    assert.deepEqual(type.variants.map((variant) => variant.events), [2, 1]);
    assert.deepEqual(type.variants[1].missing, ['data.item.product_id: string']);
    assert.deepEqual(type.variants[1].added, ['data.item.product_id: number']);
  });
});
