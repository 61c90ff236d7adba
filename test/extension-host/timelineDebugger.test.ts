import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeLocation } from '../../src/commands/eventTypeSearch';
import type { EventFlowsApi } from '../../src/extension';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import type { TimelineTarget } from '../../src/panels/timeline/timelineDebug';
import type { BusRun } from '../../src/sandbox/bus/busTypes';
import type { SnapshotCheck } from '../../src/sandbox/snapshotDrift';
import type { UpcastPreview } from '../../src/sandbox/upcastPreview';
import type { WhatIfResult } from '../../src/sandbox/whatIf';
import { findWorkspaceReducers } from '../../src/sandbox/workspaceFiles';
import { repoRoot } from '../support/paths';
import { ourExtension } from './manifest';

const REDUCER = `module.exports = {
  Order: {
    initial: { events: 0, last: null },
    apply(state, event) {
      return { ...state, events: state.events + 1, last: event.type, upcasted: event.data.upcasted === true };
    },
    upcast: { ItemAdded: { 1: (event) => ({ ...event, data: { ...event.data, upcasted: true } }) } },
  },
};
`;

/** The same aggregate type, folded differently from the first event on: every state differs. */
const OTHER_REDUCER = `module.exports = { Order: { initial: { events: 100 }, apply: (state, event) => ({ events: state.events + 1, last: event.type }) } };\n`;

