import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_STORE_RELATIVE_PATH, openLocalStore } from '../../../src/connectors/local';
import { readAll, readBatches, freshTempStore } from './helpers';

describe('LocalEventStore: list, read and append', function () {
  // Generous, for hangs only: every append waits for fsync, which a busy disk can make slow.
  this.timeout(30_000);
  const temp = freshTempStore();

  it('treats a missing file as an empty store and creates nothing until the first append', async () => {
    assert.deepEqual(await temp().store.listAggregateTypes(), []);
    assert.deepEqual(await temp().store.listAggregates('Order'), { items: [] });
    assert.deepEqual(await readAll(temp().store, 'order-1'), []);
    assert.deepEqual(await temp().store.listSnapshots('order-1'), []);
    await assert.rejects(fs.stat(path.join(temp().folder, '.eventflow')), { code: 'ENOENT' });
  });

  it('creates the folder on the first append and reads back what was appended, in version order', async () => {
    const result = await temp().store.append(
      'order-1',
      'Order',
      [
        { id: 'e1', type: 'OrderCreated', timestamp: '2026-03-01T10:00:00.000Z', data: { customer: 'ada' }, metadata: { correlationId: 'c-1' } },
        { type: 'ItemAdded', data: { sku: 'A', qty: 2 }, metadata: { causationId: 'e1', headers: [{ key: 'source', value: 'test' }], schemaVersion: 2 } },
      ],
      0,
    );
    assert.deepEqual(result, { fromVersion: 1, toVersion: 2 });
    const more = await temp().store.append('order-1', 'Order', [{ type: 'OrderPaid', data: { amount: 12.5 } }], 2);
    assert.deepEqual(more, { fromVersion: 3, toVersion: 3 });

    const events = await readAll(temp().store, 'order-1');
    assert.deepEqual(
      events.map((e) => [e.version, e.type, e.data]),
      [
        [1, 'OrderCreated', { customer: 'ada' }],
        [2, 'ItemAdded', { sku: 'A', qty: 2 }],
        [3, 'OrderPaid', { amount: 12.5 }],
      ],
    );
    const [first, second] = events;
    assert.equal(first.id, 'e1');
    assert.equal(first.timestamp, '2026-03-01T10:00:00.000Z');
    assert.deepEqual(first.metadata, { correlationId: 'c-1' });
    assert.deepEqual(first.source, { system: 'local', file: temp().eventsFile, line: 1 });
    assert.equal(first.aggregateId, 'order-1');
    assert.equal(first.aggregateType, 'Order');
    assert.deepEqual(second.metadata, { causationId: 'e1', headers: [{ key: 'source', value: 'test' }], schemaVersion: 2 });
    assert.match(second.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(!Number.isNaN(Date.parse(second.timestamp)), `timestamp ${second.timestamp} is an ISO date`);
    assert.equal(events[2].source.system === 'local' && events[2].source.line, 3);
  });

  it('writes one snake_case line per event', async () => {
    await temp().store.append('order-1', 'Order', [{ id: 'e1', type: 'OrderCreated', timestamp: 't', data: { a: 1 }, metadata: { correlationId: 'c' } }], 0);
    const text = await fs.readFile(temp().eventsFile, 'utf8');
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(JSON.parse(text), {
      aggregate_id: 'order-1',
      aggregate_type: 'Order',
      event_id: 'e1',
      event_type: 'OrderCreated',
      version: 1,
      timestamp: 't',
      data: { a: 1 },
      metadata: { correlation_id: 'c' },
    });
  });

  it('keeps streams of different aggregates apart and lists types with their aggregate counts', async () => {
    await temp().store.append('order-1', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
    await temp().store.append('user-1', 'User', [{ type: 'UserRegistered', data: { name: 'x' } }], 0);
    await temp().store.append('order-2', 'Order', [{ type: 'OrderCreated', data: {} }], 0);
    await temp().store.append('order-1', 'Order', [{ type: 'ItemAdded', data: {} }], 1);

    assert.deepEqual(await temp().store.listAggregateTypes(), [
      { name: 'Order', aggregateCount: 2 },
      { name: 'User', aggregateCount: 1 },
    ]);
    const orders = await temp().store.listAggregates('Order');
    assert.deepEqual(
      orders.items.map((a) => [a.id, a.type, a.version]),
      [
        ['order-1', 'Order', 2],
        ['order-2', 'Order', 1],
      ],
    );
    assert.equal(orders.next, undefined);
    assert.deepEqual(
      (await readAll(temp().store, 'order-1')).map((e) => [e.version, e.type, e.source.system === 'local' ? e.source.line : 0]),
      [
        [1, 'OrderCreated', 1],
        [2, 'ItemAdded', 4],
      ],
    );
  });

  it('reports the time of the latest event as lastEventAt', async () => {
    await temp().store.append('a', 'T', [{ type: 'X', timestamp: '2026-01-01T00:00:00.000Z', data: 1 }], 0);
    await temp().store.append('a', 'T', [{ type: 'X', timestamp: '2026-02-01T00:00:00.000Z', data: 2 }], 1);
    const [summary] = (await temp().store.listAggregates('T')).items;
    assert.equal(summary.lastEventAt, '2026-02-01T00:00:00.000Z');
  });

  it('reads from a given version and in batches of the requested size', async () => {
    await temp().store.append('a', 'T', Array.from({ length: 7 }, (_, i) => ({ type: 'X', data: i })), 0);
    assert.deepEqual(
      (await readAll(temp().store, 'a', { fromVersion: 5 })).map((e) => e.version),
      [5, 6, 7],
    );
    const batches = await readBatches(temp().store, 'a', 3);
    assert.deepEqual(
      batches.map((b) => b.map((e) => e.version)),
      [[1, 2, 3], [4, 5, 6], [7]],
    );
  });

  it('refuses an event for an aggregate that exists under another type, writing nothing', async () => {
    await temp().store.append('a', 'Order', [{ type: 'X', data: 1 }], 0);
    const before = await fs.readFile(temp().eventsFile);
    await assert.rejects(temp().store.append('a', 'User', [{ type: 'X', data: 2 }], 1), /stored as a "Order" aggregate/);
    assert.deepEqual(await fs.readFile(temp().eventsFile), before);
  });

  it('rejects data that is not JSON-serializable before writing anything', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: [unknown, RegExp][] = [
      [{ when: new Date() }, /data\.when is a Date/],
      [{ n: Number.NaN }, /data\.n is NaN/],
      [{ list: [1, undefined] }, /data\.list\[1\] is undefined/],
      [{ f: () => 1 }, /data\.f is a function/],
      [{ big: BigInt(1) }, /data\.big is a bigint/],
      [cyclic, /data\.self refers back to itself/],
      [new Map(), /data is a Map/],
    ];
    for (const [data, message] of cases) {
      // Deliberately outside the declared type: callers in plain JavaScript or from parsed input can do this.
      await assert.rejects(temp().store.append('a', 'T', [{ type: 'X', data: data as never }], 0), message);
    }
    await assert.rejects(temp().store.append('a', 'T', [{ type: 'X', data: 1, metadata: { headers: [{ key: 'h', value: 1 as never }] } }], 0), /metadata\.headers\[0\]\.value/);
    await assert.rejects(fs.stat(temp().eventsFile), { code: 'ENOENT' });
  });

  it('rejects an empty append and a negative expected version', async () => {
    await assert.rejects(temp().store.append('a', 'T', [], 0), /no events were given/);
    await assert.rejects(temp().store.append('a', 'T', [{ type: 'X', data: 1 }], -1), /expected version/);
    await assert.rejects(fs.stat(temp().eventsFile), { code: 'ENOENT' });
  });

  it('refuses calls after close', async () => {
    await temp().store.close();
    await assert.rejects(temp().store.listAggregateTypes(), /is closed/);
  });

  it('opens the store of a workspace folder at .eventflow/events.ndjson', async () => {
    assert.equal(LOCAL_STORE_RELATIVE_PATH, '.eventflow/events.ndjson');
    const store = openLocalStore(temp().folder);
    assert.equal(store.eventsFile, temp().eventsFile);
    assert.equal(store.label, temp().eventsFile);
    await store.append('a', 'T', [{ type: 'X', data: 1 }], 0);
    assert.deepEqual((await readAll(temp().store, 'a')).map((e) => e.data), [1]);
    await store.close();
  });
});
