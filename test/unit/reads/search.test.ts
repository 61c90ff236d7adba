import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import type { Broker } from '../../../src/connectors/broker';
import { NOTHING_HAPPENED, type SourcePlan } from '../../../src/connectors/reads/readPlan';
import { headerVerdict, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../../../src/connectors/reads/search';
import { planSearch, runSearch, type OpenedForSearch } from '../../../src/connectors/reads/searchRun';
import { searchFields } from '../../../src/connectors/mongo/mongoSearch';
import { DEFAULT_FIELD_MAPPING } from '../../../src/connectors/mongo/fieldMapping';
import { withOverrides } from '../../../src/core/identity';
import type { FlowEvent } from '../../../src/core/envelope';
import { freshTempStore } from '../local/helpers';

const line = (aggregate: string, version: number, correlation: string, eventId = `${aggregate}-e${version}`) =>
  JSON.stringify({ aggregate_id: aggregate, aggregate_type: 'Order', event_id: eventId, event_type: 'Step', version, timestamp: `2026-01-01T00:00:0${version % 10}Z`, data: { note: 'correlation_id inside data is not metadata' }, metadata: { correlation_id: correlation } });

const byCorrelation = (value: string, window = {}): SourceSearchRequest => ({ source: 'local', window, predicate: { field: 'correlationId', value }, limit: 100 });

describe('search: the Local store answers correlation and event id lookups from its index', () => {
  const temp = freshTempStore();

  it('finds by correlation id reading only the candidate lines, and after outside appends from the index rebuilt as the aggregate index is', async () => {
    const { store, eventsFile } = temp();
    await store.append('Order-1', 'Order', [{ type: 'Step', data: {}, metadata: { correlationId: 'c-1' } }, { type: 'Step', data: {}, metadata: { correlationId: 'c-2' } }], 0);
    await store.append('Order-2', 'Order', [{ type: 'Step', data: {}, metadata: { correlationId: 'c-1' } }], 0);
    const first = await store.search(byCorrelation('c-1'));
    assert.deepEqual(first.events.map((e) => [e.aggregateId, e.version]), [['Order-1', 1], ['Order-2', 1]]);
    assert.equal(first.scanned, 2, 'only the two candidate lines were read');
    // Another process appends (no lock, no store API): the next search sees it.
    await fs.appendFile(eventsFile, `${line('Order-3', 1, 'c-1')}\n${line('Order-3', 2, 'c-9', 'wanted-id')}\n`);
    const after = await store.search(byCorrelation('c-1'));
    assert.deepEqual(after.events.map((e) => e.aggregateId), ['Order-1', 'Order-2', 'Order-3']);
    assert.equal(after.scanned, 3);
    const byId = await store.search({ source: 'local', window: {}, predicate: { field: 'eventId', value: 'wanted-id' }, limit: 5 });
    assert.deepEqual(byId.events.map((e) => e.metadata.correlationId), ['c-9']);
    assert.equal(byId.scanned, 1);
    assert.deepEqual((await store.search(byCorrelation('nobody'))).events, []);
  });

  it('a store reopened from its index file completes the identity index once, then answers from it', async () => {
    const { eventsFile } = temp();
    const lines = Array.from({ length: 300 }, (_, i) => line(`Order-${i % 30}`, Math.floor(i / 30) + 1, `c-${i % 7}`));
    await fs.mkdir(path.dirname(eventsFile), { recursive: true });
    await fs.writeFile(eventsFile, lines.join('\n') + '\n');
    const first = new LocalEventStore({ eventsFile, indexSaveAfterBytes: 0 });
    await first.listAggregateTypes();
    await first.close();
    assert.ok((await fs.stat(`${eventsFile}.idx`)).size > 0, 'the index file was written');
    const reopened = new LocalEventStore({ eventsFile, indexSaveAfterBytes: 0 });
    try {
      await reopened.listAggregateTypes();
      const found = await reopened.search(byCorrelation('c-3'));
      assert.equal(found.events.length, lines.filter((_, i) => i % 7 === 3).length);
      assert.ok(found.events.every((e) => e.metadata.correlationId === 'c-3'));
    } finally {
      await reopened.close();
    }
  });

  it('builds the identity index on the first lookup, not in the first scan, and counts lines appended in between once', async () => {
    const { eventsFile } = temp();
    const lines = Array.from({ length: 300 }, (_, i) => line(`Order-${i % 30}`, Math.floor(i / 30) + 1, `c-${i % 7}`));
    await fs.mkdir(path.dirname(eventsFile), { recursive: true });
    await fs.writeFile(eventsFile, lines.join('\n') + '\n');
    const store = new LocalEventStore({ eventsFile, indexFile: false });
    try {
      await store.listAggregateTypes();
      await fs.appendFile(eventsFile, `${line('Order-X', 1, 'c-3')}\n`);
      await store.listAggregateTypes();
      const expected = lines.filter((_, i) => i % 7 === 3).length + 1;
      const found = await store.search(byCorrelation('c-3'));
      assert.equal(found.events.length, expected);
      assert.equal(found.scanned, expected, 'each candidate line once');
      await fs.appendFile(eventsFile, `${line('Order-Y', 1, 'c-3')}\n`);
      assert.equal((await store.search(byCorrelation('c-3'))).events.length, expected + 1);
    } finally {
      await store.close();
    }
  });

  it('keeps the window: events outside it are left out', async () => {
    const { store } = temp();
    await store.append('Order-1', 'Order', [1, 2, 3].map((n) => ({ type: 'Step', data: {}, timestamp: `2026-01-01T00:0${n}:00.000Z`, metadata: { correlationId: 'c' } })), 0);
    const found = await store.search(byCorrelation('c', { from: Date.parse('2026-01-01T00:02:00Z'), to: Date.parse('2026-01-01T00:03:00Z') }));
    assert.deepEqual(found.events.map((e) => e.version), [2]);
  });
});

describe('search: pushdown and the run over many sources', () => {
  it('judges a record by its headers before its value: another correlation id is rejected, none decodes', () => {
    assert.equal(headerVerdict([{ key: 'correlation_id', value: 'other' }], { field: 'correlationId', value: 'c' }), 'reject');
    assert.equal(headerVerdict([{ key: 'correlation-id', value: 'c' }], { field: 'correlationId', value: 'c' }), 'decode');
    assert.equal(headerVerdict([], { field: 'correlationId', value: 'c' }), 'decode', 'the id may be in the body');
    assert.equal(headerVerdict([{ key: 'x', value: '1' }], { field: 'header', key: 'x', value: '2' }), 'reject');
    assert.equal(headerVerdict([{ key: 'correlation_id', value: 'other' }], { field: 'correlationId', value: 'c' }, withOverrides({ correlationId: ['body:cid', 'header:correlation_id'] })), 'decode', 'a body place first: headers cannot decide');
  });

  it('MongoDB asks the server on the mapped metadata fields of the identity rules', () => {
    assert.deepEqual(searchFields(DEFAULT_FIELD_MAPPING, { predicate: { field: 'correlationId', value: 'c' } }), ['metadata.correlation_id', 'metadata.correlationId', 'metadata.$correlationId']);
    assert.deepEqual(searchFields(DEFAULT_FIELD_MAPPING, { predicate: { field: 'key', value: 'Order-1' } }), ['aggregate_id']);
    assert.equal(searchFields(DEFAULT_FIELD_MAPPING, { predicate: { field: 'text', value: 'x' } }), undefined);
  });

  it('matches every predicate field', () => {
    const event: FlowEvent = { id: 'e1', type: 'OrderPaid', timestamp: '2026-01-01T00:00:00Z', data: { note: 'Paid in full' }, aggregateId: 'Order-1', metadata: { correlationId: 'c', traceId: 'abc', headers: [{ key: 'tenant', value: 't1' }] }, source: { system: 'local', file: 'f', line: 1 } };
    for (const [predicate, expected] of [
      [{ field: 'correlationId', value: 'c' }, true],
      [{ field: 'traceId', value: 'ABC' }, true],
      [{ field: 'eventId', value: 'e1' }, true],
      [{ field: 'key', value: 'Order-1' }, true],
      [{ field: 'eventType', value: 'OrderPaid' }, true],
      [{ field: 'header', key: 'tenant', value: 't1' }, true],
      [{ field: 'text', value: 'paid IN' }, true],
      [{ field: 'correlationId', value: 'd' }, false],
    ] as const) {
      assert.equal(matchesSearch(event, predicate), expected, JSON.stringify(predicate));
    }
  });

  it('plans every source, reads only those not left out, streams each result, and stops on cancel', async () => {
    const read: string[] = [];
    const plans: Record<string, SourcePlan> = {
      topic: { source: 'topic', effect: 'none', alsoDoes: ['creates-temporary-group'], note: '' },
      'at-limit': { source: 'at-limit', effect: 'counts-delivery', alsoDoes: [], note: '', refused: 'at its limit' },
    };
    const broker = {
      kind: 'fake',
      label: 'fake',
      listSources: () => Promise.resolve(Object.keys(plans)),
      planRead: (name: string) => Promise.resolve(plans[name]),
      search: (request: SourceSearchRequest): Promise<SourceSearchResult> => {
        read.push(request.source);
        return Promise.resolve({ source: request.source, events: [], scanned: 7, complete: true, outcome: NOTHING_HAPPENED, notes: [] });
      },
    } as unknown as Broker;
    const connections: OpenedForSearch[] = [{ id: 'fake:1', label: 'Fake', broker }];
    const sources = await planSearch(connections);
    assert.deepEqual(sources.map((s) => [s.plan.source, s.plan.refused]), [['topic', undefined], ['at-limit', 'at its limit']]);
    const results: string[] = [];
    await runSearch(sources, { window: {}, predicate: { field: 'correlationId', value: 'c' }, limit: 10 }, { onResult: (s, r) => results.push(`${s.connectionLabel}/${r.source}:${r.scanned}`), onError: (_, e) => assert.fail(String(e)) });
    assert.deepEqual(read, ['topic'], 'the refused source is never read');
    assert.deepEqual(results, ['Fake/topic:7']);
    const cancelled = new AbortController();
    cancelled.abort();
    read.length = 0;
    await runSearch(sources, { window: {}, predicate: { field: 'correlationId', value: 'c' }, limit: 10 }, { signal: cancelled.signal, onResult: () => undefined, onError: () => undefined });
    assert.deepEqual(read, []);
  });
});
