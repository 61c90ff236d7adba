/**
 * A trace over real Local stores whose correlation holds 10,000 events (a causation chain, each also relayed
 * into a second store under the same id), and ids 10 kB long: the trace run and the flow model
 * answer within a bound, hold no more than their limits, and say in short words what they saw.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { NOTHING_HAPPENED, readOnlyPlan } from '../../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../../src/connectors/reads/searchRun';
import { runTrace } from '../../../src/connectors/reads/traceRun';
import type { FlowEvent, NewEvent } from '../../../src/core/envelope';
import { MAX_TRACE_EVENTS } from '../../../src/core/flow/flowTrace';
import { FlowSession } from '../../../src/panels/flow/flowSession';
import { figure } from '../support/figures';

/** Generous for a loaded 2-core machine, far below "hung". */
const TRACE_BOUND_MS = 60_000;
const EVENTS = 10_000;
const PER_AGGREGATE = 100;

function storeSource(id: string, store: LocalEventStore): SearchSource {
  return { connectionId: id, connectionLabel: id, plan: readOnlyPlan(id, ''), search: (request) => store.search(request) };
}

async function fill(store: LocalEventStore, events: NewEvent[]): Promise<void> {
  for (let from = 0; from < events.length; from += PER_AGGREGATE) await store.append(`Order-${from / PER_AGGREGATE}`, 'Order', events.slice(from, from + PER_AGGREGATE), 0);
}

describe('huge traces: 10,000 events under one correlation id, ids of 10 kB', function () {
  this.timeout(180_000);
  let folder: string;
  const stores: LocalEventStore[] = [];
  const open = (name: string): LocalEventStore => {
    const store = new LocalEventStore({ eventsFile: path.join(folder, name, 'events.ndjson') });
    stores.push(store);
    return store;
  };

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-huge-trace-'));
  });

  after(async () => {
    for (const store of stores) await store.close();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('finds all 10,000 events of one correlation in each of two stores, within the bound and the held limit', async () => {
    const correlationId = 'order-huge';
    const base = Date.parse('2026-12-06T10:00:00.000Z');
    const events: NewEvent[] = Array.from({ length: EVENTS }, (_, i) => ({ id: `e-${i}`, type: 'Step', timestamp: new Date(base + i * 10).toISOString(), data: { i }, metadata: { correlationId, ...(i === 0 ? {} : { causationId: `e-${i - 1}` }) } }));
    const first = open('first');
    const second = open('second');
    await fill(first, events);
    await fill(second, events.map((e) => ({ ...e, timestamp: new Date(Date.parse(e.timestamp ?? '') + 5).toISOString() })));
    const answered: string[] = [];
    const started = performance.now();
    const { trace, found } = await runTrace([storeSource('first', first), storeSource('second', second)], { correlationId, at: base }, { halfWidthMs: Infinity }, { onResult: (source, result) => answered.push(`${source.connectionId}: ${result.events.length} ${String(result.complete)}`), onError: (source, error) => assert.fail(`${source.connectionId}: ${String(error)}`) });
    const ms = performance.now() - started;
    figure('huge.trace.20000events.ms', Math.round(ms));
    assert.deepEqual(answered.sort(), [`first: ${EVENTS} true`, `second: ${EVENTS} true`]);
    assert.equal(found.length, 2 * EVENTS);
    assert.ok(found.length <= MAX_TRACE_EVENTS);
    assert.equal(trace.nodes.length, 2 * EVENTS);
    assert.equal(trace.edges.filter((e) => e.kind === 'relay').length, EVENTS, 'each event relayed once into the second store');
    assert.deepEqual(trace.gaps, []);
    assert.ok(ms < TRACE_BOUND_MS, `${ms} ms`);
  });

  it('traces ids of 10 kB whole, and names them in a few words in the title and the notes', async () => {
    // The identity reader takes no text over 1,000 characters as an id, so a store hands such ids over only
    // when its events carry them already read: the source gives the trace what the store's search returns.
    const big = (tag: string, i: number): string => `${tag}-${i}-`.padEnd(10_000, tag[0]);
    const correlationId = big('corr', 0);
    const base = Date.parse('2026-12-06T11:00:00.000Z');
    const events: FlowEvent[] = Array.from({ length: 500 }, (_, i) => ({
      id: big('event', i),
      type: 'Step',
      timestamp: new Date(base + i * 10).toISOString(),
      data: {},
      aggregateId: 'Order-big',
      version: i + 1,
      metadata: { correlationId, causationId: i === 0 ? big('lost', 0) : big('event', i - 1) },
      source: { system: 'local', file: 'events.ndjson', line: i + 1 },
    }));
    const source: SearchSource = {
      connectionId: 'big',
      connectionLabel: 'big',
      plan: readOnlyPlan('big', ''),
      search: (request) => Promise.resolve({ source: 'big', events: events.filter((e) => e.metadata.correlationId === (request.predicate as { value: string }).value), scanned: events.length, complete: true, outcome: NOTHING_HAPPENED, notes: [] }),
    };
    let last = { title: '', notes: [] as string[] };
    const session = new FlowSession({ start: { correlationId, at: base }, sources: [source], leftOut: [], describeError: String, changed: (view) => (last = { title: view.title, notes: view.trace.notes }) });
    const started = performance.now();
    await session.run();
    figure('huge.trace.10kBids.ms', Math.round(performance.now() - started));
    assert.equal(session.trace.nodes.length, 500);
    assert.equal(session.trace.nodes[0].eventId.length, 10_000, 'ids are matched and kept whole');
    assert.equal(session.trace.edges.filter((e) => e.kind === 'caused').length, 499);
    assert.deepEqual(session.trace.gaps.map((g) => g.missingEventId.length), [10_000], 'the one lost cause is a gap');
    assert.ok(last.title.length < 200, `title of ${last.title.length} characters`);
    for (const note of last.notes) assert.ok(note.length < 1_000, `a note of ${note.length} characters`);
    assert.ok(performance.now() - started < TRACE_BOUND_MS);
  });
});
