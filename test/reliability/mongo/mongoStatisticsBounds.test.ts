// Statistics counted on the real FerretDB stay bounded on hostile stores: hundreds of distinct event types
// (the first maxTypes kept, the rest summed as "other"), a payload with 10,000 fields and one nested deeper
// than maxDepth (cut, and the result says so). Small data: one database of 302 documents.
import * as assert from 'node:assert/strict';
import type { MongoEventStore } from '../../../src/connectors/mongo/mongoEventStore';
import { MongoFixture } from '../../integration/support/mongoFixture';
import { skipOrFailWithoutRig } from '../../support/rig';
import { rigMissing } from './rig';

/** FerretDB v1 groups in time that grows with groups × documents: 10,000 types take it minutes (the finder's own 10,000-type bound is a unit test). */
const TYPES = 300;
const MAX_TYPES = 50;
/** MongoDB refuses documents nested past 100 levels; FerretDB too. */
const DEEP_LEVELS = 90;

function wideData(): Record<string, number> {
  const data: Record<string, number> = {};
  for (let i = 0; i < 10_000; i++) data[`f${i}`] = i;
  return data;
}

function deepData(): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < DEEP_LEVELS; i++) value = { d: value };
  return value;
}

describe('MongoDB statistics on hostile stores (FerretDB)', function () {
  this.timeout(120_000);
  const fixture = new MongoFixture('efx_statistics_bounds');
  let store: MongoEventStore;

  before(async function () {
    skipOrFailWithoutRig(this, 'mongo.statistics', await rigMissing());
    await fixture.start();
    const at = Date.parse('2026-12-01T00:00:00.000Z');
    const docs: Record<string, unknown>[] = [];
    // Type 0 has the most events, so it is certainly among those kept.
    for (let i = 0; i < TYPES; i++) docs.push({ aggregate_id: `Agg-${i}`, event_type: `Type${i}`, version: 1, timestamp: new Date(at + i * 1000), data: { n: i } });
    docs.push({ aggregate_id: 'Wide-1', event_type: 'Wide', version: 1, timestamp: new Date(at), data: wideData() });
    docs.push({ aggregate_id: 'Deep-1', event_type: 'Deep', version: 1, timestamp: new Date(at), data: deepData() });
    await fixture.db.collection('events').insertMany(docs);
    store = fixture.open({ timeoutMs: 60_000 });
  });
  after(() => fixture.dispose());

  it(`keeps ${MAX_TYPES} of ${TYPES + 2} event types and sums the rest as "other"`, async () => {
    const statistics = await store.statistics({ limits: { maxTypes: MAX_TYPES } });
    assert.equal(statistics.events, TYPES + 2);
    assert.equal(statistics.types.length, MAX_TYPES);
    assert.equal(statistics.otherTypes.types, TYPES + 2 - MAX_TYPES);
    assert.equal(statistics.otherTypes.events, TYPES + 2 - MAX_TYPES);
    assert.equal(statistics.types.reduce((sum, type) => sum + type.events, 0) + statistics.otherTypes.events, TYPES + 2);
  });

  it('cuts the 10,000-field and the deep payload at maxPaths and maxDepth, and says so', async () => {
    const statistics = await store.statistics({ limits: { maxPaths: 512, maxDepth: 32 } });
    const wide = statistics.types.find((type) => type.type === 'Wide');
    const deep = statistics.types.find((type) => type.type === 'Deep');
    assert.deepEqual(wide?.variants.map((variant) => [variant.events, variant.cut, variant.fields.length]), [[1, ['paths'], 512]]);
    assert.deepEqual(deep?.variants.map((variant) => [variant.events, variant.cut]), [[1, ['depth']]]);
    assert.equal(statistics.cutPayloads, 2);
    // The server's key took at most 64 paths of the 10,000, and the notes say it was cut.
    assert.match((statistics.notes ?? []).join('\n'), /cut at that many paths/);
  });
});
