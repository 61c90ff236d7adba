import * as assert from 'node:assert/strict';
import { alertSummary, compactNumber, type AlertChanges, type AlertEpisode, type AlertRule } from '../../../src/connectors/reads/alertRules';
import { AlertWatch } from '../../../src/connectors/reads/alertWatch';
import type { Figures, FiguresRequest, GroupFigures, SourceFigures } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Alert rules driven through the real sampler registry on the shared manual clock: each tick reads the
 * figures the test set (or fails, as a broker restarting does), one second later than the tick before.
 */
function rig(rules: AlertRule[]) {
  const clock = manualClock();
  const time = { now: 1_000_000 };
  const figures: { sources: SourceFigures[]; groups: GroupFigures[]; failing: boolean } = { sources: [], groups: [], failing: false };
  const requests: FiguresRequest[] = [];
  const samplers = new SamplerRegistry({
    open: () =>
      Promise.resolve({
        sampleFigures: (request: FiguresRequest): Promise<Figures> => {
          requests.push(request);
          if (figures.failing) return Promise.reject(new Error('connection refused'));
          return Promise.resolve({ sources: figures.sources.map((s) => ({ ...s })), groups: figures.groups.map((g) => ({ ...g })) });
        },
      }),
    every: clock.every,
    now: () => time.now,
    readAtOnce: false,
  });
  const changes: AlertChanges[] = [];
  let active: AlertEpisode[] = [];
  const watch = new AlertWatch(rules, {
    samplers,
    intervalMs: 1000,
    isOpen: () => true,
    onChange: (change, now) => {
      changes.push(change);
      active = now;
    },
  });
  const tick = async (): Promise<void> => {
    time.now += 1000;
    clock.tick();
    await settled();
    await settled();
  };
  return { clock, figures, requests, changes, watch, tick, active: () => active, raised: () => changes.flatMap((c) => c.raised), cleared: () => changes.flatMap((c) => c.cleared) };
}

const dlqRule: AlertRule = { id: 'dlq', connectionId: 'r', when: 'deadLettersGrow', source: { name: 'orders.dlq', scope: '/' }, growth: 1 };
const queue = (messages: number): SourceFigures => ({ name: 'orders.dlq', scope: '/', messages, ready: messages, unacked: 0 });
const group = (name: string, members: number, lag?: number, lagMs?: number): GroupFigures => ({
  group: name,
  state: members > 0 ? 'Stable' : 'Empty',
  members,
  ...(lag === undefined ? {} : { lag: { total: BigInt(lag), committedPartitions: 1, partitions: [{ source: 'orders', partition: 0, latest: 100n, lag: BigInt(lag), ...(lagMs === undefined ? {} : { lagMs }) }] } }),
});

