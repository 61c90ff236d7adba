import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertDebugpy, PYTHON_DEBUG_TYPE, writePythonDebugReplay } from '../../../src/sandbox/python/pythonDebugReplay';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { DapClient } from '../../support/dapClient';
import { repoRoot } from '../../support/paths';
import { chapterVenvPython } from '../../support/pythonVenv';
import { chapterOrderFile, chapterOrderFlow, lineOf } from './chapter';
import { tempWorkspace } from './workspace';

const RECORDING_REDUCER_PY = `class Recording:
    def __init__(self, id):
        self.id = id
        self.seen = []

    def apply(self, event):
        self.seen.append([event["aggregate_id"], event["event_type"]])
`;

describe('sandbox: Debug Reducer for a Python reducer', function () {
  this.timeout(60_000);

  it('replays to the state the harness builds, with the stream only in its data file', async () => {
    const events = chapterOrderFlow();
    const sandbox = new PythonSandbox();
    let expected: unknown;
    try {
      await sandbox.load([chapterOrderFile]);
      expected = await (await sandbox.openStream('Order', 'Order-1', events)).fold();
    } finally {
      sandbox.dispose();
    }
    const debug = await writePythonDebugReplay({ reducerFile: chapterOrderFile, aggregateType: 'Order', aggregateId: 'Order-1', events, stopAt: 2, python: 'python3', cwd: repoRoot });
    try {
      const launch = debug.configuration;
      assert.equal(launch.type, PYTHON_DEBUG_TYPE);
      assert.equal(launch.program, path.join(repoRoot, 'python', 'debug_replay.py'), 'the program is the shipped one, the same for every stream');
      assert.deepEqual(launch.args, [path.join(debug.folder, 'replay-data.json')]);
      assert.equal(launch.python, 'python3');
      assert.equal(launch.eventFlowsReplay, debug.folder);
      // Without a debugger the program runs through: the state it prints is the harness's.
      const plain = spawnSync('python3', [debug.program, ...launch.args], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(plain.status, 0, plain.stderr);
      assert.deepEqual(JSON.parse(plain.stdout), expected);
    } finally {
      await debug.remove();
    }
    assert.equal(fs.existsSync(debug.folder), false);
    await assert.rejects(writePythonDebugReplay({ reducerFile: chapterOrderFile, aggregateType: 'Order', aggregateId: 'Order-1', events, stopAt: 4, python: 'python3', cwd: repoRoot }), /No event at index 4/);
  });

  it('carries hostile aggregate ids and event types as data: the states record them as they are', async () => {
    const workspace = tempWorkspace();
    try {
      const reducerFile = workspace.write('reducers/recording.py', RECORDING_REDUCER_PY);
      for (const breaker of ['\n', '\r', '\u2028', '"""', "'", '\\', '{', '\u0000', '#']) {
        const text = `Order-1${breaker}__import__("os")._exit(3)`;
        const events = chapterOrderFlow(text).map((event, index) => (index === 1 ? { ...event, type: text } : event));
        const debug = await writePythonDebugReplay({ reducerFile, aggregateType: 'Recording', aggregateId: text, events, stopAt: 1, python: 'python3', cwd: workspace.root });
        try {
          const run = spawnSync('python3', [debug.program, ...(debug.configuration.args as string[])], { encoding: 'utf8', timeout: 20_000 });
          assert.equal(run.status, 0, `${JSON.stringify(breaker)}: ${run.stderr}`);
          assert.deepEqual(JSON.parse(run.stdout), { id: text, seen: events.map((event) => [text, event.type]) });
        } finally {
          await debug.remove();
        }
      }
    } finally {
      workspace.remove();
    }
  });

  it("lets a breakpoint in the reducer file hit first at the chosen event, under debugpy's own adapter", async function () {
    this.timeout(300_000);
    const python = await chapterVenvPython();
    const events = chapterOrderFlow();
    const chosen = 2;
    const line = lineOf(chapterOrderFile, 'if event["event_type"] == "OrderCreated":');
    const debug = await writePythonDebugReplay({ reducerFile: chapterOrderFile, aggregateType: 'Order', aggregateId: 'Order-1', events, stopAt: chosen, python, cwd: repoRoot });
    const adapter = new DapClient(python, ['-m', 'debugpy.adapter']);
    const evaluate = async (frameId: number, expression: string): Promise<string> => (await adapter.request<{ result: string }>('evaluate', { expression, frameId, context: 'watch' })).result;
    const topFrame = async (threadId: number): Promise<{ id: number; line: number; source?: { path?: string } }> =>
      (await adapter.request<{ stackFrames: Array<{ id: number; line: number; source?: { path?: string } }> }>('stackTrace', { threadId, levels: 1 })).stackFrames[0];
    try {
      await adapter.request('initialize', { adapterID: PYTHON_DEBUG_TYPE, pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
      // The configuration as Debug Reducer hands it to VS Code, which passes it on as the launch request.
      const launched = adapter.request('launch', { ...debug.configuration });
      await adapter.next('initialized');
      const set = await adapter.request<{ breakpoints: Array<{ verified: boolean }> }>('setBreakpoints', { source: { path: chapterOrderFile }, breakpoints: [{ line }] });
      assert.equal(set.breakpoints[0]?.verified, true);
      await adapter.request('configurationDone');
      await launched;

      // Paused in the replay program before the chosen event, with it in scope.
      const paused = (await adapter.next('stopped')).body as { threadId: number };
      const pausedFrame = await topFrame(paused.threadId);
      assert.equal(pausedFrame.source?.path, debug.program);
      assert.equal(await evaluate(pausedFrame.id, 'index'), String(chosen));
      assert.equal(await evaluate(pausedFrame.id, 'event["version"]'), String(events[chosen].version));
      await adapter.request('continue', { threadId: paused.threadId });

      // The breakpoint in apply() hits first at the chosen event: the events before it went through the copy.
      const hit = (await adapter.next('stopped')).body as { threadId: number };
      const frame = await topFrame(hit.threadId);
      assert.equal(frame.source?.path, chapterOrderFile);
      assert.equal(frame.line, line);
      assert.equal(await evaluate(frame.id, 'event["version"]'), String(events[chosen].version));
      assert.equal(await evaluate(frame.id, 'self.version'), String(events[chosen - 1].version));
      await adapter.request('continue', { threadId: hit.threadId });
      const last = (await adapter.next('stopped')).body as { threadId: number };
      assert.equal(await evaluate((await topFrame(last.threadId)).id, 'event["version"]'), String(events[chosen + 1].version));
      await adapter.request('continue', { threadId: last.threadId });
      await adapter.next('terminated');
      assert.match(adapter.output, /"status": "paid"/);
    } finally {
      adapter.kill();
      await debug.remove();
    }
  });

  it('names the command that installs debugpy where the interpreter has none, and an interpreter that is not there', async () => {
    const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-venv-without-debugpy-'));
    try {
      execFileSync('python3', ['-m', 'venv', '--without-pip', venv], { timeout: 60_000 });
      const python = path.join(venv, 'bin', 'python');
      await assert.rejects(assertDebugpy(python), { message: `${python} cannot import debugpy, which debugs Python reducers; install it there with \`${python} -m pip install debugpy\`` });
      const missing = path.join(venv, 'bin', 'no-such-python');
      await assert.rejects(assertDebugpy(missing), { message: `there is no Python interpreter ${missing} (set eventFlows.python.interpreter, or select one with the Python extension)` });
    } finally {
      fs.rmSync(venv, { recursive: true, force: true });
    }
  });

  it('accepts an interpreter that has debugpy', async function () {
    this.timeout(300_000);
    await assertDebugpy(await chapterVenvPython());
  });
});
