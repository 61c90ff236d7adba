import * as assert from 'node:assert/strict';
import { Replayer } from '../../../src/core/replay';
import { precomputeReducer } from '../../../src/sandbox/precomputedReducer';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { ORDER_REDUCER_JS, ORDER_REDUCER_TS, sampleOrderEvents, tempWorkspace } from './workspace';

describe('sandbox: a workspace reducer as the timeline\'s reducer', function () {
  this.timeout(20_000);

  it('replays to the sandbox\'s states in any order of jumps, and a failure becomes a warning at its event', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox();
    try {
      const events = sampleOrderEvents();
      await sandbox.load([workspace.write('reducers/order.js', ORDER_REDUCER_JS)]);
      const stream = await sandbox.openStream('Order', events);
      const expected = await stream.states(0, events.length - 1);
      const { reducer, problems } = await precomputeReducer(stream, events, 'workspace:order.js', 3);
      assert.deepEqual(problems, []);
      const replayer = new Replayer(reducer, events, { checkpointEvery: 2 });
      for (const index of [events.length - 1, 0, 4, 2, events.length - 2]) assert.deepEqual(replayer.stateAt(index), expected[index]);
      assert.deepEqual(replayer.stateAt(-1), await stream.stateAt(-1));

      await sandbox.load([workspace.write('reducers/order.ts', ORDER_REDUCER_TS)]);
      const failing = await sandbox.openStream('Order', events);
      const shippedAt = events.findIndex((e) => e.type === 'OrderShipped');
      const broken = await precomputeReducer(failing, events, 'workspace:order.ts', 4);
      assert.equal(broken.problems.length, 1);
      assert.equal(broken.problems[0].kind, 'reducer');
      assert.equal(broken.problems[0].index, shippedAt);
      assert.equal(broken.problems[0].message, 'Workspace reducer failed here: shipping is not modelled yet');
      assert.deepEqual({ ...broken.problems[0].location, file: broken.problems[0].location?.file.endsWith('order.ts') }, { file: true, line: 16, column: 13 });
      assert.equal(broken.problems[0].version, events[shippedAt].version);
      assert.equal(broken.failedAt, shippedAt, 'the index replay stopped at travels with the reducer');
      const replay = new Replayer(broken.reducer, events);
      assert.deepEqual(replay.stateAt(events.length - 1), replay.stateAt(shippedAt - 1), 'after the failure the last good state stays');
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
