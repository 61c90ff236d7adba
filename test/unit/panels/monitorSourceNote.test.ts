import * as assert from 'node:assert/strict';
import type { Figures, FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../../src/panels/monitor/monitorSession';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const SAMPLE = 'A sample: the stream had more than 5,000 messages since the last reading.';

describe("MonitorSession: a stream's events chart says when a reading was a sample", () => {
  it('shows the note under the chart for the bounded reading and takes it away at the next one within the bound', async () => {
    const clock = manualClock();
    const time = { now: 1_000_000 };
    // Counts since counting began, and whether each reading was cut at the bound.
    const readings: { count: number; bounded: boolean }[] = [
      { count: 0, bounded: false },
      { count: 5_000, bounded: true },
      { count: 5_010, bounded: false },
    ];
    let next = 0;
    const samplers = new SamplerRegistry({
      open: () =>
        Promise.resolve({
          sampleFigures: (request: FiguresRequest): Promise<Figures> => {
            const reading = readings[Math.min(next++, readings.length - 1)];
            const typed = (request.eventTypesOf ?? []).length > 0;
            return Promise.resolve({
              sources: [{ name: 'orders', ...(typed ? { eventTypes: [['OrderPlaced', reading.count]] as [string, number][] } : {}), ...(typed && reading.bounded ? { eventTypesNote: SAMPLE } : {}) }],
              groups: [],
            });
          },
        }),
      every: clock.every,
      now: () => time.now,
      readAtOnce: false,
    });
    const session = new MonitorSession([{ connectionId: 'r', kind: 'source', name: 'orders' }], { samplers, refreshSeconds: () => 2, isOpen: () => true, label: () => 'Rabbit', post: () => undefined, alerts: () => '', now: () => time.now });
    session.setVisible(true);
    const tick = async (): Promise<void> => {
      time.now += 2000;
      clock.tick();
      await settled();
    };
    const eventsChart = () => session.view().charts.find((chart) => chart.kind === 'events');
    await tick();
    assert.equal(eventsChart()?.note, undefined);
    await tick();
    assert.equal(eventsChart()?.note, SAMPLE, 'the bounded reading says it is a sample');
    await tick();
    assert.equal(eventsChart()?.note, undefined, 'a reading within the bound is no sample');
    session.dispose();
  });
});
