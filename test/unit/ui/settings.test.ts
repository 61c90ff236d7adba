import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings } from '../../../src/settings';

describe('settings', () => {
  it('uses the defaults when nothing is set', () => {
    const { settings, problems } = readSettings(() => undefined);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('takes valid values', () => {
    const values: Record<string, unknown> = { 'local.path': 'data/events.ndjson', reducers: { Invoice: 'generic' }, 'tree.pageSize': 50, 'samples.orders': 20 };
    const { settings, problems } = readSettings((key) => values[key]);
    assert.deepEqual(settings, { localPath: 'data/events.ndjson', reducers: { Invoice: 'generic' }, pageSize: 50, sampleOrders: 20, identity: {} });
    assert.deepEqual(problems, []);
  });

  it('falls back per setting and names each malformed one', () => {
    const values: Record<string, unknown> = { 'local.path': '   ', reducers: { Order: 'nonsense' }, 'tree.pageSize': 'many', 'samples.orders': 3 };
    const { settings, problems } = readSettings((key) => values[key]);
    assert.equal(settings.localPath, DEFAULT_SETTINGS.localPath);
    assert.deepEqual(settings.reducers, {});
    assert.equal(settings.pageSize, DEFAULT_SETTINGS.pageSize);
    assert.equal(settings.sampleOrders, 3);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /eventFlows\.local\.path/);
    assert.match(problems[1], /eventFlows\.reducers.*"generic", "order" or "chapter-order"/);
    assert.match(problems[2], /eventFlows\.tree\.pageSize.*using 100/);
  });
});
