import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import { ourExtension } from './manifest';

const reducerSource = (label: string): string => `module.exports = {
  Order: {
    initial: { label: ${JSON.stringify(label)}, events: 0 },
    apply(state, event) {
      return { ...state, events: state.events + 1, last: event.type };
    },
  },
};
`;

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000, lastSeen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen ? `; last saw ${lastSeen()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A workspace reducer replays the timeline, and saving it replays the open timeline again. */
describe('Workspace reducers on the timeline', function () {
  this.timeout(90_000);
  let api: EventFlowsApi;
  let reducerFile: string;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    reducerFile = path.join(root, '.eventflow', 'reducers', 'order.js');
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, reducerSource('first'));
  });

  after(() => {
    fs.rmSync(reducerFile, { force: true });
  });

  it('opens a timeline replayed by the workspace reducer, and re-replays it when the file is saved', async () => {
    const localId = api.localConnection().id;
    api.panels.get(localId, 'Order-1002')?.dispose();
    const panel = await api.panels.open({ connectionId: localId, store: await api.localConnection().open() }, 'Order-1002', 'Order');
    assert.equal(panel.session.reducerName, 'workspace:order.js');
    const last = panel.session.total - 1;
    const state = panel.session.select(last).state as { label: string; events: number };
    assert.equal(state.label, 'first');
    assert.equal(state.events, panel.session.total);
    assert.ok(api.workspaceCode.workerStarts >= 1);

    fs.writeFileSync(reducerFile, reducerSource('second'));
    await until(() => ((api.panels.get(localId, 'Order-1002')?.session.select(last).state as { label?: string } | undefined)?.label === 'second' ? true : undefined), 'the re-replay after the save');
  });
});

/** The chapter's §3 pasted as printed: its EventStore's motor import (line 2) is not installed. */
const CHAPTER_WITH_MOTOR = `# The chapter's event store and Order, pasted as printed
import motor.motor_asyncio


class Order:
    def __init__(self, aggregate_id):
        self.id = aggregate_id
        self.status = "new"

    def apply(self, event):
        self.status = event["event_type"]
`;

/** A reducer file that fails is said in the open timeline, the Problems view and one notification, until it loads. */
describe('Workspace reducer files that do not load', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  let folder: string;
  const written: string[] = [];

  const write = (name: string, text: string): string => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    if (!written.includes(file)) written.push(file);
    return file;
  };
  const notifiedAbout = (name: string): string[] => api.reducerProblems.notified.filter((message) => message.startsWith(`${name} did not load`));
  // Ours only: the TypeScript server, once another suite woke it, adds its own hints to .js files.
  const diagnosticsOf = (file: string): readonly vscode.Diagnostic[] => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((diagnostic) => diagnostic.source === 'Event Flows');

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
    if (api.localConnection() && !(await api.findAggregate(api.localConnection().id, 'Order', 'Order-1003'))) await vscode.commands.executeCommand('eventFlows.publishSampleEvents');
    folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.eventflow', 'reducers');
    fs.mkdirSync(folder, { recursive: true });
  });

  after(() => {
    for (const file of written) fs.rmSync(file, { force: true });
  });

  async function openOrder(): Promise<TimelinePanel> {
    const localId = api.localConnection().id;
    api.panels.get(localId, 'Order-1003')?.dispose();
    return api.panels.open({ connectionId: localId, store: await api.localConnection().open() }, 'Order-1003', 'Order');
  }

  it('shows a .py file that does not load in the timeline, on its line and in one notification; all go when it loads', async () => {
    const file = write('orders.py', CHAPTER_WITH_MOTOR);
    const panel = await openOrder();
    assert.equal(panel.session.reducerName, 'order', 'the built-in reducer replays');
    assert.deepEqual(panel.session.init().reducerNotes, [
      { kind: 'load-failed', message: "orders.py did not load: No module named 'motor': python3 cannot import motor; install it there with `python3 -m pip install motor` (line 2) — using the built-in reducer", location: { file, line: 2, column: 1 } },
    ]);
    const [diagnostic] = await until(() => (diagnosticsOf(file).length > 0 ? diagnosticsOf(file) : undefined), 'the diagnostic on orders.py');
    assert.equal(diagnostic.range.start.line, 1);
    assert.match(diagnostic.message, /No module named 'motor'/);
    assert.equal(notifiedAbout('orders.py').length, 1);
    assert.match(notifiedAbout('orders.py')[0], /python3 -m pip install motor/);

    await panel.reload();
    assert.equal(notifiedAbout('orders.py').length, 1, 'a replay of the same failure notifies again');

    write('orders.py', CHAPTER_WITH_MOTOR.replace('import motor.motor_asyncio\n', ''));
    await until(() => (api.panels.get(api.localConnection().id, 'Order-1003')?.session.reducerName.startsWith('workspace:orders.py') ? true : undefined), 'the replay with orders.py');
    assert.equal(api.panels.get(api.localConnection().id, 'Order-1003')?.session.init().reducerNotes, undefined);
    await until(() => (diagnosticsOf(file).length === 0 ? true : undefined), 'the diagnostic to clear');
  });

  it('shows a .js file with a syntax error the same way, with the reducer used instead', async () => {
    const file = write('order.js', 'module.exports = {\n  Order: {\n    apply(state, event) { return { ...state, last: event.type } \n  },\n};\n');
    const panel = await openOrder();
    const notes = panel.session.init().reducerNotes ?? [];
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /^order\.js did not load: .+ \(line \d\) — using orders\.py$/);
    assert.equal(notes[0].location?.file, file);
    await until(() => (diagnosticsOf(file).length === 1 ? true : undefined), 'the diagnostic on order.js');
    assert.equal(notifiedAbout('order.js').length, 1);

    // The banner's link: the page asks, the host opens the file at the line; a place it never showed stays shut.
    const location = notes[0].location;
    assert.ok(location !== undefined, 'the note has no place to link');
    await panel.handleMessage({ type: 'openLocation', ...location });
    const editor = await until(() => (vscode.window.activeTextEditor?.document.uri.fsPath === file ? vscode.window.activeTextEditor : undefined), 'order.js in an editor');
    assert.equal(editor.selection.active.line, location.line - 1);
    const elsewhere = path.join(path.dirname(folder), 'events.ndjson');
    await panel.handleMessage({ type: 'openLocation', file: elsewhere, line: 1 });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file, 'a place the timeline never showed was opened');
  });

  it('says which of two files exporting the type is used, and why, in the header and in one warning', async () => {
    write('order.js', 'module.exports = { Order: { initial: { events: 0 }, apply: (state) => ({ events: state.events + 1 }) } };\n');
    const message = 'order.js is used for Order; orders.py also exports Order and is ignored: a .js or .ts reducer wins over a .py class. Remove or rename the other to choose.';
    const panel = await until(() => {
      const open = api.panels.get(api.localConnection().id, 'Order-1003');
      return open?.session.reducerName === 'workspace:order.js' ? open : undefined;
    }, 'the replay with order.js after the save');
    assert.deepEqual(panel.session.init().reducerNotes?.map((note) => [note.kind, note.message]), [['choice', message]]);
    await panel.reload();
    await openOrder();
    assert.equal(api.reducerProblems.notified.filter((shown) => shown === message).length, 1, 'one warning, whatever the replays');
    const orderJs = path.join(folder, 'order.js');
    await until(() => (diagnosticsOf(orderJs).length === 0 ? true : undefined), 'the diagnostic on order.js to clear', 20_000, () => JSON.stringify(diagnosticsOf(orderJs).map((d) => d.message)));
  });
});
