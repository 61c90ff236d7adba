import * as assert from 'node:assert/strict';
import { NO_TARGETS, type Figures, type FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry, type FiguresSample } from '../../../src/connectors/reads/samplerRegistry';
import { manualClock } from '../../support/manualClock';

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A registry over readers that record every request and answer with counts that grow by 10 a read. */
function recordingRegistry(clock: ReturnType<typeof manualClock>, fail?: () => Error | undefined) {
  const opened: string[] = [];
  const requests: { connectionId: string; request: FiguresRequest }[] = [];
  const time = { now: 1_000_000 };
  const registry = new SamplerRegistry({
    open: (connectionId) => {
      opened.push(connectionId);
      return Promise.resolve({
        sampleFigures: (request: FiguresRequest): Promise<Figures> => {
          requests.push({ connectionId, request });
          const error = fail?.();
          if (error) return Promise.reject(error);
          return Promise.resolve({ sources: request.sources.map((s) => ({ ...s, produced: BigInt(10 * requests.length) })), groups: [], events: 5 * requests.length });
        },
      });
    },
    every: clock.every,
    now: () => time.now,
    readAtOnce: false,
  });
  return { registry, opened, requests, time };
}

const wants = (names: string[], groups: string[] = []): (() => FiguresRequest) => () => ({ ...NO_TARGETS, sources: names.map((name) => ({ name })), groups });

describe('SamplerRegistry: one figures poll per connection, shared by its subscribers', () => {
  it('shares one poll between two subscribers (their targets read once, as one request) and stops when the last leaves', async () => {
    const clock = manualClock();
    const { registry, requests } = recordingRegistry(clock);
    const seenA: FiguresSample[] = [];
    const seenB: FiguresSample[] = [];
    const a = registry.subscribe('k1', { intervalMs: 10_000, targets: wants(['orders', 'payments']), onSample: (s) => seenA.push(s) });
    const b = registry.subscribe('k1', { intervalMs: 10_000, targets: wants(['orders'], ['billing']), onSample: (s) => seenB.push(s) });
    assert.deepEqual(clock.running(), [10_000], 'one timer for the connection, whoever subscribes');
    clock.tick();
    await settled();
    assert.equal(requests.length, 1, 'one read for both subscribers');
    assert.deepEqual(requests[0].request.sources.map((s) => s.name), ['orders', 'payments']);
    assert.deepEqual(requests[0].request.groups, ['billing']);
    assert.equal(seenA.length, 1);
    assert.equal(seenB[0], seenA[0], 'both got the same sample');
    assert.ok(seenA[0].at > 0 && seenA[0].value.figures, 'the sample says when it was read');
    assert.equal(registry.polls('k1'), 1);

    a.dispose();
    clock.tick();
    await settled();
    assert.equal(requests.length, 2, 'one subscriber left: the poll goes on');
    assert.deepEqual(requests[1].request.sources.map((s) => s.name), ['orders'], 'only what the one left wants');
    b.dispose();
    assert.deepEqual(clock.running(), [], 'the last left: no timer');
    assert.deepEqual(registry.active, [], 'the connection\'s poll is dropped');
    clock.tick();
    await settled();
    assert.equal(requests.length, 2, 'nobody subscribes: nothing read');
  });

  it('polls each connection apart, at the shortest interval its subscribers ask for', async () => {
    const clock = manualClock();
    const { registry, requests } = recordingRegistry(clock);
    const tree = registry.subscribe('k1', { intervalMs: 10_000, targets: wants(['orders']), onSample: () => undefined });
    const other = registry.subscribe('r1', { intervalMs: 10_000, targets: wants(['jobs']), onSample: () => undefined });
    assert.deepEqual(clock.running(), [10_000, 10_000]);
    const monitor = registry.subscribe('k1', { intervalMs: 2000, targets: wants(['orders']), onSample: () => undefined });
    assert.deepEqual(clock.running().sort(), [10_000, 2000].sort(), 'k1 now polls every 2 s, r1 still every 10 s');
    monitor.dispose();
    assert.deepEqual(clock.running(), [10_000, 10_000], 'back to the slower pace');
    clock.tick();
    await settled();
    assert.deepEqual(requests.map((r) => r.connectionId).sort(), ['k1', 'r1']);
    tree.dispose();
    other.dispose();
    assert.throws(() => registry.subscribe('k1', { intervalMs: 10, targets: wants([]), onSample: () => undefined }), /at most once a second/);
  });

  it('reads nothing, and opens nothing, on a tick where no subscriber wants a figure', async () => {
    const clock = manualClock();
    const { registry, opened } = recordingRegistry(clock);
    const seen: FiguresSample[] = [];
    const sub = registry.subscribe('k1', { intervalMs: 1000, targets: () => NO_TARGETS, onSample: (s) => seen.push(s) });
    clock.tick();
    await settled();
    assert.deepEqual(opened, []);
    assert.deepEqual(seen, []);
    sub.dispose();
  });

  it('gives every subscriber a failed read as a sample with its error and time, and reads again on the next tick', async () => {
    const clock = manualClock();
    let failing = true;
    const { registry, requests } = recordingRegistry(clock, () => (failing ? new Error('broker away') : undefined));
    const seen: FiguresSample[] = [];
    const sub = registry.subscribe('k1', { intervalMs: 1000, targets: wants(['orders']), onSample: (s) => seen.push(s) });
    clock.tick();
    await settled();
    assert.equal((seen[0].value.error as Error).message, 'broker away');
    assert.ok(seen[0].at > 0);
    failing = false;
    clock.tick();
    await settled();
    assert.equal(requests.length, 2);
    assert.ok(seen[1].value.figures);
    sub.dispose();
  });

  it('works out rates from successive counts: messages in per second and a store\'s events per second', async () => {
    const clock = manualClock();
    const { registry, time } = recordingRegistry(clock);
    const seen: FiguresSample[] = [];
    const sub = registry.subscribe('k1', { intervalMs: 1000, targets: () => ({ ...NO_TARGETS, sources: [{ name: 'orders' }], events: true }), onSample: (s) => seen.push(s) });
    clock.tick();
    await settled();
    assert.equal(seen[0].value.figures?.sources[0].publishRate, undefined, 'one sample: no rate yet');
    time.now += 2000;
    clock.tick();
    await settled();
    // 10 more messages and 5 more events between samples read 2 s apart.
    assert.equal(seen[1].value.figures?.sources[0].publishRate, 5);
    assert.equal(seen[1].value.figures?.eventRate, 2.5);
    sub.dispose();
  });
});
