import * as assert from 'node:assert/strict';
import { NO_TARGETS } from '../../../src/connectors/reads/figures';
import { SamplerRegistry } from '../../../src/connectors/reads/samplerRegistry';
import { WatchedTargets } from '../../../src/connectors/reads/watchedTargets';
import { manualClock } from '../../support/manualClock';

/** A read per target that stays pending until the test settles it. */
function pendingReads(): { reads: string[]; read: (target: string) => Promise<void>; settle(target: string, error?: Error): Promise<void> } {
  const open = new Map<string, { resolve(): void; reject(error: Error): void }[]>();
  const reads: string[] = [];
  return {
    reads,
    read: (target) => {
      reads.push(target);
      return new Promise<void>((resolve, reject) => open.set(target, [...(open.get(target) ?? []), { resolve, reject }]));
    },
    async settle(target, error) {
      const waiting = open.get(target) ?? [];
      open.delete(target);
      for (const w of waiting) {
        if (error) w.reject(error);
        else w.resolve();
      }
      // Lets the sampler see the read end before the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * Targets watched through a sampler registry whose reads are the test's pending ones (a target's read starts
 * as its connection is opened for the tick, so it shows at once); failed reads are collected per target.
 */
function watchedOver(options: { targets: () => readonly string[]; read: (target: string) => Promise<void>; every: ReturnType<typeof manualClock>['every']; failures?: string[] }): WatchedTargets {
  const registry = new SamplerRegistry({
    open: async (target) => {
      await options.read(target);
      return { sampleFigures: () => Promise.resolve({ sources: [], groups: [] }) };
    },
    every: options.every,
    readAtOnce: false,
  });
  return new WatchedTargets({
    targets: options.targets,
    subscribe: (target, intervalMs) =>
      registry.subscribe(target, {
        intervalMs,
        targets: () => ({ ...NO_TARGETS, events: true }),
        onSample: (sample) => {
          if (sample.value.figures === undefined) options.failures?.push(`${target}: ${(sample.value.error as Error).message}`);
        },
      }),
  });
}

describe('WatchedTargets: figures read on an interval only while watched', () => {
  it('reads nothing and runs no timer while nobody watches', () => {
    const clock = manualClock();
    const pending = pendingReads();
    const watched = watchedOver({ targets: () => ['k1', 'k2'], read: pending.read, every: clock.every });
    watched.setInterval(10_000);
    clock.tick();
    assert.deepEqual(pending.reads, []);
    assert.deepEqual(clock.running(), []);
    watched.dispose();
  });

  it('reads each target on every tick once watched, and stops every timer when hidden', async () => {
    const clock = manualClock();
    const pending = pendingReads();
    const watched = watchedOver({ targets: () => ['k1', 'k2'], read: pending.read, every: clock.every });
    watched.setInterval(10_000);
    watched.watch(true);
    assert.deepEqual(pending.reads, [], 'a view that just showed loads what it shows itself');
    assert.deepEqual(clock.running(), [10_000, 10_000]);
    clock.tick();
    assert.deepEqual(pending.reads, ['k1', 'k2']);
    await pending.settle('k1');
    await pending.settle('k2');
    clock.tick();
    assert.deepEqual(pending.reads, ['k1', 'k2', 'k1', 'k2']);
    await pending.settle('k1');
    await pending.settle('k2');

    watched.watch(false);
    assert.deepEqual(clock.running(), [], 'hidden: no timer left');
    clock.tick();
    assert.equal(pending.reads.length, 4, 'hidden: no read');
    watched.dispose();
  });

  it('never starts a second read of a target while its first is in flight; a slow target holds back no other', async () => {
    const clock = manualClock();
    const pending = pendingReads();
    const watched = watchedOver({ targets: () => ['slow', 'fast'], read: pending.read, every: clock.every });
    watched.setInterval(1000);
    watched.watch(true);
    clock.tick();
    await pending.settle('fast');
    clock.tick();
    clock.tick();
    assert.deepEqual(pending.reads.filter((t) => t === 'slow'), ['slow'], 'the slow read is still running: its ticks are skipped');
    assert.equal(pending.reads.filter((t) => t === 'fast').length, 2, 'the fast target is read on its tick');
    await pending.settle('fast');
    await pending.settle('slow');
    clock.tick();
    assert.equal(pending.reads.filter((t) => t === 'slow').length, 2, 'once the read ended, the next tick reads again');
    watched.dispose();
  });

  it('reports a failed read with its target and tries again on the next tick', async () => {
    const clock = manualClock();
    const pending = pendingReads();
    const failures: string[] = [];
    const watched = watchedOver({ targets: () => ['k1'], read: pending.read, every: clock.every, failures });
    watched.setInterval(1000);
    watched.watch(true);
    clock.tick();
    await pending.settle('k1', new Error('broker away'));
    assert.deepEqual(failures, ['k1: broker away']);
    clock.tick();
    assert.deepEqual(pending.reads, ['k1', 'k1']);
    watched.dispose();
  });

  it('follows the targets: a new one starts, a gone one stops, the others keep their pace', async () => {
    const clock = manualClock();
    const pending = pendingReads();
    let targets = ['k1'];
    const watched = watchedOver({ targets: () => targets, read: pending.read, every: clock.every });
    watched.setInterval(1000);
    watched.watch(true);
    clock.tick();
    await pending.settle('k1');
    targets = ['k1', 'k2'];
    watched.update();
    assert.deepEqual(watched.active, ['k1', 'k2']);
    clock.tick();
    assert.deepEqual(pending.reads, ['k1', 'k1', 'k2']);
    await pending.settle('k1');
    await pending.settle('k2');
    targets = ['k2'];
    watched.update();
    assert.deepEqual(watched.active, ['k2']);
    assert.deepEqual(clock.running(), [1000], 'the gone target left no timer');
    clock.tick();
    assert.deepEqual(pending.reads, ['k1', 'k1', 'k2', 'k2']);
    watched.dispose();
  });

  it('reads nothing at interval 0 and starts again at the new pace when the interval is set', async () => {
    const clock = manualClock();
    const pending = pendingReads();
    const watched = watchedOver({ targets: () => ['k1'], read: pending.read, every: clock.every });
    watched.watch(true);
    clock.tick();
    assert.deepEqual(pending.reads, [], 'interval 0: on demand only');
    watched.setInterval(5000);
    assert.deepEqual(clock.running(), [5000]);
    clock.tick();
    assert.deepEqual(pending.reads, ['k1']);
    await pending.settle('k1');
    watched.setInterval(2000);
    assert.deepEqual(clock.running(), [2000], 'the old timer is gone');
    watched.setInterval(0);
    assert.deepEqual(clock.running(), []);
    watched.dispose();
  });
});
