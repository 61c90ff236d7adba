import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  const sandboxFor = async (file: string, resolveAs?: Record<string, string>): Promise<ReducerSandbox> => {
    const sandbox = new ReducerSandbox();
    sandboxes.push(sandbox);
    await sandbox.load([file], { resolveAs });
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

  it("loads HEAD's version from a private folder, its imports resolving from the workspace, never from the temp folder's node_modules", async () => {
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: workspace.root, encoding: 'utf8' });
    git('init', '-q');
    // The workspace's own package `x`, and one planted in the shared temp folder (TMPDIR, which the test owns).
    const writeModule = (root: string, from: string): void => {
      fs.mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules', 'x', 'index.js'), `module.exports = ${JSON.stringify(from)};\n`);
    };
    writeModule(workspace.root, 'workspace');
    const sharedTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-shared-tmp-'));
    writeModule(sharedTemp, 'planted');
    const reducer = "const from = require('x');\nmodule.exports = { Order: { initial: () => ({ from, count: 0 }), apply: (state) => ({ ...state, count: state.count + 1 }) } };\n";
    const file = workspace.write('reducers/order.js', reducer);
    git('add', '.eventflow');
    git('commit', '-qm', 'reducer');
    workspace.write('reducers/order.js', reducer.replace('count + 1', 'count + 2'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = sharedTemp;
    let head: Awaited<ReturnType<typeof headVersionOf>> | undefined;
    try {
      head = await headVersionOf(file);
      assert.equal(path.dirname(path.dirname(head.file)), sharedTemp, 'the copy is under the temp folder the test chose');
      assert.equal(fs.statSync(path.dirname(head.file)).mode & 0o777, 0o700, 'the folder is private');
      assert.equal(fs.statSync(head.file).mode & 0o077, 0, 'the copy is readable by its owner only');
      assert.equal(head.resolveAs, file);
      const events = sampleOrderEvents();
      const committed = await (await sandboxFor(head.file, { [head.file]: head.resolveAs })).openStream('Order', events);
      const state = (await committed.stateAt(events.length - 1)) as { from: string; count: number };
      assert.deepEqual(state, { from: 'workspace', count: events.length });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await head?.remove();
    }
    assert.ok(head && !fs.existsSync(path.dirname(head.file)), 'the private folder is removed afterwards');
    fs.rmSync(sharedTemp, { recursive: true, force: true });
  });
});