/** The timeline's debugger requests and the engine's tools, through the real panel, sandbox and commands. */
describe('Timeline as a debugger in the extension', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  let root: string;
  let reducerFile: string;
  let panel: TimelinePanel;
  const created: string[] = [];

  const target = (from: number, to: number, aggregateId = 'Order-1002'): TimelineTarget => ({
    kind: 'timelineTarget',
    connectionId: api.localConnection().id,
    aggregateId,
    aggregateType: 'Order',
    from,
    to,
    fromVersion: from + 1,
    toVersion: to + 1,
  });

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    reducerFile = path.join(root, '.eventflow', 'reducers', 'order.js');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, REDUCER);
    created.push(reducerFile);
    const localId = api.localConnection().id;
    api.panels.get(localId, 'Order-1002')?.dispose();
    panel = await api.panels.open({ connectionId: localId, store: await api.localConnection().open() }, 'Order-1002', 'Order');
    assert.equal(panel.session.reducerName, 'workspace:order.js');
  });

  after(() => {
    for (const file of created) fs.rmSync(file, { force: true, recursive: true });
  });

  it('compares any two versions: every path that differs, A beside B', () => {
    const last = panel.session.total - 1;
    const comparison = panel.session.compare(0, last);
    assert.equal(comparison.a.index, 0);
    assert.equal(comparison.b.index, last);
    const events = comparison.changes.find((change) => change.path === 'events');
    assert.deepEqual([events?.before, events?.after], [1, last + 1]);
    assert.deepEqual(panel.session.compare(1, 1).changes, []);
  });

  it('stops play where the breakpoint holds, evaluated in the sandbox', async () => {
    const tools = panel.debugTools;
    assert.deepEqual(await tools.answer(panel.session, { type: 'setBreakpoint', expression: 'state.events >= 3 && event.type !== ""' }), [{ type: 'breakpoint', expression: 'state.events >= 3 && event.type !== ""' }]);
    panel.session.select(0);
    const seen: number[] = [];
    for (let i = 0; i < panel.session.total; i++) {
      const replies = await tools.answer(panel.session, { type: 'playStep' });
      const hit = replies.find((reply) => reply.type === 'breakpointHit');
      if (hit?.type === 'breakpointHit') {
        seen.push(hit.index);
        break;
      }
    }
    assert.deepEqual(seen, [2], 'play did not stop after the third event');
    await assert.rejects(tools.answer(panel.session, { type: 'setBreakpoint', expression: 'state.events >=' }), /not an expression/);
    await assert.rejects(tools.answer(panel.session, { type: 'setBreakpoint', expression: 'while (true) {}' }), /not an expression/);
    assert.deepEqual(await tools.answer(panel.session, { type: 'setBreakpoint', expression: '' }), [{ type: 'breakpoint', expression: null }]);
    assert.equal(api.workspaceCode.conditionSandbox().workerStarts, 1);
  });

  it('copies a vscode:// link to this aggregate at the selected version, which the URI handler opens', async () => {
    panel.session.select(1);
    const [reply] = await panel.debugTools.answer(panel.session, { type: 'copyLink' });
    assert.equal(reply?.type, 'notice');
    const link = await vscode.env.clipboard.readText();
    assert.match(link, /^vscode:\/\/[^/]+\/timeline\?connection=.+&aggregate=Order-1002&type=Order&version=2$/);
    await api.uriHandler.handleUri(vscode.Uri.parse(link));
    assert.equal(api.uriHandler.lastResult?.ok, true);
  });

  it('goes from an event type to the code that handles it', async () => {
    const handler = path.join(root, 'src', 'paymentHandlers.js');
    fs.mkdirSync(path.dirname(handler), { recursive: true });
    fs.writeFileSync(handler, "// payments\nfunction onPaid(event) {\n  if (event.type === 'OrderPaid') return 'ship';\n}\nmodule.exports = { onPaid };\n");
    created.push(handler);
    const locations = await vscode.commands.executeCommand<CodeLocation[]>('eventFlows.goToEventCode', 'OrderPaid', { pick: false });
    const found = locations.find((location) => location.file === handler);
    assert.deepEqual(found && [found.line, found.column], [3, 23]);
    assert.ok(!locations.some((location) => location.file === handler && location.line === 1));
  });

  it('replays the stream through a second reducer: the first difference and every later one', async () => {
    const other = path.join(root, '.eventflow', 'other-order.js');
    fs.writeFileSync(other, OTHER_REDUCER);
    created.push(other);
    const result = await vscode.commands.executeCommand<WhatIfResult>('eventFlows.whatIf', target(0, 0), { against: 'file', file: other });
    assert.equal(result.firstDifference, 0);
    assert.equal(result.differences.length, panel.session.total);
    assert.ok(result.differences[0].paths.includes('events'));
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /First difference after event v1 ` OrderCreated `/);
  });

  it("previews the workspace's upcasters over the stream", async () => {
    const preview = await vscode.commands.executeCommand<UpcastPreview>('eventFlows.upcastPreview', target(0, 0));
    const items = preview.rows.filter((row) => row.eventType === 'ItemAdded');
    assert.ok(items.length > 0);
    assert.ok(items.every((row) => row.fromVersion === 1 && row.toVersion === 2 && row.changed.includes('data.upcasted')));
    assert.deepEqual(preview.uncovered, []);
  });

  it('shows a stored snapshot that the events no longer give', async () => {
    const store = await api.localConnection().open();
    await store.writeSnapshot({ aggregateId: 'Order-1003', aggregateType: 'Order', version: 2, state: { events: 2, last: 'Wrong' }, takenAt: new Date().toISOString() });
    const checks = await vscode.commands.executeCommand<SnapshotCheck[]>('eventFlows.snapshotDrift', target(0, 0, 'Order-1003'));
    const check = checks.find((candidate) => candidate.version === 2);
    assert.equal(check?.matches, false);
    assert.ok(check?.paths.includes('last'));
  });

  it('generates a given / when / then test from a range: plain node:test JavaScript in a workspace without TypeScript, in its tests folder', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('eventFlows.generateTest', target(1, 2), { location: 'tests' });
    assert.equal(document.languageId, 'javascript');
    assert.equal(document.uri.scheme, 'untitled');
    assert.match(document.uri.path, /\/tests?\/Order-1002\.v2-v3\.test\.js$/);
    const text = document.getText();
    assert.match(text, /const SLICE = "v2\.\.v3";/);
    assert.match(text, /require\('node:test'\)/);
    assert.match(text, /path\.join\(__dirname, "\.\.\/\.eventflow\/reducers\/order\.js"\)/);
    assert.match(text, /"events": 3/);
  });

  it('sends events A…B of the timeline through the bus, into the bus-run view', async () => {
    await vscode.commands.executeCommand('eventFlows.createStarterBus');
    const run = await vscode.commands.executeCommand<BusRun>('eventFlows.runEventsThroughBus', target(1, 3));
    assert.deepEqual(
      run.traces.map((trace) => trace.event.version),
      [2, 3, 4],
    );
    assert.equal(api.busRuns.current, run);
  });

  it("replays a Python reducer on the timeline: the chapter's Order class, as written", async () => {
    fs.rmSync(reducerFile, { force: true });
    const pythonFile = path.join(root, '.eventflow', 'reducers', 'order.py');
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'sandbox', 'chapter_order.py'), pythonFile);
    // The chapter imports motor at the top; its services have it installed, this folder gets the fixture's stand-in.
    const motor = path.join(path.dirname(pythonFile), 'motor');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'sandbox', 'motor'), motor, { recursive: true });
    created.push(pythonFile, motor);
    const chapter = await vscode.commands.executeCommand<{ aggregates: string[] }>('eventFlows.publishChapterSampleEvents');
    const id = chapter.aggregates[0];
    const localId = api.localConnection().id;
    const opened = await api.panels.open({ connectionId: localId, store: await api.localConnection().open() }, id, 'Order');
    const files = await findWorkspaceReducers(root);
    const report = await api.workspaceCode.pythonSandbox().load(files.python);
    assert.equal(opened.session.reducerName, 'workspace:order.py on python3', JSON.stringify({ files, report, starts: api.workspaceCode.processStarts, trusted: vscode.workspace.isTrusted }));
    const state = opened.session.stateAfter(opened.session.total - 1) as { items?: unknown[]; total_amount?: number };
    assert.ok(Array.isArray(state.items) && state.items.length > 0, JSON.stringify(state));
    assert.ok(typeof state.total_amount === 'number' && state.total_amount > 0);
    assert.ok(api.workspaceCode.processStarts >= 1);
  });
});
