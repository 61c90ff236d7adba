import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { chooseWorkspaceReducer, loadFailureFix } from '../../../src/sandbox/reducerChoice';
import { ORDER_REDUCER_JS, tempWorkspace, type TempWorkspace } from './workspace';

/** The chapter's §3 as printed: the EventStore's motor import comes first (line 2, after a comment). */
const CHAPTER_WITH_MOTOR = `# The chapter's event store and Order, pasted as printed
import motor.motor_asyncio


class Order:
    def __init__(self, aggregate_id):
        self.id = aggregate_id
        self.status = "new"

    def apply(self, event):
        self.status = event["event_type"]
`;

const ORDER_PY = CHAPTER_WITH_MOTOR.replace('import motor.motor_asyncio\n', '');

const read = (file: string): string | undefined => fs.readFileSync(file, 'utf8');

describe('sandbox: which workspace reducer replays a type, and what the timeline says about it', function () {
  this.timeout(30_000);
  let workspace: TempWorkspace;
  let python: PythonSandbox;
  let javascript: ReducerSandbox;

  beforeEach(() => {
    workspace = tempWorkspace();
    python = new PythonSandbox();
    javascript = new ReducerSandbox();
  });

  afterEach(async () => {
    python.dispose();
    await javascript.dispose();
    workspace.remove();
  });

  it('names a .py file that did not load, its reason and line, and the built-in reducer used instead', async () => {
    const file = workspace.write('reducers/orders.py', CHAPTER_WITH_MOTOR);
    const report = await python.load([file]);
    const choice = chooseWorkspaceReducer('Order', undefined, report, read);
    assert.equal(choice.chosen, undefined);
    assert.deepEqual(choice.notes, [
      { kind: 'load-failed', message: "orders.py did not load: No module named 'motor': python3 cannot import motor; install it there with `python3 -m pip install motor` (line 2) — using the built-in reducer", location: { file, line: 2, column: 1 } },
    ]);
    assert.equal(loadFailureFix(report.failures[0]), 'Install motor for the Python that runs reducers (python3 -m pip install motor), or move the import out of the reducer file.');
    // Another type's timeline is not told about a file that never mentions it.
    assert.deepEqual(chooseWorkspaceReducer('Invoice', undefined, report, read).notes, []);
  });

  it('names a .js file with a syntax error and one that throws while loading', async () => {
    const syntax = workspace.write('reducers/order.js', 'module.exports = { Order: { initial: {}, apply(state, event) { return state } };\n');
    const throws = workspace.write('reducers/orderTwo.js', '// Order, second try\nthrow new Error("Order store not configured");\n');
    const report = await javascript.load([syntax, throws]);
    const notes = chooseWorkspaceReducer('Order', report, undefined, read).notes;
    assert.equal(notes.length, 2);
    assert.match(notes[0].message, /^order\.js did not load: .*Unexpected token.* \(line \d+\) — using the built-in reducer$/);
    assert.equal(notes[0].location?.file, syntax);
    assert.equal(notes[1].message, 'orderTwo.js did not load: Order store not configured (line 2) — using the built-in reducer');
    assert.equal(notes[1].location?.line, 2);
  });

  it('says which of a .js and a .py reducer for one type is used, and why', async () => {
    const js = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const py = workspace.write('reducers/orders.py', ORDER_PY);
    const choice = chooseWorkspaceReducer('Order', await javascript.load([js]), await python.load([py]), read);
    assert.equal(choice.chosen?.file, js);
    assert.deepEqual(choice.notes, [
      {
        kind: 'choice',
        message: 'order.js is used for Order; orders.py also exports Order and is ignored: a .js or .ts reducer wins over a .py class. Remove or rename the other to choose.',
        location: { file: js, line: 1 },
      },
    ]);
  });

  it('names the failing file with the workspace reducer used instead, and says nothing once it loads', async () => {
    const js = workspace.write('reducers/order.js', ORDER_REDUCER_JS);
    const py = workspace.write('reducers/orders.py', CHAPTER_WITH_MOTOR);
    const failing = chooseWorkspaceReducer('Order', await javascript.load([js]), await python.load([py]), read);
    assert.equal(failing.notes[0].message, "orders.py did not load: No module named 'motor': python3 cannot import motor; install it there with `python3 -m pip install motor` (line 2) — using order.js");
    fs.rmSync(js);
    workspace.write('reducers/orders.py', ORDER_PY);
    const fixed = chooseWorkspaceReducer('Order', undefined, await python.reload(), read);
    assert.equal(fixed.chosen?.file, py);
    assert.deepEqual(fixed.notes, []);
  });
});
