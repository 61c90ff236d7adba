/** A reducer that throws shows the error at its event with the user's line; earlier states stay reachable. */
import * as assert from 'node:assert/strict';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { tempWorkspace } from '../../unit/sandbox/workspace';
import { figure } from '../support/figures';
import { tickEvents } from './responsiveness';

describe('sandbox fault: a reducer that throws', function () {
  this.timeout(30_000);

  it('fails at the event, with message, file, line and column, and without restarting the worker', async () => {
    const workspace = tempWorkspace();
    const sandbox = new ReducerSandbox({ timeLimitMs: 2000 });
    try {
      const source = `module.exports = {\n  Counter: {\n    initial: () => ({ n: 0 }),\n    apply(state, event) {\n      if (event.type === 'Poisoned') return { n: state.n + event.data.missing.value };\n      return { n: state.n + 1 };\n    },\n  },\n};\n`;
      const file = workspace.write('reducers/counter.js', source);
      // V8 points at the property it could not read.
      const column = source.split('\n')[4].indexOf('.value') + 2;
      await sandbox.load([file]);
      const events = tickEvents(1000);
      const stream = await sandbox.openStream('Counter', events);
      const error = await stream.fold().then(
        () => assert.fail('cannot finish'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof SandboxError);
      figure('sandbox.throw.eventIndex', error.failure.eventIndex ?? -1);
      figure('sandbox.throw.location', `${error.failure.location?.line}:${error.failure.location?.column}`);
      assert.equal(error.failure.kind, 'threw');
      assert.equal(error.failure.eventIndex, 999);
      assert.equal(error.failure.eventId, 'tick-1000');
      assert.match(error.failure.message, /Cannot read properties of undefined \(reading 'value'\)/);
      assert.deepEqual(error.failure.location, { file, line: 5, column });
      assert.deepEqual(await stream.stateAt(998), { n: 999 });
      assert.equal(sandbox.workerStarts, 1);
    } finally {
      await sandbox.dispose();
      workspace.remove();
    }
  });
});
