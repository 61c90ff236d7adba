/**
 * A Local store whose events carry 10,000 distinct types, watched by a flow monitor: the store's counts
 * stay at its bound of types with the rest in "other", the chart at its bound of parts, and no event is
 * lost from the totals.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { DEFAULT_MAX_TYPES } from '../../../src/core/typeCounts';
import { OTHER_PART } from '../../../src/core/seriesStore';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { MONITOR_LIMITS, MonitorSession } from '../../../src/panels/monitor/monitorSession';
import { manualClock } from '../../support/manualClock';
import { waitUntil } from '../../support/waits';
import { figure } from '../support/figures';

const TYPES = 10_000;

describe('Flow monitor: a store with 10,000 distinct event types', function () {
  this.timeout(60_000);
  let folder = '';
  let store: LocalEventStore | undefined;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-many-types-'));
  });

  after(async () => {
    await store?.close();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('charts events per type within its bounds, the rest summed as "other"', async () => {
    const eventsFile = path.join(folder, 'events.ndjson');
    store = new LocalEventStore({ eventsFile });
    const opened = store;
    const clock = manualClock();
    const time = { now: 1_000_000 };
    const samplers = new SamplerRegistry({ open: () => Promise.resolve(opened), every: clock.every, now: () => time.now, readAtOnce: false });
    const session = new MonitorSession([{ connectionId: 'local', kind: 'store' }], { samplers, refreshSeconds: () => 1, isOpen: () => true, label: () => 'Local', post: () => undefined, alerts: () => '', now: () => time.now });
    session.setVisible(true);
    let waiting: ((types: [string, number][] | undefined) => void) | undefined;
    // Subscribed last: when it hears a sample, the monitor has taken it.
    const probe = samplers.subscribe('local', { intervalMs: 1000, targets: () => ({ sources: [], groups: [], lagOf: [] }), onSample: (s) => waiting?.(s.value.figures?.eventTypes) });
    /** One reading, a second after the last: the tick waits until the read before it has settled. */
    const sample = async (): Promise<[string, number][]> => {
      await new Promise((resolve) => setImmediate(resolve));
      const heard = new Promise<[string, number][] | undefined>((resolve) => (waiting = resolve));
      time.now += 1000;
      clock.tick();
      return (await heard) ?? [];
    };
    try {
      await sample();
      for (let i = 0; i < TYPES; i += 1000) {
        await opened.append(`Many-${i}`, 'Many', Array.from({ length: 1000 }, (_, k) => ({ type: `Type${i + k}`, data: { k } })), 0);
      }
      // The lines are counted over as many readings as their bytes take.
      const counts = await waitUntil('every event counted', sample, (c) => c.reduce((sum, [, n]) => sum + n, 0) === TYPES);
      assert.equal(counts.length, DEFAULT_MAX_TYPES, 'the store keeps its bound of types');
      assert.equal(counts.at(-1)?.[0], OTHER_PART);
      assert.equal(counts.at(-1)?.[1], TYPES - (DEFAULT_MAX_TYPES - 1));
      const chart = session.view().charts.find((c) => c.kind === 'events');
      assert.ok(chart);
      assert.equal(chart.parts.length, MONITOR_LIMITS.maxParts, 'the chart keeps its bound of parts');
      assert.equal(chart.parts.at(-1), OTHER_PART);
      const perSecond = chart.times.map((_, t) => chart.values.reduce((sum, series) => sum + (series[t] ?? 0), 0));
      assert.equal(perSecond.reduce((a, b) => a + b, 0), TYPES, `every event is in the chart, one second a reading (${JSON.stringify(perSecond)})`);
      figure('monitor.manyTypes.chartParts', chart.parts.length);
      figure('monitor.manyTypes.storeTypes', counts.length);
    } finally {
      probe.dispose();
      session.dispose();
    }
  });
});
