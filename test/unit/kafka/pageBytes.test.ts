import * as assert from 'node:assert/strict';
import type { EachBatchPayload } from 'kafkajs';
import { acceptBatch, newReadState, readFinished } from '../../../src/connectors/kafka/partitionReader';

type Messages = EachBatchPayload['batch']['messages'];

/** `count` records of `size` bytes of text each (not JSON: kept as a preview plus base64), offsets from 0. */
function records(count: number, size: number): Messages {
  return Array.from({ length: count }, (_, i) => ({ offset: String(i), timestamp: '1764763200000', key: null, value: Buffer.alloc(size, 0x61), headers: {}, attributes: 0 }));
}

describe('Kafka browse page: bounded by bytes as well as count', () => {
  it('ends the page before the message that would pass the bound; the cursor points at it', () => {
    const state = newReadState('big', [{ partition: 0, start: 0n, end: 10n }], { limit: 200, maxScan: 1000, decode: {}, maxBytes: 10_000 });
    acceptBatch(state, 0, records(10, 2000));
    // Each value is held twice (text preview and base64: 2,000 + 2,668 bytes): two fit in 10,000, the third does not.
    assert.equal(state.events.length, 2);
    assert.equal(state.fullAtBytes, true);
    assert.equal(state.next.get(0), 2n, 'the next page starts at the first message not kept');
    assert.ok(state.bytes <= 10_000, `${state.bytes}`);
    assert.equal(readFinished(state), true);
  });

  it('keeps the first message even when it alone passes the bound, and fills by count under it', () => {
    const alone = newReadState('big', [{ partition: 0, start: 0n, end: 3n }], { limit: 200, maxScan: 1000, decode: {}, maxBytes: 100 });
    acceptBatch(alone, 0, records(3, 1000));
    assert.equal(alone.events.length, 1);
    assert.equal(alone.next.get(0), 1n);
    const small = newReadState('small', [{ partition: 0, start: 0n, end: 10n }], { limit: 5, maxScan: 1000, decode: {} });
    acceptBatch(small, 0, records(10, 10));
    assert.equal(small.events.length, 5);
    assert.equal(small.fullAtBytes, false);
  });
});
