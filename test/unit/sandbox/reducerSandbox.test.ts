import * as assert from 'node:assert/strict';
import { orderReducer } from '../../../src/core/reducers/order';
import { isNotApplied } from '../../../src/core/reducers/types';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { ORDER_REDUCER_JS, ORDER_REDUCER_TS, TS_THROW_AT, sampleOrderEvents, tempWorkspace, type TempWorkspace } from './workspace';

describe('sandbox: workspace reducers in a worker', function () {
  this.timeout(20_000);
  let workspace: TempWorkspace;
  let sandbox: ReducerSandbox;

  beforeEach(() => {
    workspace = tempWorkspace();
    sandbox = new ReducerSandbox({ timeLimitMs: 2000, checkpointEvery: 4 });
  });

  afterEach(async () => {
    await sandbox.dispose();
    workspace.remove();
  });

  it('starts no worker until asked to load something', () => {
    assert.equal(sandbox.workerStarts, 0);
  });

  it('folds the sample Order flow through a CommonJS reducer, to the same totals as the built-in order reducer', async () => {
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const report = await sandbox.load([file]);
    assert.deepEqual(report.reducers, [{ aggregateType: 'Order', file, upcasters: {} }]);
    assert.deepEqual(report.failures, []);
    const events = sampleOrderEvents();
    const stream = await sandbox.openStream('Order', events);
    const state = (await stream.fold()) as { status: string; total: number; version: number };
    let builtIn = orderReducer.initial();
    for (const event of events) {
      const next = orderReducer.apply(builtIn, event);
      if (!isNotApplied(next)) builtIn = next;
    }
    assert.equal(state.status, builtIn.status);
    assert.equal(state.total, builtIn.total);
    assert.equal(state.version, events.length);
    assert.deepEqual(await stream.stateAt(-1), { status: 'none', items: [], total: 0, version: 0 });
    assert.equal(((await stream.stateAt(0)) as { status: string }).status, 'created');
  });

  it('jumps back and forth to the same states as a fold from the start', async () => {
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    await sandbox.load([file]);
    const events = sampleOrderEvents();
    const stream = await sandbox.openStream('Order', events);
    const forward = await stream.states(0, events.length - 1);
    for (const index of [events.length - 1, 2, 0, 5, 1, events.length - 2]) {
      assert.deepEqual(await stream.stateAt(index), forward[index], `state at ${index}`);
    }
  });

  it('strips TypeScript types and maps an error to the line and column of the .ts file', async () => {
    const file = workspace.write('reducers/order.ts', ORDER_REDUCER_TS);
    await sandbox.load([file]);
    const events = sampleOrderEvents();
    const shippedAt = events.findIndex((event) => event.type === 'OrderShipped');
    const stream = await sandbox.openStream('Order', events);
    assert.equal(((await stream.stateAt(shippedAt - 1)) as { status: string }).status, 'created');
    const error = await stream.stateAt(shippedAt).then(
      () => assert.fail('expected the reducer to throw'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SandboxError);
    assert.equal(error.failure.kind, 'threw');
    assert.equal(error.failure.message, 'shipping is not modelled yet');
    assert.equal(error.failure.eventIndex, shippedAt);
    assert.equal(error.failure.eventId, events[shippedAt].id);
    assert.deepEqual(error.failure.location, { file, ...TS_THROW_AT });
    assert.match(error.failure.stack ?? '', new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:16:13`));
    // The stream is still usable before the failing event.
    assert.equal(((await stream.stateAt(1)) as { status: string }).status, 'created');
  });

  it('reports a file that does not load (syntax, missing export) and keeps the others', async () => {
    const good = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const broken = workspace.write('reducers/broken.js', 'module.exports = {\n  Invoice: { apply(state, event) { return state + ; } },\n};\n');
    const empty = workspace.write('reducers/empty.js', 'module.exports = { helper: 42 };\n');
    const report = await sandbox.load([good, broken, empty]);
    assert.deepEqual(report.reducers.map((r) => r.aggregateType), ['Order']);
    assert.equal(report.failures.length, 2);
    assert.ok(report.failures.every((failure) => failure.kind === 'load'));
    assert.equal(report.failures[0].location?.file, broken);
    assert.equal(report.failures[0].location?.line, 2);
    assert.match(report.failures[1].message, /exports no reducer \(helper: needs apply\(state, event\), got number\)/);
  });

  it('reloads a changed file: open streams fold with the new code', async () => {
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    await sandbox.load([file]);
    const events = sampleOrderEvents();
    const stream = await sandbox.openStream('Order', events);
    assert.equal(((await stream.fold()) as { status: string }).status, 'shipped');
    workspace.write('reducers/order.js', ORDER_REDUCER_JS.replace("status: 'shipped'", "status: 'on its way'"));
    await sandbox.reload();
    assert.equal(((await stream.fold()) as { status: string }).status, 'on its way');
  });

  it('finds the first event after which a breakpoint expression over state and event holds', async () => {
    const file = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    await sandbox.load([file]);
    const events = sampleOrderEvents();
    const stream = await sandbox.openStream('Order', events);
    const expected = (await stream.states(0, events.length - 1)).findIndex((state) => (state as { total: number }).total > 50);
    assert.ok(expected > 0);
    assert.equal(await stream.findBreak('state.total > 50'), expected);
    assert.equal(await stream.findBreak("event.type === 'OrderPaid'"), events.findIndex((e) => e.type === 'OrderPaid'));
    assert.equal(await stream.findBreak('state.total < 0'), -1);
    assert.equal(await stream.findBreak('state.total > 50', expected + 1), expected + 1);
    await assert.rejects(stream.findBreak('state.total >'), (error: unknown) => error instanceof SandboxError && /not an expression/.test(error.message));
    await assert.rejects(stream.findBreak('state.nope.deeper'), (error: unknown) => error instanceof SandboxError && error.failure.eventIndex === 0 && /breakpoint condition failed/.test(error.message));
  });
});
