import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { orderReducer } from '../../../src/core/reducers/order';
import { headVersionOf } from '../../../src/sandbox/gitHead';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { builtInStates, whatIf } from '../../../src/sandbox/whatIf';
import { ORDER_REDUCER_JS, sampleOrderEvents, tempWorkspace, type TempWorkspace } from './workspace';

/** The same reducer with a 10% discount on items from the second one on: states part at the second item. */
const DISCOUNTED = ORDER_REDUCER_JS.replace(
  'const line = event.data.quantity * event.data.unitPrice;',
  'const line = event.data.quantity * event.data.unitPrice * (state.items.length >= 1 ? 0.9 : 1);',
);

describe('sandbox: what-if, one stream through two reducers', function () {
  this.timeout(30_000);
  let workspace: TempWorkspace;
  const sandboxes: ReducerSandbox[] = [];

  const sandboxFor = async (file: string): Promise<ReducerSandbox> => {
    const sandbox = new ReducerSandbox();
    sandboxes.push(sandbox);
    await sandbox.load([file]);
    return sandbox;
  };

  beforeEach(() => {
    workspace = tempWorkspace();
  });

  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
    workspace.remove();
  });

  it('finds the first event where the states part, and every later one, with the paths that differ', async () => {
    const events = sampleOrderEvents();
    const left = await (await sandboxFor(workspace.write('reducers/order.js', ORDER_REDUCER_JS))).openStream('Order', events);
    const right = await (await sandboxFor(workspace.write('other/order.js', DISCOUNTED))).openStream('Order', events);
    const result = await whatIf(left, right, events, { chunk: 2 });
    const items = events.map((e, i) => [e.type, i] as const).filter(([type]) => type === 'ItemAdded').map(([, i]) => i);
    assert.ok(items.length >= 2, 'the sample order has two items or more');
    assert.equal(result.compared, events.length);
    assert.equal(result.firstDifference, items[1]);
    // From the second item on, every state differs in its total (and in nothing else).
    assert.deepEqual(result.differences.map((d) => d.index), events.map((_, i) => i).filter((i) => i >= items[1]));
    assert.ok(result.differences.every((d) => d.paths.join() === 'total'));
    assert.equal(result.differences[0].eventId, events[items[1]].id);
    assert.equal(result.truncated, false);
  });

  it('says there is no difference when the reducers agree, also against a built-in reducer', async () => {
    const events = sampleOrderEvents();
    const stream = await (await sandboxFor(workspace.write('reducers/order.js', ORDER_REDUCER_JS))).openStream('Order', events);
    const same = await whatIf(stream, builtInStates({ ...orderReducer, apply: (s) => s }, events), events);
    assert.ok(same.differences.length > 0, 'a do-nothing reducer differs');
    const twin = await (await sandboxFor(workspace.write('twin/order.js', ORDER_REDUCER_JS))).openStream('Order', events);
    const agreed = await whatIf(stream, twin, events);
    assert.equal(agreed.firstDifference, undefined);
    assert.deepEqual(agreed.differences, []);
  });

  it('compares the working copy with the version at git HEAD', async () => {
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: workspace.root, encoding: 'utf8' });
    git('init', '-q');
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    git('add', '.');
    git('commit', '-qm', 'reducer');
    workspace.write('reducers/order.js', DISCOUNTED);
    const head = await headVersionOf(file);
    try {
      const events = sampleOrderEvents();
      const working = await (await sandboxFor(file)).openStream('Order', events);
      const committed = await (await sandboxFor(head.file)).openStream('Order', events);
      const result = await whatIf(committed, working, events);
      assert.ok(result.firstDifference !== undefined && result.differences.length > 0);
    } finally {
      await head.remove();
    }
    await assert.rejects(headVersionOf(workspace.write('reducers/new.js', ORDER_REDUCER_JS)), /has no committed version at HEAD/);
  });
});
