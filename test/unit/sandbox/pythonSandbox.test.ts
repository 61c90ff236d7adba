import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { chapterBusFile, chapterEvent, chapterOrderFile, chapterOrderFlow, lineOf } from './chapter';
import { tempWorkspace } from './workspace';

describe('sandbox: the chapter\'s Python classes through the harness', function () {
  this.timeout(30_000);
  let sandbox: PythonSandbox;

  beforeEach(() => {
    sandbox = new PythonSandbox({ timeLimitMs: 3000, memoryLimitMb: 256, checkpointEvery: 2 });
  });

  afterEach(() => {
    sandbox.dispose();
  });

  it('finds Order (and not the abstract Aggregate or the classes without apply) in §3.1 + §3.2 as written', async () => {
    assert.equal(sandbox.processStarts, 0);
    const report = await sandbox.load([chapterOrderFile]);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.reducers.map((r) => r.aggregateType), ['Order']);
    assert.deepEqual(report.buses, []);
    assert.equal(sandbox.processStarts, 1);
  });

  it('replays the chapter\'s Order to the state its own apply() builds, and jumps back to earlier versions', async () => {
    await sandbox.load([chapterOrderFile]);
    const events = chapterOrderFlow();
    const stream = await sandbox.openStream('Order', 'Order-1', events);
    assert.deepEqual(await stream.fold(), { id: 'Order-1', version: 4, status: 'paid', items: ['KB-MECH-01', 'CBL-USBC-1M'], total_amount: 59.99 });
    assert.deepEqual(await stream.stateAt(-1), { id: 'Order-1', version: 0, status: null, items: [], total_amount: 0 });
    assert.deepEqual(await stream.stateAt(1), { id: 'Order-1', version: 2, status: 'created', items: ['KB-MECH-01'], total_amount: 49.99 });
    const all = await stream.states(0, 3);
    assert.deepEqual(all.map((s) => (s as { version: number }).version), [1, 2, 3, 4]);
    // The checkpoint at 2 events must not have been changed by apply() running on after it.
    assert.deepEqual(await stream.stateAt(1), all[1]);
  });

  it('maps an error in apply() to the chapter file\'s line, at the event that caused it', async () => {
    await sandbox.load([chapterOrderFile]);
    const events = [...chapterOrderFlow().slice(0, 2), chapterEvent('ItemAdded', { item: 'no price' }, 3)];
    const stream = await sandbox.openStream('Order', 'Order-1', events);
    const error = await stream.fold().then(
      () => assert.fail('expected a KeyError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SandboxError);
    assert.equal(error.failure.kind, 'threw');
    assert.equal(error.failure.message, "KeyError: 'price' (Python: python3)");
    assert.equal(error.failure.eventIndex, 2);
    assert.equal(error.failure.eventId, events[2].id);
    assert.equal(error.failure.location?.file, chapterOrderFile);
    assert.equal(error.failure.location?.line, lineOf(chapterOrderFile, 'self.total_amount += data["price"]'));
    // The harness lives on after a user error.
    assert.equal(((await stream.stateAt(1)) as { total_amount: number }).total_amount, 49.99);
    assert.equal(sandbox.processStarts, 1);
  });

  it('reports a .py file that does not load with its line', async () => {
    const workspace = tempWorkspace();
    try {
      const broken = workspace.write('reducers/broken.py', 'class Invoice:\n    def apply(self, event)\n        pass\n');
      const report = await sandbox.load([chapterOrderFile, broken]);
      assert.deepEqual(report.reducers.map((r) => r.aggregateType), ['Order']);
      assert.equal(report.failures.length, 1);
      assert.equal(report.failures[0].kind, 'load');
      assert.match(report.failures[0].message, /SyntaxError/);
      assert.deepEqual({ file: report.failures[0].location?.file, line: report.failures[0].location?.line }, { file: broken, line: 2 });
    } finally {
      workspace.remove();
    }
  });

  it('loads the folder as it is now: a removed package no longer imports, an edited helper is read again', async () => {
    const workspace = tempWorkspace();
    try {
      workspace.write('reducers/motor/__init__.py', '');
      workspace.write('reducers/motor/motor_asyncio.py', 'CLIENT = "stand-in"\n');
      workspace.write('reducers/pricing.py', 'RATE = 1\n');
      const reducer = workspace.write(
        'reducers/orders.py',
        'import motor.motor_asyncio\nimport pricing\n\nclass Order:\n    def __init__(self):\n        self.rate = pricing.RATE\n    def apply(self, event):\n        pass\n',
      );
      assert.deepEqual((await sandbox.load([reducer])).failures, []);
      const first = await sandbox.openStream('Order', 'Order-1', chapterOrderFlow().slice(0, 1));
      assert.equal(((await first.fold()) as { rate: number }).rate, 1);

      workspace.write('reducers/pricing.py', 'RATE = 2\n');
      assert.deepEqual((await sandbox.load([reducer])).failures, []);
      const second = await sandbox.openStream('Order', 'Order-2', chapterOrderFlow().slice(0, 1));
      assert.equal(((await second.fold()) as { rate: number }).rate, 2, 'the edited helper was not read again');

      fs.rmSync(path.join(workspace.root, '.eventflow', 'reducers', 'motor'), { recursive: true, force: true });
      const report = await sandbox.load([reducer]);
      assert.equal(report.failures.length, 1, JSON.stringify(report));
      assert.match(report.failures[0].message, /No module named 'motor'/);
      assert.equal(sandbox.processStarts, 1, 'the same process loads again');
    } finally {
      workspace.remove();
    }
  });

  it('runs the chapter\'s EventBus as written: middleware steps with changes, a dropped event, handlers, a child event', async () => {
    const report = await sandbox.load([chapterBusFile]);
    assert.deepEqual(report.buses, [chapterBusFile]);
    const run = await sandbox.runBus(chapterBusFile, [
      chapterEvent('OrderCreated', { order_id: 'Order-1', customer_id: 'c-7' }, 1),
      chapterEvent('OrderCreated', {}, 2),
      chapterEvent('PaymentCompleted', { order_id: 'Order-1', product_id: 'KB-MECH-01', quantity: 2 }, 3),
    ]);
    assert.equal(run.traces.length, 3);
    const [created, empty, paid] = run.traces;
    assert.equal(created.event.id, 'evt-Order-1-1');
    assert.deepEqual(created.middleware.map((m) => m.name), ['logging_middleware', 'validation_middleware', 'stamping_middleware']);
    assert.deepEqual(created.middleware.map((m) => m.changed), [[], [], ['data.seen_by']]);
    assert.deepEqual(created.handlers.map((h) => [h.name, h.outcome]), [['OrderCreatedHandler.handle', 'ok']]);
    assert.equal(empty.droppedBy, 'validation_middleware');
    assert.equal(empty.middleware[1].dropped, true);
    assert.deepEqual(empty.handlers, []);
    assert.deepEqual(paid.handlers.map((h) => [h.name, h.outcome]), [['PaymentCompletedHandler.handle', 'ok']]);
    assert.equal(paid.children.length, 1);
    assert.equal(paid.children[0].event.type, 'StockDeducted');
    assert.equal(paid.children[0].parentId, paid.event.id);
    // The child is recorded as published; the middleware then stamps it on its way, as every event.
    assert.deepEqual(paid.children[0].event.data, { product_id: 'KB-MECH-01', left: 8 });
    assert.deepEqual((paid.children[0].middleware[2].passed as { data: unknown }).data, { product_id: 'KB-MECH-01', left: 8, seen_by: 'stamping' });
    assert.deepEqual(run.deadLetters, []);
  });

  it('records a handler error with the line in the bus file; the chapter\'s gather carries it to publish', async () => {
    await sandbox.load([chapterBusFile]);
    const run = await sandbox.runBus(chapterBusFile, [chapterEvent('PaymentCompleted', { order_id: 'Order-404', product_id: 'X', quantity: 1 }, 1)]);
    const [trace] = run.traces;
    const [handler] = trace.handlers;
    assert.equal(handler.outcome, 'failed');
    assert.equal(handler.attempts.length, 1);
    assert.match(handler.attempts[0].error?.message ?? '', /KeyError: 'unknown order Order-404'/);
    assert.equal(handler.attempts[0].error?.location?.line, lineOf(chapterBusFile, 'raise KeyError(f"unknown order'));
    assert.match(trace.error?.message ?? '', /KeyError/);
  });
});
