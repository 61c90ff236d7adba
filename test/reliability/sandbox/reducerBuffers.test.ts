/**
 * A reducer that holds its memory outside the V8 heap (`Buffer`s): a worker's `resourceLimits` do not see
 * it, so the limit must hold for the sandbox's whole process, and the extension host must not grow by it.
 */
import * as assert from 'node:assert/strict';
import { memoryBudget } from '../../../src/sandbox/processProtocol';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents } from './responsiveness';

const LIMIT_MB = 32;
const HOARD_MB = 512;
/** Sizes tried, each in a sandbox of its own: the largest that finishes is what the limit lets through. */
const SIZES_MB = [8, 16, 20, 24, 28, 32, 40];

/** A reducer that, at the `Poisoned` event, allocates `megabytes` of filled (so resident) Buffers and keeps them. */
function hoarder(megabytes: number): string {
  return `const hoard = [];\nmodule.exports = { Counter: { initial: { n: 0 }, apply(state, event) {\n  if (event.type === 'Poisoned') for (let i = 0; i < ${megabytes}; i++) hoard.push(Buffer.alloc(1024 * 1024, 7));\n  return { n: state.n + 1 };\n} } };\n`;
}

async function foldHoarding(megabytes: number): Promise<{ error: unknown; hostRssGrowthMb: number }> {
  const workspace = tempWorkspace();
  // A long time limit: the memory limit, not the watchdog, must be what stops it.
  const sandbox = new ReducerSandbox({ timeLimitMs: 30_000, memoryLimitMb: LIMIT_MB });
  try {
    await sandbox.load([workspace.write(`reducers/hoard${megabytes}.js`, hoarder(megabytes))]);
    const stream = await sandbox.openStream('Counter', tickEvents(5));
    const hostRssBefore = process.memoryUsage.rss();
    const error = await stream.fold().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, hostRssGrowthMb: (process.memoryUsage.rss() - hostRssBefore) / 1024 / 1024 };
  } finally {
    await sandbox.dispose();
    workspace.remove();
  }
}

describe('sandbox fault: a reducer that holds Buffers outside its heap', function () {
  this.timeout(120_000);

  it(`stops a ${HOARD_MB} MB hoard of Buffers under a ${LIMIT_MB} MB limit; the host's process does not grow by it`, async () => {
    const { error, hostRssGrowthMb } = await foldHoarding(HOARD_MB);
    assert.ok(error instanceof SandboxError, `the hoard ran on: ${String(error)}`);
    assert.equal(error.failure.kind, 'memory');
    assert.equal(error.failure.eventIndex, 4);
    assert.equal(error.failure.eventType, 'Poisoned');
    figure('sandbox.buffers.hostRssGrowthMb', Math.round(hostRssGrowthMb));
    assert.ok(hostRssGrowthMb < HOARD_MB / 8, `the extension host's process grew by ${Math.round(hostRssGrowthMb)} MB`);
  });

  it('lets through half the limit, and nothing past the limit', async () => {
    let largestAllowed = 0;
    for (const size of SIZES_MB) {
      const { error } = await foldHoarding(size);
      if (error === undefined) largestAllowed = size;
      else assert.ok(error instanceof SandboxError && error.failure.kind === 'memory', `${size} MB: ${error instanceof Error ? error.message : typeof error}`);
    }
    const budgetMb = memoryBudget({ timeLimitMs: 0, memoryLimitMb: LIMIT_MB }).bytes / 1024 / 1024;
    console.log(`      sandbox memory held: largest allowed ${largestAllowed} MB, limit ${LIMIT_MB} MB`);
    figure('sandbox.buffers.largestAllowedMb', largestAllowed);
    figure('sandbox.buffers.limitMb', LIMIT_MB);
    assert.ok(largestAllowed >= LIMIT_MB / 2, `a ${LIMIT_MB / 2} MB allocation should fit under a ${LIMIT_MB} MB limit (largest allowed ${largestAllowed} MB)`);
    // The watchdog measures the process's resident growth: an allocation of exactly the budget can land on
    // pages freed since the process measured itself at rest, so the edge is allowed; anything past it is not.
    assert.ok(largestAllowed <= budgetMb, `${largestAllowed} MB got through a ${budgetMb} MB budget`);
  });
});
