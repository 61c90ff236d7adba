import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { BrowseStore, PREVIEW_CHARS } from '../../../src/panels/messageBrowser/browseStore';
import { exportBrowseForTest } from './browseStoreSupport';
import { KAFKA } from '../../../src/connectors/kafka/kafkaSource';

function event(i: number, data: FlowEvent['data'] = { orderId: `Order-${i}` }, payload?: FlowEvent['payload']): FlowEvent {
  return {
    id: `e${i}`,
    type: 'OrderCreated',
    timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    data,
    metadata: { headers: [{ key: 'event-type', value: 'OrderCreated' }] },
    source: { system: KAFKA, topic: 't', partition: i % 2, offset: String(100 + i), key: `Order-${i}` },
    ...(payload ? { payload } : {}),
  };
}

describe('BrowseStore: the bounded store the message browser pages through', () => {
  it('keeps position, record time, key, headers and a one-line preview per message', () => {
    const store = new BrowseStore(10);
    store.add([event(0, { orderId: 'Order-0', items: [1, 2] })]);
    assert.deepEqual(store.rows(0, 5), [
      { index: 0, partition: 0, offset: '100', timestamp: '2023-11-14T22:13:20.000Z', key: 'Order-0', headers: 'event-type=OrderCreated', preview: '{"orderId":"Order-0","items":[1,2]}', size: 35 },
    ]);
  });

  it('stops at its capacity, and a live tail drops the oldest with indices that stay stable', () => {
    const store = new BrowseStore(5);
    assert.equal(store.add([0, 1, 2, 3, 4, 5, 6].map((i) => event(i))), 5);
    assert.equal(store.full, true);
    store.add([7, 8].map((i) => event(i)), true);
    assert.equal(store.size, 5);
    assert.equal(store.firstIndex, 2);
    assert.equal(store.byIndex(1), undefined);
    assert.equal(store.byIndex(2)?.offset, '102');
    assert.deepEqual(store.rows(3, 10).map((r) => r.offset), ['107', '108']);
  });

  it('shortens long values and shows text and bytes by their preview, never the whole value', () => {
    const store = new BrowseStore(10);
    store.add([event(1, 'x'.repeat(10_000), { kind: 'text', size: 10_000, preview: 'x'.repeat(10_000), truncated: false }), event(2, '00 01', { kind: 'binary', size: 2, preview: '00000000  00 01\n', truncated: false })]);
    const [text, binary] = store.rows(0, 2);
    assert.equal(text.preview.length, PREVIEW_CHARS);
    assert.equal(binary.preview, '00000000 00 01 ');
    assert.equal(exportBrowseForTest(), true);
  });
});

describe('BrowseStore: sorted by a column', () => {
  const at = (partition: number, offset: number, time: number, size: number): FlowEvent => ({
    id: `${partition}-${offset}`,
    type: 'm',
    timestamp: new Date(time).toISOString(),
    data: 'x'.repeat(size),
    payload: { kind: 'text', size, preview: 'x'.repeat(size), truncated: false },
    metadata: {},
    source: { system: KAFKA, topic: 't', partition, offset: String(offset) },
  });

  it('pages rows by timestamp across partitions, reversed on request, re-sorted as rows arrive; stable indices', () => {
    const store = new BrowseStore(10);
    store.add([at(1, 0, 3000, 5), at(1, 1, 6000, 1), at(0, 0, 1000, 9), at(0, 1, 5000, 2)]);
    store.sort = { column: 'timestamp', descending: false };
    assert.deepEqual(store.rows(0, 10).map((r) => `${r.partition}/${r.offset}`), ['0/0', '1/0', '0/1', '1/1']);
    store.sort = { column: 'timestamp', descending: true };
    assert.deepEqual(store.rows(0, 10).map((r) => `${r.partition}/${r.offset}`), ['1/1', '0/1', '1/0', '0/0']);
    store.add([at(2, 0, 5500, 3)]);
    assert.deepEqual(store.rows(0, 2).map((r) => `${r.partition}/${r.offset}`), ['1/1', '2/0']);
    store.sort = { column: 'size', descending: false };
    assert.deepEqual(store.rows(0, 10).map((r) => r.size), [1, 2, 3, 5, 9]);
    assert.equal(store.rows(0, 1)[0]?.index, 1, 'a row keeps the index it was read at');
    store.sort = undefined;
    assert.deepEqual(store.rows(0, 10).map((r) => r.index), [0, 1, 2, 3, 4]);
  });
});
