/**
 * Alerts and a flow monitor over one real connection's sampler, ticked by the test (no UI, no real-time
 * waits): `sample()` ticks once and resolves when every subscriber has that reading.
 */
import * as assert from 'node:assert/strict';
import type { AlertChanges, AlertRule } from '../../../src/connectors/reads/alertRules';
import { AlertWatch } from '../../../src/connectors/reads/alertWatch';
import { NO_TARGETS, type FiguresReader } from '../../../src/connectors/reads/figures';
import type { MonitorTarget } from '../../../src/connectors/reads/monitorTargets';
import { SamplerRegistry, type FiguresSample } from '../../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../../src/panels/monitor/monitorSession';
import type { MonitorChart } from '../../../src/protocol/monitor';
import { manualClock } from '../../support/manualClock';

export function watchedMonitor(reader: FiguresReader, rules: AlertRule[], targets: MonitorTarget[]) {
  const clock = manualClock();
  const samplers = new SamplerRegistry({ open: () => Promise.resolve(reader), every: clock.every, readAtOnce: false });
  const changes: AlertChanges[] = [];
  const watch = new AlertWatch(rules, { samplers, intervalMs: 1000, isOpen: () => true, onChange: (c) => changes.push(c) });
  const session = new MonitorSession(targets, { samplers, refreshSeconds: () => 1, isOpen: () => true, label: () => 'rig', post: () => undefined, alerts: () => '' });
  session.setVisible(true);
  let waiting: ((sample: FiguresSample) => void) | undefined;
  // Subscribed last: when it hears a sample, the alerts and the monitor have taken it.
  const probe = samplers.subscribe('rig', { intervalMs: 1000, targets: () => NO_TARGETS, onSample: (s) => waiting?.(s) });
  const ids = (which: 'raised' | 'cleared'): string[] => changes.flatMap((c) => c[which].map((e) => e.rule.id));
  return {
    watch,
    session,
    raised: () => ids('raised'),
    cleared: () => ids('cleared'),
    // A tick while a read still runs is skipped (one read at a time): tick again until a reading comes.
    sample: (): Promise<FiguresSample> =>
      new Promise((resolve) => {
        const again = setInterval(() => clock.tick(), 250);
        waiting = (sample) => {
          clearInterval(again);
          waiting = undefined;
          resolve(sample);
        };
        clock.tick();
      }),
    chart: (kind: MonitorChart['kind']): MonitorChart => {
      const found = session.view().charts.find((c) => c.kind === kind);
      if (found === undefined) throw new Error(`no ${kind} chart`);
      return found;
    },
    dispose: () => {
      probe.dispose();
      watch.dispose();
      session.dispose();
      assert.deepEqual(clock.running(), [], 'nothing polls once the monitor and the alerts are gone');
    },
  };
}
