import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { readOnlyPlan, type SourcePlan } from '../../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../../src/connectors/reads/searchRun';
import { findEventById, runTrace, tracePredicates, traceStartOf, traceWindow } from '../../../src/connectors/reads/traceRun';
import { FlowSession } from '../../../src/panels/flow/flowSession';
import type { FlowViewModel } from '../../../src/protocol/flow';
import { makeTempStore, type TempStore } from '../local/helpers';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const HOUR = 3_600_000;
const TRACE = 'ab'.repeat(16);

function storeSource(label: string, store: LocalEventStore, plan: SourcePlan = readOnlyPlan(store.label, ''), calls?: string[]): SearchSource {
  return {
    connectionId: label,
    connectionLabel: label,
    plan,
    search: (request) => {
      calls?.push(request.predicate.field);
      return store.search(request);
    },
  };
}

describe('trace run: a starting event followed through the sources', () => {
  const temps: TempStore[] = [];
  let orders: LocalEventStore;
  let billing: LocalEventStore;

  beforeEach(async () => {
    const [a, b] = [await makeTempStore(), await makeTempStore()];
    temps.push(a, b);
    orders = a.store;
    billing = b.store;
    await orders.append('Order-1', 'Order', [
      { id: 'placed', type: 'OrderPlaced', timestamp: new Date(T0).toISOString(), data: {}, metadata: { correlationId: 'c1', traceId: TRACE } },
      { id: 'late', type: 'OrderNoted', timestamp: new Date(T0 + 2 * HOUR).toISOString(), data: {}, metadata: { correlationId: 'c1' } },
      { id: 'other', type: 'OrderPlaced', timestamp: new Date(T0 + 60_000).toISOString(), data: {}, metadata: { correlationId: 'c2' } },
    ], 0);
    await billing.append('Billing-1', 'Billing', [
      { id: 'billed', type: 'OrderBilled', timestamp: new Date(T0 + 1000).toISOString(), data: {}, metadata: { correlationId: 'c1', causationId: 'placed' } },
      { id: 'traced-only', type: 'Audit', timestamp: new Date(T0 + 2000).toISOString(), data: {}, metadata: { traceId: TRACE } },
    ], 0);
  });

  afterEach(async () => {
    for (const temp of temps.splice(0)) await temp.cleanup();
  });

  async function startEvent(): Promise<ReturnType<typeof traceStartOf>> {
    const found = await orders.search({ source: orders.label, window: {}, predicate: { field: 'eventId', value: 'placed' }, limit: 1 });
    return traceStartOf(found.events[0]);
  }

  it('searches ±1 h around the event by its correlation and trace ids, and hands over each source as it answers', async () => {
    const start = await startEvent();
    assert.deepEqual(traceWindow(start), { from: T0 - HOUR, to: T0 + HOUR });
    assert.deepEqual(traceWindow(start, Infinity), {});
    assert.deepEqual(tracePredicates(start), [{ field: 'correlationId', value: 'c1' }, { field: 'traceId', value: TRACE }]);
    const answered: string[] = [];
    const { trace } = await runTrace([storeSource('orders', orders), storeSource('billing', billing)], start, {}, {
      onResult: (source, result) => answered.push(`${source.connectionId}:${result.events.length}`),
      onError: (_source, error) => assert.fail(String(error)),
    });
    assert.deepEqual(answered.sort(), ['billing:2', 'orders:1']);
    assert.deepEqual(trace.nodes.map((n) => n.eventId), ['placed', 'billed', 'traced-only']);
    assert.deepEqual(trace.edges.map((e) => [e.from, e.to, e.kind]), [[0, 1, 'caused']]);
  });

  it('reads a source whose reading changes state once, for the correlation id only, and says so', async () => {
    const calls: string[] = [];
    const peeked: SourcePlan = { source: billing.label, effect: 'marks-redelivered', alsoDoes: [], note: '' };
    const notes: string[] = [];
    await runTrace([storeSource('billing', billing, peeked, calls)], await startEvent(), {}, { onResult: (_s, result) => notes.push(...result.notes), onError: () => assert.fail() });
    assert.deepEqual(calls, ['correlationId']);
    assert.match(notes.join(' '), /Searched by correlationId only/);
  });

  it('a source that fails says why and the others still answer', async () => {
    const broken = await makeTempStore();
    temps.push(broken);
    await fs.mkdir(path.join(broken.folder, 'not-a-file.ndjson'), { recursive: true });
    const failing = new LocalEventStore({ eventsFile: path.join(broken.folder, 'not-a-file.ndjson') });
    const failed: string[] = [];
    const { trace } = await runTrace([storeSource('broken', failing), storeSource('orders', orders)], await startEvent(), {}, {
      onResult: () => undefined,
      onError: (source, error) => failed.push(`${source.connectionId}: ${error instanceof Error ? error.message : String(error)}`),
    });
    await failing.close();
    assert.equal(failed.length, 1);
    assert.match(failed[0], /^broken: /);
    assert.deepEqual(trace.nodes.map((n) => n.eventId), ['placed']);
  });

  it('finds the event a typed id names, then the session follows that event, widening its window step by step', async () => {
    const sources = [storeSource('orders', orders), storeSource('billing', billing)];
    assert.equal((await findEventById(sources, 'billed'))?.metadata.correlationId, 'c1');
    const views: FlowViewModel[] = [];
    const session = new FlowSession({ start: { correlationId: 'billed' }, typedId: 'billed', sources, leftOut: [{ label: 'Rig › orders.payments', reason: 'left out by you' }], describeError: String, changed: (view) => views.push(view) });
    await session.run();
    const view = session.view();
    assert.equal(view.running, false);
    assert.match(view.title, /^Flow of correlation id "c1"/);
    assert.equal(view.window, '±1 h around 2026-12-06 10:00:01 UTC');
    assert.deepEqual(view.trace.nodes.map((n) => n.eventId), ['placed', 'billed']);
    assert.deepEqual(view.sources.map((s) => [s.label, s.state]), [
      ['orders › ' + orders.label, 'answered'],
      ['billing › ' + billing.label, 'answered'],
      ['Rig › orders.payments', 'left-out'],
    ]);
    assert.ok(views.some((v) => v.running), 'the view was shown while the sources were read');
    assert.equal(await session.widen(), true);
    assert.equal(session.view().window, '±6 h around 2026-12-06 10:00:01 UTC');
    assert.deepEqual(session.view().trace.nodes.map((n) => n.eventId), ['placed', 'billed', 'late']);
    while (session.view().canWiden) await session.widen();
    assert.equal(session.view().window, 'all time');
    assert.equal(await session.widen(), false);
  });
});
