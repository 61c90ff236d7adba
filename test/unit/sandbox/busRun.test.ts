import * as assert from 'node:assert/strict';
import { busRunLogLines, busRunToNdjson } from '../../../src/sandbox/bus/busExport';
import type { BusTrace } from '../../../src/sandbox/bus/busTypes';
import { chapterOrderFlows } from '../../../src/core/chapterSamples';
import { STARTER_BUS_JS } from '../../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { sampleOrderEvents, tempWorkspace, type TempWorkspace } from './workspace';

const lineIn = (text: string, needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('sandbox: running events through a workspace bus', function () {
  this.timeout(20_000);
  let workspace: TempWorkspace;
  let sandbox: ReducerSandbox;

  beforeEach(() => {
    workspace = tempWorkspace();
    sandbox = new ReducerSandbox({ timeLimitMs: 1000 });
  });

  afterEach(async () => {
    await sandbox.dispose();
    workspace.remove();
  });

  it('runs the sample flow through the starter bus: middleware diffs, a retried handler, a child event, a dead letter', async () => {
    const file = workspace.write('bus.js', STARTER_BUS_JS);
    const events = sampleOrderEvents();
    const run = await sandbox.runBus(file, events);
    assert.equal(run.traces.length, events.length);
    const byType = (type: string): BusTrace => run.traces.find((trace) => trace.event.type === type)!;

    const created = byType('OrderCreated');
    assert.deepEqual(created.middleware.map((m) => [m.name, m.dropped, m.changed]), [
      ['logging', false, []],
      ['validation', false, []],
      ['timing', false, ['metadata.receivedAt']],
    ]);
    assert.deepEqual(created.handlers.map((h) => [h.name, h.outcome]), [['recordOrder', 'ok']]);

    const item = byType('ItemAdded');
    const reserve = item.handlers.find((h) => h.name === 'reserveStock')!;
    assert.equal(reserve.outcome, 'ok');
    assert.deepEqual(reserve.attempts.map((a) => [a.attempt, a.delayMs, a.error?.message ?? 'ok']), [
      [1, 0, 'warehouse did not answer in time'],
      [2, 20, 'ok'],
    ]);
    const throwLine = lineIn(STARTER_BUS_JS, "throw new Error('warehouse");
    const column = STARTER_BUS_JS.split('\n')[throwLine - 1].indexOf("new Error('warehouse") + 1;
    assert.deepEqual(reserve.attempts[0].error?.location, { file, line: throwLine, column });

    const paid = byType('OrderPaid');
    assert.equal(paid.children.length, 1);
    const invoice = paid.children[0];
    assert.equal(invoice.event.type, 'InvoiceRequested');
    assert.equal(invoice.parentId, paid.event.id);
    assert.equal(invoice.event.metadata?.causationId, paid.event.id);
    assert.equal(invoice.event.metadata?.correlationId, paid.event.metadata?.correlationId);
    const email = invoice.handlers[0];
    assert.equal(email.outcome, 'dead-lettered');
    assert.deepEqual(email.attempts.map((a) => a.delayMs), [0, 20, 40]);
    assert.deepEqual(run.deadLetters.map((d) => [d.eventType, d.handler, d.attempts]), [['InvoiceRequested', 'emailInvoice', 3]]);
    assert.match(run.deadLetters[0].error.message, /mail relay refused the invoice for Order-1001/);

    const shipped = byType('OrderShipped');
    assert.ok(shipped.handlers[0].attempts[0].durationMs >= 4, 'an async handler is timed to its end');
    assert.deepEqual(shipped.handlers[0].attempts[0].result, { notified: 'Order-1001', carrier: (shipped.event.data as { carrier: string }).carrier });
  });

  it('passes the chapter\'s own flow (ItemAdded { item, price }, no quantity) through the starter bus to its handlers', async () => {
    const file = workspace.write('bus.js', STARTER_BUS_JS);
    const [flow] = chapterOrderFlows({ orders: 1 });
    const events = flow.events.map((event, i) => ({ ...event, aggregateId: flow.aggregateId, aggregateType: 'Order', version: i + 1, source: { system: 'local' as const, file: 'events.ndjson', line: i + 1 } }));
    const run = await sandbox.runBus(file, events);
    const items = run.traces.filter((trace) => trace.event.type === 'ItemAdded');
    assert.equal(items.length, 2);
    for (const trace of items) {
      assert.equal(trace.droppedBy, undefined);
      assert.deepEqual(trace.handlers.map((h) => [h.name, h.outcome]), [['addToTotal', 'ok'], ['reserveStock', 'ok']]);
    }
    // 49.5 + 24.5: the chapter's first order.
    assert.deepEqual(items[1].handlers[0].attempts[0].result, { total: 74 });
    assert.deepEqual(items[0].handlers[1].attempts.at(-1)?.result, { reserved: { product_id: 'P-KB-01', name: 'Mechanical Keyboard' }, attempt: 2 });
  });

  it('shows where a middleware dropped an event (it returned nothing) and runs no handler for it', async () => {
    const file = workspace.write('bus.js', STARTER_BUS_JS);
    const [created, item] = sampleOrderEvents();
    const run = await sandbox.runBus(file, [created, { ...item, id: 'zero', data: { ...(item.data as object), quantity: 0 } }]);
    const dropped = run.traces[1];
    assert.equal(dropped.droppedBy, 'validation');
    assert.deepEqual(dropped.middleware.map((m) => [m.name, m.dropped]), [['logging', false], ['validation', true]]);
    assert.deepEqual(dropped.handlers, []);
  });

  it('fails a handler whose promise never settles at the step limit, then retries and dead-letters it', async () => {
    const file = workspace.write(
      'bus.js',
      `module.exports = { middleware: [], subscribers: { Ping: [function waitForever() { return new Promise(() => {}); }] }, retry: { attempts: 2, backoffMs: 1 } };\n`,
    );
    const quick = new ReducerSandbox({ timeLimitMs: 200 });
    try {
      const run = await quick.runBus(file, [sampleOrderEvents()[0]].map((e) => ({ ...e, type: 'Ping' })));
      assert.deepEqual(run.traces[0].handlers[0].attempts.map((a) => a.error?.message), ['waitForever did not finish within 200 ms', 'waitForever did not finish within 200 ms']);
      assert.equal(run.deadLetters.length, 1);
    } finally {
      await quick.dispose();
    }
  });

  it('stops a handler that publishes what it handles at the run\'s event cap', async () => {
    const file = workspace.write('bus.js', `module.exports = { subscribers: { Echo: [function echo(event, context) { context.publish({ type: 'Echo', data: {} }); }] }, retry: { attempts: 1 } };\n`);
    const run = await sandbox.runBus(file, [{ ...sampleOrderEvents()[0], type: 'Echo' }], { maxEvents: 20 });
    let depth = 0;
    for (let trace: BusTrace | undefined = run.traces[0]; trace; trace = trace.children[0]) depth += 1;
    assert.equal(depth, 21);
    assert.equal(run.deadLetters.length, 1);
    assert.match(run.deadLetters[0].error.message, /more than 20 events published in one run/);
  });

  it('names what is wrong with a bus file', async () => {
    const file = workspace.write('bus.js', `module.exports = { middleware: [42], subscribers: { A: ['nope'] }, retry: { attempts: 0 } };\n`);
    await assert.rejects(sandbox.runBus(file, sampleOrderEvents()), (error: unknown) =>
      error instanceof SandboxError && /middleware\[0\] is not a function; subscribers\.A\[0\] is not a function; retry\.attempts must be a number from 1 to 20/.test(error.message),
    );
  });

  it('exports a run as NDJSON and as log lines', async () => {
    const file = workspace.write('bus.js', STARTER_BUS_JS);
    const run = await sandbox.runBus(file, sampleOrderEvents());
    const lines = busRunToNdjson(run).trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; attempt?: number });
    assert.equal(lines[0].kind, 'run');
    const kinds = new Map<string, number>();
    for (const line of lines) kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + 1);
    const events = sampleOrderEvents().length + 1;
    assert.equal(kinds.get('event'), events);
    assert.equal(kinds.get('middleware'), events * 3);
    assert.equal(kinds.get('dead-letter'), 1);
    const log = busRunLogLines(run);
    assert.ok(log.some((line) => /handler reserveStock try 2 after 20 ms: ok/.test(line)));
    assert.ok(log.some((line) => /handler emailInvoice: dead-lettered/.test(line)));
    assert.ok(log.some((line) => /InvoiceRequested .* \(caused by /.test(line)));
  });
});
