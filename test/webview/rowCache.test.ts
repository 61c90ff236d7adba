import * as assert from 'node:assert/strict';
import type { EventRow } from '../../src/protocol/timeline';
import { RowCache } from '../../webview/shared/rowCache';

function rows(offset: number, count: number): EventRow[] {
  return Array.from({ length: count }, (_, i) => ({ index: offset + i, version: offset + i + 1, type: 'T', timestamp: '', summary: '', snapshot: false }));
}

describe('RowCache (webview)', () => {
  it('asks once per missing page, clipped to the end of the view', () => {
    const cache = new RowCache<EventRow>(100);
    cache.reset(250);
    const requests = cache.request(150, 249);
    assert.deepEqual(
      requests.map(({ offset, count }) => [offset, count]),
      [
        [100, 100],
        [200, 50],
      ],
    );
    assert.deepEqual(cache.request(150, 249), [], 'pages in flight are not asked for again');
  });

  it('serves rows once their page arrives', () => {
    const cache = new RowCache<EventRow>(100);
    cache.reset(1000);
    const [request] = cache.request(0, 10);
    assert.equal(cache.get(5), undefined);
    assert.ok(request && cache.accept(request.requestId, request.offset, rows(request.offset, request.count)));
    assert.equal(cache.get(5)?.index, 5);
  });

  it('drops answers to requests made before a reset', () => {
    const cache = new RowCache<EventRow>(100);
    cache.reset(1000);
    const [stale] = cache.request(0, 10);
    cache.reset(20);
    assert.ok(stale);
    assert.equal(cache.accept(stale.requestId, stale.offset, rows(0, 100)), false);
    assert.equal(cache.get(0), undefined);
    assert.equal(cache.request(0, 10)[0]?.count, 20);
  });

  it('keeps at most maxPages pages, evicting the farthest from what is on screen', () => {
    const cache = new RowCache<EventRow>(10, 3);
    cache.reset(1000);
    for (const first of [0, 10, 20, 30]) {
      const [request] = cache.request(first, first + 9);
      assert.ok(request);
      cache.accept(request.requestId, request.offset, rows(request.offset, request.count));
    }
    cache.request(30, 39);
    assert.equal(cache.get(0), undefined, 'the farthest page went');
    assert.equal(cache.get(35)?.index, 35);
    assert.equal(cache.get(15)?.index, 15);
  });
});
