import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { FlowEvent } from '../../src/core/envelope';
import type { EventFlowsApi } from '../../src/extension';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { chapterVenvPython } from '../support/pythonVenv';
import { waitUntil } from '../support/waits';
import { children, framePath, localVariables, StopWatcher, topFrame } from './debugAdapter';
import { eventFlowsLogShows, literally } from './support/eventFlowsLog';
import { publishedOrder } from './support/sampleOrder';

const run = promisify(execFile);

/** Line 9 (`self.applied += 1`) is where the test's breakpoint goes. */
const REDUCER = `"""A reducer the Debug Reducer command runs under debugpy."""


class Order:
    def __init__(self, id):
        self.applied = 0
        self.last = None

    def apply(self, event):
        self.applied += 1
        self.last = event["event_type"]
`;
const BREAKPOINT_LINE = 10;

/** debugpy names a dict's entries by the key's repr. */
function entry(entries: Map<string, { value: string; reference: number }>, key: string): string | undefined {
  return (entries.get(`'${key}'`) ?? entries.get(key))?.value;
}

/** Debug Reducer on a .py reducer, under debugpy's own adapter (code-server has no Python extension). */
describe('Debug Reducer in the Python debugger', function () {
  this.timeout(300_000);
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
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('eventFlows');
  const useInterpreter = (python: string | undefined): Thenable<void> => settings().update('python.interpreter', python, vscode.ConfigurationTarget.Global);
  let withoutDebugpy: string;

  before(async () => {
    watcher = new StopWatcher();
    ({ api, aggregateId, events } = await publishedOrder());
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    reducerFile = path.join(root, '.eventflow', 'reducers', 'debug_orders.py');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, REDUCER);
    // A venv with nothing installed: an interpreter that certainly cannot import debugpy.
    withoutDebugpy = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-venv-without-debugpy-'));
    await run('python3', ['-m', 'venv', '--without-pip', withoutDebugpy], { timeout: 60_000 });
  });

  afterEach(async () => {
    panel?.dispose();
    panel = undefined;
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  after(async () => {
    await useInterpreter(undefined);
    watcher.dispose();
    for (const listener of listeners) listener.dispose();
    fs.rmSync(reducerFile, { force: true });
    fs.rmSync(withoutDebugpy, { recursive: true, force: true });
  });

  const openTimeline = async (): Promise<TimelinePanel> =>
    api.panels.open({ connectionId: api.localConnection().id, store: await api.localConnection().open() }, aggregateId, 'Order');

  it("stops in the user's apply() at the chosen event, with the event and the instance in the Variables view", async () => {
    await useInterpreter(await chapterVenvPython());
    const chosen = 2;
    const version = events[chosen].version!;
    // An unconditional breakpoint, as a user sets one: it must not stop at the events before the chosen one.
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(reducerFile), new vscode.Position(BREAKPOINT_LINE - 1, 0)))]);
    panel = await openTimeline();
    await panel.handleMessage({ type: 'tool', tool: 'debugReducer', from: 0, to: chosen });

    // First the replay pauses in its own program, just before the chosen event is applied.
    const paused = await watcher.next(60_000);
    assert.equal(paused.session.type, 'eventflows-python');
    const pausedFrame = await topFrame(paused);
    assert.match(framePath(pausedFrame) ?? '', /[/\\]python[/\\]debug_replay\.py$/, `paused in ${framePath(pausedFrame)}:${pausedFrame.line} (${paused.reason})`);
    const before = await localVariables(paused.session, pausedFrame);
    assert.equal(before.get('index')?.value, String(chosen), `in scope: ${[...before.keys()].join(', ')}`);
    const pausedEvent = await children(paused.session, before.get('event')?.reference ?? 0);
    assert.equal(entry(pausedEvent, 'version'), String(version), `the event in scope: ${JSON.stringify([...pausedEvent])}`);
    const dataFile = (paused.session.configuration.args as string[])[0];
    assert.match(dataFile, /efx-debug-[^/\\]+[/\\]replay-data\.json$/);
    await paused.session.customRequest('continue', { threadId: paused.threadId });

    // Then the user's breakpoint, at the chosen event, not at the first one.
    const hit = await watcher.next(60_000);
    const frame = await topFrame(hit);
    assert.equal(framePath(frame), reducerFile, `stopped in ${framePath(frame)}:${frame.line} (${hit.reason})`);
    assert.equal(frame.line, BREAKPOINT_LINE);
    const variables = await localVariables(hit.session, frame);
    const event = await children(hit.session, variables.get('event')?.reference ?? 0);
    assert.equal(entry(event, 'version'), String(version), `the event in scope: ${JSON.stringify([...event])}`);
    assert.equal(entry(event, 'event_type'), `'${events[chosen].type}'`);
    const self = await children(hit.session, variables.get('self')?.reference ?? 0);
    assert.equal(self.get('applied')?.value, String(chosen), `the instance in scope: ${JSON.stringify([...self])}`);
    assert.equal(self.get('last')?.value, `'${events[chosen - 1].type}'`);

    await vscode.debug.stopDebugging();
    await waitUntil('every debug session to end', () => Promise.resolve(started.filter((session) => !ended.has(session.id)).map((session) => session.name)), (open) => open.length === 0);
    // The replay's copy of the stream goes with the session.
    await waitUntil('the replay folder to be removed', () => Promise.resolve(fs.existsSync(path.dirname(dataFile))), (exists) => !exists, 10_000);
  });

  it('names the command that installs debugpy when the chosen interpreter has none', async () => {
    const python = path.join(withoutDebugpy, 'bin', 'python');
    await useInterpreter(python);
    const sessionsBefore = started.length;
    panel = await openTimeline();
    await panel.handleMessage({ type: 'tool', tool: 'debugReducer', from: 0, to: 1 });
    await eventFlowsLogShows(
      api,
      new RegExp(literally(`Could not debug the reducer: ${python} cannot import debugpy, which debugs Python reducers; install it there with \`${python} -m pip install debugpy\``)),
    );
    assert.equal(started.length, sessionsBefore, 'no debug session starts');
  });
});
