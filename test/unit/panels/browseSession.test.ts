import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { BrowseSession, type BrowseProgress, type BrowseSource } from '../../../src/panels/messageBrowser/browseSession';
import { KAFKA } from '../../../src/connectors/kafka/kafkaSource';

const event = (i: number): FlowEvent => ({
  id: `e${i}`,
  type: 'OrderCreated',
  timestamp: '2026-12-03T10:00:00.000Z',
  data: { orderId: `Order-${i}` },
  metadata: { headers: [] },
  source: { system: KAFKA, topic: 't', partition: i % 3, offset: String(i), key: `Order-${i}` },
});

const source: BrowseSource = {
  browseWith: () => Promise.resolve({ events: [0, 1, 2, 3, 4, 5].map(event), cursors: [], reachedEnd: true, problems: [] }),
  tail: (request) => new Promise<void>((resolve) => request.signal?.addEventListener('abort', () => resolve(), { once: true })),
};

describe('BrowseSession: every browse ends with an idle report', () => {
  it('a browse to the end of the topic reports idle last, keeping the "end of the topic" message', async () => {
    const reports: BrowseProgress[] = [];
    const session = new BrowseSession(source, 't', (p) => reports.push(p));
    await session.start({ mode: 'beginning', filter: {} });
    const last = reports.at(-1);
    assert.equal(last?.state, 'idle');
    assert.equal(last?.total, 6);
    assert.match(last?.message ?? '', /^6 messages: the end of the topic/);
    assert.equal(session.current, 'idle');
  });

  it('a second browse (as from the Browse button) ends idle too', async () => {
    const reports: BrowseProgress[] = [];
    const session = new BrowseSession(source, 't', (p) => reports.push(p));
    await session.start({ mode: 'beginning', filter: {} });
    reports.length = 0;
    await session.start({ mode: 'latest', count: 10, filter: {} });
    assert.deepEqual(reports.map((r) => r.state), ['browsing', 'browsing', 'idle']);
  });

  it('stop on a live tail reports idle with "Stopped"; stop after the end reports idle again', async () => {
    const reports: BrowseProgress[] = [];
    const session = new BrowseSession(source, 't', (p) => reports.push(p));
    const tail = session.start({ mode: 'tail', filter: {} });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(session.current, 'tailing');
    await session.stop();
    await tail;
    assert.equal(reports.at(-1)?.state, 'idle');
    assert.match(reports.at(-1)?.message ?? '', /^Stopped: 0 messages kept/);
    reports.length = 0;
    await session.stop();
    assert.deepEqual(reports.map((r) => r.state), ['idle']);
  });

  it('a stop before any browse says nothing', async () => {
    const reports: BrowseProgress[] = [];
    await new BrowseSession(source, 't', (p) => reports.push(p)).stop();
    assert.deepEqual(reports, []);
  });
});
