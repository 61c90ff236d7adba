import * as assert from 'node:assert/strict';
import type { Figures, FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../../src/panels/monitor/monitorSession';
import type { MonitorToWebview } from '../../../src/protocol/monitor';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A cluster whose topic `orders` gets two OrderPlaced and one OrderPaid per reading, and a broker (`r`) that knows no types. */
function rig() {
  const clock = manualClock();
  const time = { now: 1_000_000 };
  const requests: FiguresRequest[] = [];
  let readings = 0;
  const samplers = new SamplerRegistry({
    open: (id) =>
      Promise.resolve({
        sampleFigures: (request: FiguresRequest): Promise<Figures> => {
          if (id !== 'k') return Promise.resolve({ sources: request.sources.map((s) => ({ ...s, messages: 1 })), groups: [] });
          requests.push(request);
          readings += 1;
          const typed = new Set((request.eventTypesOf ?? []).map((s) => s.name));
          return Promise.resolve({
            sources: request.sources.map((s) => ({
              ...s,
              messages: readings,
              ...(typed.has(s.name) ? { eventTypes: Array.from({ length: 12 }, (_, i): [string, number] => [i === 0 ? 'OrderPlaced' : i === 1 ? 'OrderPaid' : `Type${i}`, i === 0 ? 2 * readings : i === 1 ? readings : readings * 3]) } : {}),
            })),
            groups: [],
          });
        },
      }),
    every: clock.every,
    now: () => time.now,
    readAtOnce: false,
  });
  const posted: MonitorToWebview[] = [];
  const session = new MonitorSession(
    [
      { connectionId: 'k', kind: 'source', name: 'orders' },
      { connectionId: 'r', kind: 'source', name: 'jobs', scope: '/' },
    ],
    { samplers, refreshSeconds: () => 2, isOpen: () => true, label: (id) => (id === 'k' ? 'Cluster' : 'Rig'), post: (m) => posted.push(m), alerts: () => '', now: () => time.now },
  );
  const tick = async (): Promise<void> => {
    time.now += 2000;
    clock.tick();
    await settled();
  };
  return { session, requests, posted, tick };
}

describe('MonitorSession: a topic\'s events per second by type', () => {
  it('asks for every watched source\'s types, and shows a chart of them once the broker gives rates (9 lines, the rest "other")', async () => {
    const r = rig();
    r.session.setVisible(true);
    await r.tick();
    assert.deepEqual(r.requests[0].eventTypesOf, [{ name: 'orders' }]);
    const kinds = () => r.session.view().charts.map((c) => `${c.title} ${c.kind}`);
    assert.deepEqual(kinds(), ['Cluster · orders · in / out per second rate', 'Cluster · orders · held depth', 'Rig · jobs · in / out per second rate', 'Rig · jobs · held depth'], 'one reading: no rates yet, no chart');
    const viewsBefore = r.posted.filter((m) => m.type === 'view').length;
    await r.tick();
    assert.equal(r.posted.filter((m) => m.type === 'view').length, viewsBefore + 1, 'the page gets the whole view when the chart first shows');
    const chart = r.session.view().charts.find((c) => c.kind === 'events');
    assert.equal(chart?.title, 'Cluster · orders · events per second by type');
    assert.equal(chart?.unit, 'events/s');
    assert.equal(chart?.parts.length, 9);
    assert.deepEqual(chart?.parts.slice(0, 2), ['OrderPlaced', 'OrderPaid']);
    assert.equal(chart?.parts.at(-1), 'other');
    // 2 s between readings: OrderPlaced 2 a reading, OrderPaid 1, each of 10 others 3 (6 lines, and 4 folded into "other").
    assert.deepEqual(chart?.values.map((v) => v.at(-1)), [1, 0.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 6]);
    assert.equal(r.session.view().charts.filter((c) => c.kind === 'events').length, 1, 'a broker without types gets no such chart');
    await r.tick();
    const last = r.posted.at(-1);
    assert.equal(last?.type, 'points', 'then points, as for every chart');
    r.session.removeChart(chart.id);
    assert.deepEqual(r.session.view().targets, [{ connectionId: 'r', kind: 'source', name: 'jobs', scope: '/' }], 'the chart removes its topic, as its other charts do');
    r.session.dispose();
  });
});
