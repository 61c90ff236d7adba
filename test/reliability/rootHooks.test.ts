/**
 * Root hooks for the whole reliability suite (mocha runs root-level hooks around every file's tests):
 * no unhandled promise rejection and no uncaught exception anywhere, checked after each test so the
 * failure names the test that caused it, and once more when the suite ends.
 */
import * as assert from 'node:assert/strict';
import { figure } from './support/figures';
import { forgetReason, healthEvents, watchProcessHealth } from './support/processHealth';

let checked = 0;

before(() => {
  watchProcessHealth();
});

afterEach(function () {
  const events = healthEvents().slice(checked).map((event) => `${event.kind}: ${event.message}`);
  checked = healthEvents().length;
  assert.deepEqual(events, [], `"${this.currentTest?.fullTitle() ?? '?'}" left unhandled rejections or uncaught exceptions`);
});

after(async () => {
  // A rejection from the last test's leftovers surfaces a turn or two later.
  await new Promise((resolve) => setTimeout(resolve, 200));
  figure('process.unhandledRejections', healthEvents().filter((e) => e.kind === 'unhandledRejection').length);
  figure('process.uncaughtExceptions', healthEvents().filter((e) => e.kind === 'uncaughtException').length);
  assert.deepEqual(healthEvents().map((event) => `${event.kind}: ${event.message}`), [], 'the suite saw unhandled rejections or uncaught exceptions');
});

describe('reliability suite health', () => {
  it('watches for unhandled rejections (a rejection nobody handles is counted)', async () => {
    // Proves the counter works, so its zero at the end means something: a deliberate unhandled rejection.
    const reason = new Error('deliberately unhandled');
    const before = healthEvents().length;
    void Promise.reject(reason);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const provoked = healthEvents().filter((event) => event.reason === reason);
    assert.equal(healthEvents().length, before + 1);
    assert.deepEqual(provoked.map((event) => event.kind), ['unhandledRejection']);
    // Forget the deliberate one so it fails neither this test's afterEach check nor the final one.
    forgetReason(reason);
  });
});
