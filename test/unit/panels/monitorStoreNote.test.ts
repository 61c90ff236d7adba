import * as assert from 'node:assert/strict';
import type { Figures, FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../../src/panels/monitor/monitorSession';
import type { MonitorToWebview } from '../../../src/protocol/monitor';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const WHY = 'All events, not by type: this store cannot read only its new events.';

describe("MonitorSession: a store's events chart says why it is not by type", () => {
  it('shows the figures\' one line under the chart, and sends the page the whole view when it first comes', async () => {
    const clock = manualClock();
    const time = { now: 1_000_000 };
    let events = 0;
    const samplers = new SamplerRegistry({
      open: () =>
        Promise.resolve({
          sampleFigures: (request: FiguresRequest): Promise<Figures> => {
            events += 4;
            return Promise.resolve({ sources: [], groups: [], events, ...(request.eventTypes === true ? { eventTypesWhyNot: WHY } : {}) });
          },
        }),
      every: clock.every,
      now: () => time.now,
      readAtOnce: false,
    });
    const posted: MonitorToWebview[] = [];
    const session = new MonitorSession([{ connectionId: 'm', kind: 'store' }], { samplers, refreshSeconds: () => 2, isOpen: () => true, label: () => 'Mongo', post: (m) => posted.push(m), alerts: () => '', now: () => time.now });
    session.setVisible(true);
    const tick = async (): Promise<void> => {
      time.now += 2000;
      clock.tick();
      await settled();
    };
    assert.equal(session.view().charts[0].note, undefined, 'nothing said before the figures say it');
    await tick();
    await tick();
    const chart = session.view().charts[0];
    assert.equal(chart.kind, 'events');
    assert.equal(chart.note, WHY);
    assert.deepEqual(chart.parts, ['events']);
    assert.equal(chart.values[0].at(-1), 2, '4 events in 2 s');
    const views = posted.filter((m): m is Extract<MonitorToWebview, { type: 'view' }> => m.type === 'view');
    assert.equal(views.length, 1, 'the whole view once, when the note came; then points');
    assert.equal(views[0].view.charts[0].note, WHY);
    await tick();
    assert.equal(posted.filter((m) => m.type === 'view').length, 1, 'the note again is no new view');
    assert.equal(posted.at(-1)?.type, 'points');
    session.dispose();
  });
});
