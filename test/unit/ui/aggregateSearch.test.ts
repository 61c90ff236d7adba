import * as assert from 'node:assert/strict';
import { serverSearch } from '../../../src/commands/aggregateSearch';
import type { AggregateSummary, EventStore, ListAggregatesOptions } from '../../../src/connectors/eventStore';

/** A store of two types whose listAggregates answers id-prefix searches and records each call. */
function store(calls: { type: string; options?: ListAggregatesOptions }[]): EventStore {
  const all: AggregateSummary[] = [
    { id: 'Order-1', type: 'Order', version: 1 },
    { id: 'Order-12', type: 'Order', version: 2 },
    { id: 'Order-2', type: 'Order', version: 1 },
    { id: 'Customer-1', type: 'Customer', version: 1 },
  ];
  const unused = (): never => {
    throw new Error('not used here');
  };
  return {
    kind: 'test',
    label: 'test',
    connect: () => Promise.resolve(),
    close: () => Promise.resolve(),
    listAggregateTypes: () => Promise.resolve([{ name: 'Order' }, { name: 'Customer' }]),
    listAggregates: (type, options) => {
      calls.push({ type, options });
      return Promise.resolve({ items: all.filter((a) => a.type === type && a.id.startsWith(options?.idPrefix ?? '')) });
    },
    readStream: unused,
    readAll: unused,
    append: unused,
    listSnapshots: unused,
    writeSnapshot: unused,
    problems: () => [],
  };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('aggregate search as the user types', () => {
  it('searches once for a burst of keystrokes, by id prefix in every type, and shows the matches', async () => {
    const calls: { type: string; options?: ListAggregatesOptions }[] = [];
    const shown: string[][] = [];
    const search = serverSearch(store(calls), undefined, new AbortController().signal, (m) => shown.push(m.map((a) => a.id)), (e) => assert.fail(String(e)));
    search('O');
    search('Or');
    search('Order-1');
    await settle(400);
    assert.deepEqual(calls.map((c) => [c.type, c.options?.idPrefix]), [
      ['Order', 'Order-1'],
      ['Customer', 'Order-1'],
    ]);
    assert.deepEqual(shown, [['Order-1', 'Order-12']]);
  });

  it('clears the matches when the text is cleared, and stops when the picker closes', async () => {
    const calls: { type: string; options?: ListAggregatesOptions }[] = [];
    const shown: string[][] = [];
    const closed = new AbortController();
    const search = serverSearch(store(calls), 'Order', closed.signal, (m) => shown.push(m.map((a) => a.id)), (e) => assert.fail(String(e)));
    search('Order-2');
    search('');
    assert.deepEqual(shown, [[]]);
    search('Order-1');
    closed.abort();
    await settle(400);
    assert.deepEqual(calls, [], 'nothing searched after the picker closed');
  });
});
