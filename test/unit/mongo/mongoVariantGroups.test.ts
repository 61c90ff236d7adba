import { strict as assert } from 'node:assert';
import { Double, Int32 } from 'mongodb';
import { DEFAULT_FIELD_MAPPING } from '../../../src/connectors/mongo/fieldMapping';
import { MAX_KEY_PATHS, groupFilter, groupSignature, jsonSignature, keyPathsOf, variantGroupStage } from '../../../src/connectors/mongo/mongoVariantGroups';

describe('MongoDB variant groups (the server-side key)', () => {
  it('takes the object paths of the sampled payloads, not array items, sorted', () => {
    const key = keyPathsOf([{ b: 1, a: { x: 'y' }, lines: [{ sku: 'S' }] }, { c: null, 'odd key': 1, $bad: 2 }]);
    assert.deepEqual(key.paths, ['a', 'a.x', 'b', 'c', 'lines']);
    assert.equal(key.cut, false);
    assert.equal(key.documents, 2);
  });

  it('keeps at most MAX_KEY_PATHS paths of a 10,000-field payload and says it cut', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) wide[`f${i}`] = i;
    const key = keyPathsOf([wide]);
    assert.equal(key.paths.length, MAX_KEY_PATHS);
    assert.equal(key.cut, true);
  });

  it('groups on the event type and the $type of each path, with $min / $max only where the server has them', () => {
    assert.deepEqual(variantGroupStage(DEFAULT_FIELD_MAPPING, ['a', 'b.c'], false), {
      $group: { _id: { t: '$event_type', p0: { $type: '$data.a' }, p1: { $type: '$data.b.c' } }, n: { $sum: 1 } },
    });
    const withMinMax = variantGroupStage(DEFAULT_FIELD_MAPPING, [], true) as { $group: Record<string, unknown> };
    assert.deepEqual(withMinMax.$group.firstAt, { $min: '$timestamp' });
  });

  it('gives a document the same JSON signature as its BSON group: int and double are both numbers', () => {
    const paths = ['amount', 'currency', 'customer.id', 'lines'];
    const group = { type: 'OrderCreated', types: ['int', 'missing', 'string', 'array'], events: 3 };
    assert.equal(groupSignature(group), 'number,missing,string,array');
    assert.equal(groupSignature({ ...group, types: ['double', 'missing', 'string', 'array'] }), groupSignature(group));
    assert.equal(jsonSignature({ amount: new Int32(5), customer: { id: 'c' }, lines: [] }, paths), groupSignature(group));
    assert.equal(jsonSignature({ amount: new Double(5.5), customer: { id: 'c' }, lines: [] }, paths), groupSignature(group));
    assert.equal(jsonSignature({ amount: 1, currency: null, customer: { id: 'c' }, lines: [] }, paths), 'number,null,string,array');
  });

  it('finds the documents of a group by type and by each path\'s type or absence', () => {
    const group = { type: 'OrderCreated', types: ['int', 'missing'], events: 1 };
    assert.deepEqual(groupFilter(DEFAULT_FIELD_MAPPING, ['amount', 'currency'], group, { aggregate_type: 'Order' }), {
      aggregate_type: 'Order',
      event_type: 'OrderCreated',
      'data.amount': { $type: 'int' },
      'data.currency': { $exists: false },
    });
  });
});
