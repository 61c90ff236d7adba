import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore, openNdjsonFile } from '../../../src/connectors/local';
import type { FlowEvent } from '../../../src/core/envelope';
import { chooseReducer } from '../../../src/core/reducers';
import { replayWithOutcomes } from '../../../src/core/replay';
import { CHAPTER_ORDERS, chapterExpectations, chapterLines, mongoexportLines } from '../../support/chapterFixture';
import { readAll } from './helpers';

async function allEvents(store: LocalEventStore, aggregateType?: string): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 7, ...(aggregateType !== undefined ? { aggregateType } : {}) })) events.push(...batch);
  return events;
}

describe("LocalEventStore: the chapter's layout", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-chapter-'));
  });
  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  async function storeOf(lines: string[], options: { readOnly?: boolean } = {}): Promise<{ file: string; store: LocalEventStore }> {
    const file = path.join(folder, 'events.ndjson');
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    return { file, store: options.readOnly ? openNdjsonFile(file) : new LocalEventStore({ eventsFile: file, indexFile: false }) };
  }

  /** One type Order with every aggregate, each replaying to the chapter's items and total_amount. */
  async function assertChapterStore(store: LocalEventStore): Promise<void> {
    assert.deepEqual(store.problems(), []);
    assert.deepEqual(await store.listAggregateTypes(), [{ name: 'Order', aggregateCount: CHAPTER_ORDERS }]);
    const expected = chapterExpectations();
    const page = await store.listAggregates('Order', { limit: 100 });
    assert.deepEqual(
      page.items.map((item) => item.id),
      [...expected.keys()].sort(),
    );
    for (const [aggregateId, expectation] of expected) {
      const events = await readAll(store, aggregateId);
      assert.equal(events.length, expectation.events);
      assert.ok(events.every((event) => event.aggregateType === 'Order'));
      const { state, notApplied } = replayWithOutcomes(chooseReducer('Order'), events);
      assert.deepEqual(notApplied, [], aggregateId);
      const order = state as { items: { item: unknown }[]; total: number; status: string };
      assert.deepEqual(
        order.items.map((item) => item.item),
        expectation.items,
      );
      assert.equal(order.total, expectation.totalAmount);
      assert.equal(order.status, 'paid');
    }
  }

  it('reads lines holding only the chapter fields: type guessed from OrderCreated, ids derived stably', async () => {
    const { file, store } = await storeOf(chapterLines());
    await assertChapterStore(store);
    const [first] = (await store.listAggregates('Order', { limit: 1 })).items;
    const ids = (await readAll(store, first.id)).map((event) => event.id);
    assert.equal(new Set(ids).size, ids.length);
    const again = new LocalEventStore({ eventsFile: file, indexFile: false });
    assert.deepEqual(
      (await readAll(again, first.id)).map((event) => event.id),
      ids,
    );
  });

  it('opens mongoexport output as is: relaxed and canonical Extended JSON', async () => {
    for (const mode of ['relaxed', 'canonical'] as const) {
      const lines = mongoexportLines(undefined, mode);
      const { store } = await storeOf(lines);
      await assertChapterStore(store);
      const events = await allEvents(store);
      const firstLine = JSON.parse(lines[0]) as { _id: { $oid: string }; aggregate_id: string };
      const first = events.find((event) => event.id === firstLine._id.$oid);
      assert.ok(first, `${mode}: the event id is the document's _id`);
      assert.equal(first.version, 1);
      assert.match(first.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('opens a file read-only where it is: nothing written beside it, appends refused', async () => {
    const { file, store } = await storeOf(chapterLines(), { readOnly: true });
    const before = await fs.readdir(folder);
    const bytes = await fs.readFile(file);
    await assertChapterStore(store);
    const [first] = (await store.listAggregates('Order', { limit: 1 })).items;
    await assert.rejects(store.append(first.id, 'Order', [{ type: 'OrderCancelled', data: {} }], first.version), /open read-only.*Nothing was written/);
    await assert.rejects(store.writeSnapshot({ aggregateId: first.id, version: 1, state: {}, takenAt: '' }), /open read-only/);
    assert.deepEqual(await store.listSnapshots(first.id), []);
    await store.close();
    assert.deepEqual(await fs.readdir(folder), before);
    assert.ok((await fs.readFile(file)).equals(bytes));
    assert.match(store.label, /\(read-only\)$/);
  });

  it('reads every event in (aggregate id, version) order from the index, by type too', async () => {
    const lines = chapterLines();
    // Interleave the aggregates and reverse each one's versions, as a hand-merged file might be.
    const shuffled = [...lines].reverse();
    shuffled.push(JSON.stringify({ aggregate_id: 'Invoice-7', event_type: 'InvoiceIssued', data: {}, version: 1, timestamp: '2026-01-06T00:00:00.000Z' }));
    const { store } = await storeOf(shuffled);
    const events = await allEvents(store);
    assert.equal(events.length, lines.length + 1);
    const keys = events.map((event) => [event.aggregateId ?? '', event.version ?? 0] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    assert.deepEqual(keys, sorted);
    assert.deepEqual(await store.listAggregateTypes(), [
      { name: 'Invoice', aggregateCount: 1 },
      { name: 'Order', aggregateCount: CHAPTER_ORDERS },
    ]);
    const invoices = await allEvents(store, 'Invoice');
    assert.deepEqual(
      invoices.map((event) => [event.aggregateId, event.aggregateType]),
      [['Invoice-7', 'Invoice']],
    );
    assert.equal((await allEvents(store, 'Order')).length, lines.length);
  });
});
