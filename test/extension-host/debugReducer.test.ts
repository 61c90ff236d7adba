import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowEvent } from '../../src/core/envelope';
import type { EventFlowsApi } from '../../src/extension';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { waitUntil } from '../support/waits';
import { children, framePath, localVariables, StopWatcher, topFrame } from './debugAdapter';
import { publishedOrder } from './support/sampleOrder';

/** Line 5 (`const next = …`) is where the test's breakpoint goes. */
const REDUCER = `// A reducer the Debug Reducer command runs under VS Code's JavaScript debugger.
module.exports = {
  Order: {
    initial: { applied: 0, last: null },
    apply(state, event) { const next = { applied: state.applied + 1, last: event.type };
      return next;
    },
  },
};
`;
const BREAKPOINT_LINE = 5;

/** The same reducer in TypeScript with ES module syntax; line 8 (`const next = …`) takes the breakpoint. */
const REDUCER_TS = `// A TypeScript reducer: the debugger runs the sandbox's transpiled code and maps it back here.
interface Counted { applied: number; last: string | null }
type Event = { type: string; version?: number };

export const Order = {
  initial: (): Counted => ({ applied: 0, last: null }),
  apply(state: Counted, event: Event): Counted {
    const next: Counted = { applied: state.applied + 1, last: event.type };
    return next;
  },
};
`;
const TS_BREAKPOINT_LINE = 8;

