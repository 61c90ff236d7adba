/**
 * A reducer that changes the state it is given (instead of returning a new one) must not corrupt the
 * checkpoints: every state the sandbox hands out, in any order of jumps, equals a fresh fold to there.
 */
import * as assert from 'node:assert/strict';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents } from './responsiveness';

const EVENTS = 2000;

/** What the mutating reducer computes, folded by hand: n events → n items, total 2n. */
const expectedAt = (index: number): { items: number[]; total: number } => ({ items: Array.from({ length: index + 1 }, (_, i) => i + 1), total: 2 * (index + 1) });

describe('sandbox fault: a reducer that mutates its input state', function () {
  this.timeout(60_000);

  it('cannot corrupt checkpoints: random jumps give the same states as a fold from the start', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox({ timeLimitMs: 5000, checkpointEvery: 64 });
    try {
      const file = workspace.write(
        'reducers/mutating.js',
        `module.exports = { Counter: {\n  initial: { items: [], total: 0 },\n  apply(state, event) {\n    state.items.push(event.data.n);\n    state.total += event.data.price;\n    try { event.data.n = -1; } catch (e) { /* events are frozen */ }\n    return state;\n  },\n} };\n`,
      );
      await sandbox.load([file]);
      const events = tickEvents(EVENTS);
      const stream = await sandbox.openStream('Counter', events);
      await stream.fold();
      let seed = 7;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      let mismatches = 0;
      const jumps = 200;
      for (let k = 0; k < jumps; k++) {
        const index = Math.floor(random() * EVENTS);
        const state = await stream.stateAt(index);
        if (JSON.stringify(state) !== JSON.stringify(expectedAt(index))) mismatches += 1;
      }
      // Stepping forward from a state reached by a jump (the cursor) and back again.
      for (const index of [10, 11, 12, 11, 10, 500, 63, 64, 65, 64]) {
        if (JSON.stringify(await stream.stateAt(index)) !== JSON.stringify(expectedAt(index))) mismatches += 1;
      }
      assert.deepEqual(await stream.stateAt(-1), { items: [], total: 0 });
      figure('sandbox.mutation.jumps', jumps + 10);
      figure('sandbox.mutation.mismatches', mismatches);
      figure('sandbox.mutation.eventsChanged', events.filter((e, i) => (e.data as { n: number }).n !== i + 1).length);
      assert.equal(mismatches, 0);
      assert.ok(events.every((e, i) => (e.data as { n: number }).n === i + 1), 'the host\'s events were changed');
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