describe('Alerts on sampled figures: one notification per episode, cleared when the condition clears', () => {
  it('a dead-letter queue that grows raises one alert, holds through more growth and a broker restart, and clears when drained', async () => {
    const r = rig([dlqRule]);
    r.figures.sources = [queue(2)];
    await r.tick();
    assert.deepEqual(r.raised(), [], 'what the queue held when watching began is the baseline');
    assert.deepEqual(r.requests[0].sources, [{ name: 'orders.dlq', scope: '/' }], 'the rule asks the sampler for its queue');
    r.figures.sources = [queue(5)];
    await r.tick();
    assert.equal(r.raised().length, 1);
    assert.equal(alertSummary(r.active()), 'DLQ +3');
    r.figures.sources = [queue(9)];
    await r.tick();
    assert.deepEqual(r.changes.at(-1)?.updated?.map((e) => e.figure), [7], 'the growth is told, so the summary shows it');
    assert.equal(r.raised().length, 1, 'without a new notification');
    r.figures.failing = true;
    await r.tick();
    await r.tick();
    r.figures.failing = false;
    await r.tick();
    assert.equal(r.raised().length, 1, 'more dead letters and a restart raise nothing new');
    assert.equal(r.watch.active()[0].figure, 7);
    r.figures.sources = [queue(2)];
    await r.tick();
    assert.equal(r.cleared().length, 1, 'back at the baseline: the episode ends');
    assert.deepEqual(r.watch.active(), []);
    r.figures.sources = [queue(3)];
    await r.tick();
    assert.equal(r.raised().length, 2, 'a new growth is a new episode');
    r.watch.dispose();
    assert.deepEqual(r.clock.running(), [], 'disposed: nothing polls');
  });

  it('a lag past N raises once it has held for two readings without falling, and clears only below 80% of N', async () => {
    const r = rig([{ id: 'lag', connectionId: 'k', when: 'lagAbove', group: 'billing', messages: 1000 }]);
    r.figures.groups = [group('billing', 1, 1500)];
    await r.tick();
    assert.deepEqual(r.raised(), [], 'one reading past the threshold is not yet an episode');
    r.figures.groups = [group('billing', 1, 1200)];
    await r.tick();
    assert.deepEqual(r.raised(), [], 'falling: the consumer is catching up');
    r.figures.groups = [group('billing', 1, 1250)];
    await r.tick();
    assert.equal(r.raised().length, 1);
    assert.equal(alertSummary(r.active()), 'lag 1.3k');
    r.figures.groups = [group('billing', 1, 900)];
    await r.tick();
    r.figures.groups = [group('billing', 1, 1100)];
    await r.tick();
    assert.equal(r.raised().length, 1, 'hovering around the threshold: the same episode');
    assert.deepEqual(r.cleared(), []);
    r.figures.groups = [group('billing', 1, 700)];
    await r.tick();
    assert.equal(r.cleared().length, 1);
  });

  it('a lag in time: the oldest unread message past T seconds', async () => {
    const r = rig([{ id: 'age', connectionId: 'k', when: 'lagAbove', group: 'billing', seconds: 60 }]);
    r.figures.groups = [group('billing', 1, 5, 90_000)];
    await r.tick();
    await r.tick();
    assert.equal(r.raised().length, 1);
    assert.match(r.raised()[0].text, /oldest unread 90 s old/);
    r.figures.groups = [group('billing', 1, 0)];
    await r.tick();
    assert.equal(r.cleared().length, 1);
  });

  it('a rate at zero for T seconds raises once; a message in clears it; an unknown rate (after a restart) changes nothing', async () => {
    const r = rig([{ id: 'idle', connectionId: 'k', when: 'rateZero', source: { name: 'orders' }, seconds: 3 }]);
    r.figures.sources = [{ name: 'orders', publishRate: 4 }];
    await r.tick();
    r.figures.sources = [{ name: 'orders', publishRate: 0 }];
    for (let i = 0; i < 3; i += 1) await r.tick();
    assert.deepEqual(r.raised(), [], 'zero for 2 s so far');
    await r.tick();
    assert.equal(r.raised().length, 1);
    r.figures.sources = [{ name: 'orders' }];
    await r.tick();
    r.figures.sources = [{ name: 'orders', publishRate: 0 }];
    await r.tick();
    assert.equal(r.raised().length, 1);
    assert.equal(r.watch.active()[0].figure, 5);
    r.figures.sources = [{ name: 'orders', publishRate: 1 }];
    await r.tick();
    assert.equal(r.cleared().length, 1);
  });

  it('a group that loses its last member raises once (not a group that never had one), and clears when one joins', async () => {
    const r = rig([{ id: 'members', connectionId: 'k', when: 'groupEmpty', group: 'billing' }, { id: 'never', connectionId: 'k', when: 'groupEmpty', group: 'idle' }]);
    r.figures.groups = [group('billing', 2), group('idle', 0)];
    await r.tick();
    r.figures.groups = [group('billing', 0), group('idle', 0)];
    await r.tick();
    await r.tick();
    assert.deepEqual(r.raised().map((e) => e.rule.id), ['members']);
    assert.equal(alertSummary(r.active()), 'no members 1');
    r.figures.groups = [group('billing', 1), group('idle', 0)];
    await r.tick();
    assert.deepEqual(r.cleared().map((e) => e.rule.id), ['members']);
  });

  it('watches only open connections, and new rules end the episodes of rules gone', async () => {
    const r = rig([dlqRule]);
    r.figures.sources = [queue(0)];
    await r.tick();
    r.figures.sources = [queue(4)];
    await r.tick();
    assert.equal(r.watch.active().length, 1);
    r.watch.setRules([]);
    assert.equal(r.cleared().length, 1);
    assert.deepEqual(r.watch.watching, []);
    assert.deepEqual(r.clock.running(), []);
  });

  it('summarises compactly', () => {
    assert.equal(compactNumber(999), '999');
    assert.equal(compactNumber(1234), '1.2k');
    assert.equal(compactNumber(1000), '1k');
    assert.equal(compactNumber(45_600), '46k');
    assert.equal(compactNumber(2_500_000), '2.5M');
    const episode = (mark: AlertEpisode['mark'], figure: number): AlertEpisode => ({ rule: dlqRule, since: 0, mark, figure, text: '' });
    assert.equal(alertSummary([episode('DLQ', 3), episode('lag', 1200), episode('DLQ', 2), episode('lag', 80)]), 'DLQ +5 · lag 1.2k');
    assert.equal(alertSummary([]), '');
  });
});