/** Debug Reducer in VS Code's own JavaScript debugger: the user's breakpoint hits at the chosen event. */
describe('Debug Reducer in the JavaScript debugger', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  let reducerFile: string;
  let events: FlowEvent[];
  let aggregateId: string;
  let panel: TimelinePanel | undefined;
  // Made in before(): a watcher made when the file loads would also queue the stops of the suites that run earlier.
  let watcher: StopWatcher;
  const started: vscode.DebugSession[] = [];
  const ended = new Set<string>();
  const listeners = [vscode.debug.onDidStartDebugSession((session) => started.push(session)), vscode.debug.onDidTerminateDebugSession((session) => ended.add(session.id))];

  before(async () => {
    watcher = new StopWatcher();
    ({ api, aggregateId, events } = await publishedOrder());
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    reducerFile = path.join(root, '.eventflow', 'reducers', 'debug-order.js');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, REDUCER);
  });

  after(async () => {
    panel?.dispose();
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    watcher.dispose();
    for (const listener of listeners) listener.dispose();
    fs.rmSync(reducerFile, { force: true });
    fs.rmSync(reducerFile.replace(/\.js$/, '.ts'), { force: true });
  });

  it("stops in the user's reducer at the chosen event, with the event and the state in the Variables view", async () => {
    const chosen = 2;
    const version = events[chosen].version!;
    // An unconditional breakpoint, as a user sets one: it must not stop at the events before the chosen one.
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(reducerFile), new vscode.Position(BREAKPOINT_LINE - 1, 0)))]);
    // The timeline's debugging bar, range A…B with B the chosen event, as its webview asks.
    panel = await api.panels.open({ connectionId: api.localConnection().id, store: await api.localConnection().open() }, aggregateId, 'Order');
    await panel.handleMessage({ type: 'tool', tool: 'debugReducer', from: 0, to: chosen });

    // First the replay pauses on its own line, just before the chosen event is applied.
    const paused = await watcher.next();
    const pausedFrame = await topFrame(paused);
    const program = framePath(pausedFrame) ?? '';
    assert.match(program, /efx-debug-[^/]+\/replay\.js$/, `paused in ${program}:${pausedFrame.line} (${paused.reason})`);
    const before = await localVariables(paused.session, pausedFrame);
    assert.equal(before.get('index')?.value, String(chosen), `in scope: ${[...before.keys()].join(', ')}`);
    const pausedEvent = await children(paused.session, before.get('event')?.reference ?? 0);
    assert.equal(pausedEvent.get('version')?.value, String(version));
    await paused.session.customRequest('continue', { threadId: paused.threadId });

    // Then the user's breakpoint, at the chosen event, not at the first one.
    const hit = await watcher.next();
    const frame = await topFrame(hit);
    assert.equal(framePath(frame), reducerFile, `stopped in ${framePath(frame)}:${frame.line} (${hit.reason})`);
    assert.equal(frame.line, BREAKPOINT_LINE);
    const variables = await localVariables(hit.session, frame);
    const event = await children(hit.session, variables.get('event')?.reference ?? 0);
    assert.equal(event.get('version')?.value, String(version), `the event in scope: ${JSON.stringify([...event])}`);
    assert.equal(event.get('type')?.value, `'${events[chosen].type}'`);
    const state = await children(hit.session, variables.get('state')?.reference ?? 0);
    assert.equal(state.get('applied')?.value, String(chosen), `the state in scope: ${JSON.stringify([...state])}`);
    assert.equal(state.get('last')?.value, `'${events[chosen - 1].type}'`);

    await vscode.debug.stopDebugging();
    await waitUntil('every debug session to end', () => Promise.resolve(started.filter((session) => !ended.has(session.id)).map((session) => session.name)), (open) => open.length === 0);
    // The editor may keep pointing at the last session after it ended; what matters is that none still runs.
    const active = vscode.debug.activeDebugSession;
    assert.ok(active === undefined || ended.has(active.id), `the session ${active?.name ?? ''} still runs`);
    assert.ok(started.length > 0);
    // The replay's copy of the stream goes with the session.
    await waitUntil('the replay folder to be removed', () => Promise.resolve(fs.existsSync(path.dirname(program))), (exists) => !exists, 10_000);
  });
  it('stops in a TypeScript reducer at the chosen event, on the line of the .ts file, through the source map', async () => {
    const tsFile = reducerFile.replace(/\.js$/, '.ts');
    fs.rmSync(reducerFile, { force: true });
    fs.writeFileSync(tsFile, REDUCER_TS);
    const chosen = 2;
    const version = events[chosen].version!;
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(tsFile), new vscode.Position(TS_BREAKPOINT_LINE - 1, 0)))]);
    panel?.dispose();
    panel = await api.panels.open({ connectionId: api.localConnection().id, store: await api.localConnection().open() }, aggregateId, 'Order');
    await panel.handleMessage({ type: 'tool', tool: 'debugReducer', from: 0, to: chosen });

    const paused = await watcher.next();
    const pausedFrame = await topFrame(paused);
    const program = framePath(pausedFrame) ?? '';
    assert.match(program, /efx-debug-[^/]+\/replay\.js$/, `paused in ${program}:${pausedFrame.line} (${paused.reason})`);
    await paused.session.customRequest('continue', { threadId: paused.threadId });

    // The user's breakpoint in the .ts file, at the chosen event.
    const hit = await watcher.next();
    const frame = await topFrame(hit);
    assert.equal(framePath(frame), tsFile, `stopped in ${framePath(frame)}:${frame.line} (${hit.reason})`);
    assert.equal(frame.line, TS_BREAKPOINT_LINE);
    const variables = await localVariables(hit.session, frame);
    const event = await children(hit.session, variables.get('event')?.reference ?? 0);
    assert.equal(event.get('version')?.value, String(version), `the event in scope: ${JSON.stringify([...event])}`);
    const state = await children(hit.session, variables.get('state')?.reference ?? 0);
    assert.equal(state.get('applied')?.value, String(chosen), `the state in scope: ${JSON.stringify([...state])}`);

    await vscode.debug.stopDebugging();
    await waitUntil('every debug session to end', () => Promise.resolve(started.filter((session) => !ended.has(session.id)).map((session) => session.name)), (open) => open.length === 0);
    await waitUntil('the replay folder to be removed', () => Promise.resolve(fs.existsSync(path.dirname(program))), (exists) => !exists, 10_000);
  });
});
