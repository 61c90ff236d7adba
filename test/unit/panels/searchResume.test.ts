// A search view restored after a reload, over the plan made since: the search it had runs again by itself
// only when none of the sources it read changes state when read; a classic queue's peek waits for Search.
import { strict as assert } from 'node:assert';
import { NOTHING_HAPPENED, readOnlyPlan, type ReadEffect } from '../../../src/connectors/reads/readPlan';
import type { SourceSearchRequest } from '../../../src/connectors/reads/search';
import type { SearchSource } from '../../../src/connectors/reads/searchRun';
import { SearchSession } from '../../../src/panels/search/searchSession';
import { searchSourceId, type SearchState } from '../../../src/protocol/search';

/** A source that records each request it is given and finds one event. */
function source(name: string, effect: ReadEffect, asked: SourceSearchRequest[]): SearchSource {
  return {
    connectionId: 'c1',
    connectionLabel: 'Rig',
    plan: { ...readOnlyPlan(name, ''), effect },
    search: (request) => {
      asked.push(request);
      const event = { id: `${name}-1`, type: 'OrderPlaced', timestamp: '2026-12-06T10:00:00.000Z', data: {}, metadata: { correlationId: 'c-1' }, source: { system: 'local', file: name, line: 1 } };
      return Promise.resolve({ source: name, events: [event], scanned: 1, complete: true, outcome: NOTHING_HAPPENED, notes: [] });
    },
  };
}

async function plannedSession(asked: SourceSearchRequest[]): Promise<SearchSession> {
  const sources = [source('orders', 'none', asked), source('billing', 'marks-redelivered', asked)];
  const session = new SearchSession({ plan: () => Promise.resolve({ sources, leftOut: [] }), describeError: String, changed: () => undefined });
  await session.plan();
  return session;
}

const saved = (sources: string[], searched = true): SearchState => ({ kind: 'correlationId', text: 'c-1', window: { from: 1_000, to: 2_000 }, sources, searched });

describe('Search view resumed after a reload', () => {
  it('runs the saved search again over sources that change nothing, with its window', async () => {
    const asked: SourceSearchRequest[] = [];
    const session = await plannedSession(asked);
    assert.equal(await session.resume(saved([searchSourceId('c1', 'orders'), searchSourceId('gone', 'x')])), true);
    assert.deepEqual(asked.map((r) => [r.source, r.window]), [['orders', { from: 1_000, to: 2_000 }]]);
    assert.equal(session.view().total, 1);
    assert.match(session.view().status, /1 source\(s\) searched before the reload are not in the plan now/);
  });

  it('never reads a source that changes state again unasked: the status says why it waits', async () => {
    const asked: SourceSearchRequest[] = [];
    const session = await plannedSession(asked);
    assert.equal(await session.resume(saved([searchSourceId('c1', 'orders'), searchSourceId('c1', 'billing')])), false);
    assert.deepEqual(asked, []);
    assert.equal(session.view().searchVersion, 0);
    assert.match(session.view().status, /not run again: reading Rig › billing changes state.*Press Search/);
  });

  it('runs nothing for a query that was never searched, or whose sources are all gone', async () => {
    const asked: SourceSearchRequest[] = [];
    const session = await plannedSession(asked);
    assert.equal(await session.resume(saved([searchSourceId('c1', 'orders')], false)), false);
    assert.equal(await session.resume(saved([searchSourceId('gone', 'orders')])), false);
    assert.deepEqual(asked, []);
    assert.match(session.view().status, /none of the sources it read is in the plan now/);
  });
});
