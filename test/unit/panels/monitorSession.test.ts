import * as assert from 'node:assert/strict';
import type { Figures, FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../../src/panels/monitor/monitorSession';
import type { MonitorToWebview } from '../../../src/protocol/monitor';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function rig(open: (id: string) => boolean = () => true) {
  const clock = manualClock();
  const time = { now: 1_000_000 };
  const requests: { id: string; request: FiguresRequest }[] = [];
  const samplers = new SamplerRegistry({
    open: (id) =>
      Promise.resolve({
        sampleFigures: (request: FiguresRequest): Promise<Figures> => {
          requests.push({ id, request });
          return Promise.resolve({ sources: request.sources.map((s) => ({ ...s, ready: requests.length, unacked: 0 })), groups: [] });
        },
      }),
    every: clock.every,
    now: () => time.now,
    readAtOnce: false,
  });
  const posted: MonitorToWebview[] = [];
  const session = new MonitorSession([{ connectionId: 'r', kind: 'source', name: 'jobs', scope: '/' }], { samplers, refreshSeconds: () => 2, isOpen: open, label: () => 'Rig', post: (m) => posted.push(m), alerts: () => '', now: () => time.now });
  const tick = async (): Promise<void> => {
    time.now += 2000;
    clock.tick();
    await settled();
  };
  return { clock, session, requests, posted, tick, time };
}

describe('MonitorSession: reads only while visible, the hidden time a gap', () => {
  it('polls at the refresh interval while visible, nothing while hidden, and draws the hidden time as a gap', async () => {
    const r = rig();
    assert.deepEqual(r.clock.running(), [], 'a monitor not yet shown reads nothing');
    r.session.setVisible(true);
    assert.deepEqual(r.clock.running(), [2000]);
    await r.tick();
    await r.tick();
    assert.deepEqual(r.requests.map((q) => q.request.sources), [[{ name: 'jobs', scope: '/' }], [{ name: 'jobs', scope: '/' }]]);
    r.session.setVisible(false);
    assert.deepEqual(r.clock.running(), [], 'hidden: no poll');
    r.time.now += 60_000;
    r.session.setVisible(true);
    await r.tick();
    const depth = r.session.view().charts.find((c) => c.kind === 'depth');
    assert.deepEqual(depth?.values[0], [1, 2, null, 3], 'the time nobody looked is a gap, then the chart resumes');
    assert.equal(r.posted.filter((m) => m.type === 'points').length, 3);
    r.session.dispose();
    assert.deepEqual(r.clock.running(), []);
  });

  it('reads no closed connection, adds each target once, and forgets a removed chart’s target', () => {
    let open = false;
    const r = rig(() => open);
    r.session.setVisible(true);
    assert.deepEqual(r.session.polling, [], 'closed: not read, not opened');
    open = true;
    r.session.follow();
    assert.deepEqual(r.session.polling, ['r'], 'opened: read');
    const subscribed = r.clock.running().length;
    r.session.follow();
    assert.equal(r.clock.running().length, subscribed, 'nothing changed: the poll goes on as it was');
    assert.equal(r.session.add([{ connectionId: 'r', kind: 'source', name: 'jobs', scope: '/' }]), false);
    assert.equal(r.session.add([{ connectionId: 'k', kind: 'group', name: 'billing' }]), true);
    assert.deepEqual(r.session.view().charts.map((c) => c.kind), ['rate', 'depth', 'lag', 'lagTime', 'members']);
    r.session.removeChart(r.session.view().charts[3].id);
    assert.deepEqual(r.session.view().targets, [{ connectionId: 'r', kind: 'source', name: 'jobs', scope: '/' }]);
    assert.deepEqual(r.session.polling, ['r']);
    r.session.dispose();
  });
});
