import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { BusRun, BusTrace } from '../../src/sandbox/bus/busTypes';
import { ourExtension } from './manifest';

const everyTrace = (traces: readonly BusTrace[]): BusTrace[] => traces.flatMap((trace) => [trace, ...everyTrace(trace.children)]);

/** The bus playground through the real commands: the starter bus.js, then the sample flow through it in the sandbox. */
describe('Bus playground in the extension', function () {
  this.timeout(60_000);
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  it('starts no sandbox worker at activation', () => {
    assert.equal(api.workspaceCode.workerStarts, 0);
    assert.equal(api.workspaceCode.processStarts, 0);
  });

  it('writes the starter bus.js and opens it', async () => {
    const file = await vscode.commands.executeCommand<string>('eventFlows.createStarterBus');
    assert.ok(file && fs.existsSync(file), `no bus file at ${file}`);
    assert.match(fs.readFileSync(file, 'utf8'), /retry: \{ attempts: 3/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
  });

  it('runs the sample flow through it into the bus-run view: a retried handler, a dead letter, a child event', async () => {
    const run = await vscode.commands.executeCommand<BusRun>('eventFlows.runEventsThroughBus', { source: 'sample' });
    assert.ok(run, 'the command returned no run (is the workspace trusted?)');
    const traces = everyTrace(run.traces);
    const reserve = traces.flatMap((t) => t.handlers).find((h) => h.name === 'reserveStock');
    assert.equal(reserve?.outcome, 'ok');
    assert.deepEqual(reserve?.attempts.map((a) => a.attempt), [1, 2]);
    assert.deepEqual(run.deadLetters.map((d) => [d.eventType, d.handler, d.attempts]), [['InvoiceRequested', 'emailInvoice', 3]]);
    assert.ok(traces.some((t) => t.event.type === 'InvoiceRequested' && t.parentId !== undefined));
    assert.equal(api.busRuns.current, run, 'the bus-run view does not show the run');
    assert.equal(api.workspaceCode.workerStarts, 1);
  });

  it('exports the run on screen as NDJSON from the view', async () => {
    await api.busRuns.handleMessage({ type: 'export' });
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(['jsonl', 'plaintext'].includes(document?.languageId ?? ''), `opened as ${document?.languageId}`);
    assert.match(document?.lineAt(0).text ?? '', /^\{"kind":"run"/);
    assert.ok(document?.getText().includes('"kind":"dead-letter"'));
  });

  it("runs an aggregate's stream from its tree node", async () => {
    const local = api.localConnection();
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    const node = await api.findAggregate(local.id, 'Order', 'Order-1002');
    assert.ok(node, 'the sample events made no Order-1002');
    const run = await vscode.commands.executeCommand<BusRun>('eventFlows.runEventsThroughBus', node);
    assert.ok(run);
    const events = (await local.open()).readStream('Order-1002');
    let count = 0;
    for await (const batch of events) count += batch.length;
    assert.equal(run.traces.length, count, 'not the whole stream of Order-1002 went through the bus');
    assert.ok(run.traces.every((trace) => trace.event.aggregateId === 'Order-1002'));
    assert.equal(api.busRuns.current, run);
  });

  it('refuses a page asking to open a file the run does not name', async () => {
    await api.busRuns.handleMessage({ type: 'openLocation', file: '/etc/passwd', line: 1 });
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.fsPath, '/etc/passwd');
  });
});
