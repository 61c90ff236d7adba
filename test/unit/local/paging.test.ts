import * as assert from 'node:assert/strict';
import { makeTempStore, type TempStore } from './helpers';
import type { AggregateSummary } from '../../../src/connectors/eventStore';

describe('LocalEventStore: listing aggregates', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  let temp: TempStore;
  before(async () => {
    temp = await makeTempStore();
    // Appended out of order so the listing has to sort.
    const ids = ['c-03', 'a-01', 'b-02', 'a-10', 'a-02', 'b-01', 'a-03', 'c-01', 'ab-1'];
    for (const id of ids) await temp.store.append(id, 'Item', [{ type: 'Made', data: { id } }], 0);
    await temp.store.append('other-1', 'Other', [{ type: 'Made', data: {} }], 0);
  });
  after(async () => {
    await temp.cleanup();
  });

  const ids = (items: AggregateSummary[]): string[] => items.map((a) => a.id);

  it('lists one type sorted by id, 100 per page by default', async () => {
    const page = await temp.store.listAggregates('Item');
    assert.deepEqual(ids(page.items), ['a-01', 'a-02', 'a-03', 'a-10', 'ab-1', 'b-01', 'b-02', 'c-01', 'c-03']);
    assert.equal(page.next, undefined);
  });

  it('pages with a next cursor until the last page', async () => {
    const seen: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await temp.store.listAggregates('Item', { limit: 4, after });
      seen.push(ids(page.items));
      if (page.next === undefined) break;
      after = page.next;
    }
    assert.deepEqual(seen, [
      ['a-01', 'a-02', 'a-03', 'a-10'],
      ['ab-1', 'b-01', 'b-02', 'c-01'],
      ['c-03'],
    ]);
  });

  it('gives no next cursor when the page ends exactly at the last id', async () => {
    const page = await temp.store.listAggregates('Item', { limit: 9 });
    assert.equal(page.items.length, 9);
    assert.equal(page.next, undefined);
  });

  it('finds ids by prefix, and pages within the prefix', async () => {
    assert.deepEqual(ids((await temp.store.listAggregates('Item', { idPrefix: 'a-' })).items), ['a-01', 'a-02', 'a-03', 'a-10']);
    assert.deepEqual(ids((await temp.store.listAggregates('Item', { idPrefix: 'b' })).items), ['b-01', 'b-02']);
    const first = await temp.store.listAggregates('Item', { idPrefix: 'a', limit: 3 });
    assert.deepEqual(ids(first.items), ['a-01', 'a-02', 'a-03']);
    assert.equal(first.next, 'a-03');
    const second = await temp.store.listAggregates('Item', { idPrefix: 'a', limit: 3, after: first.next });
    assert.deepEqual(ids(second.items), ['a-10', 'ab-1']);
    assert.equal(second.next, undefined);
    assert.deepEqual((await temp.store.listAggregates('Item', { idPrefix: 'zzz' })).items, []);
  });

  it('lists nothing for an unknown type and keeps types apart', async () => {
    assert.deepEqual((await temp.store.listAggregates('Nope')).items, []);
    assert.deepEqual(ids((await temp.store.listAggregates('Other')).items), ['other-1']);
  });

  it('sees an aggregate appended after the first listing', async () => {
    await temp.store.append('a-05', 'Item', [{ type: 'Made', data: {} }], 0);
    assert.deepEqual(ids((await temp.store.listAggregates('Item', { idPrefix: 'a-' })).items), ['a-01', 'a-02', 'a-03', 'a-05', 'a-10']);
  });
});
