import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { chapterEvent } from './chapter';
import { tempWorkspace, type TempWorkspace } from './workspace';

/** A reducer whose state holds every float JSON has no word for, and Decimal's NaN. */
const NON_FINITE_PY = `import decimal

class Gauge:
    def __init__(self, aggregate_id):
        self.id = aggregate_id
        self.readings = []

    def apply(self, event):
        self.readings.append(len(self.readings))
        self.nan = float("nan")
        self.up = float("inf")
        self.down = float("-inf")
        self.nested = {"values": [1.5, float("nan")], "decimal": decimal.Decimal("NaN")}
`;

/** A reducer that starts a long sleep when it loads, and writes its pid where the test can read it. */
const STARTS_A_PROCESS_PY = (pidFile: string): string => `import subprocess, sys

_sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
with open(${JSON.stringify(pidFile)}, "w") as f:
    f.write(str(_sleeper.pid))

class Order:
    def __init__(self, aggregate_id):
        self.id = aggregate_id

    def apply(self, event):
        pass
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  // A zombie waiting to be reaped has stopped running all the same.
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z /.test(stat);
}

describe('sandbox: the Python harness at its edges', function () {
  this.timeout(30_000);
  let workspace: TempWorkspace;
  let sandbox: PythonSandbox | undefined;

  beforeEach(() => {
    workspace = tempWorkspace();
  });

  afterEach(() => {
    sandbox?.dispose();
    sandbox = undefined;
    workspace.remove();
  });

  it('sends NaN and infinities in a state as null, as JavaScript does, and lives on', async () => {
    sandbox = new PythonSandbox({ timeLimitMs: 3000, memoryLimitMb: 256 });
    const report = await sandbox.load([workspace.write('reducers/gauge.py', NON_FINITE_PY)]);
    assert.deepEqual(report.failures, []);
    const events = [chapterEvent('Read', {}, 1), chapterEvent('Read', {}, 2)];
    const stream = await sandbox.openStream('Gauge', 'Gauge-1', events);
    const expected = { id: 'Gauge-1', readings: [0, 1], nan: null, up: null, down: null, nested: { values: [1.5, null], decimal: null } };
    assert.deepEqual(await stream.fold(), expected);
    assert.deepEqual(await stream.states(0, 1), [{ ...expected, readings: [0] }, expected]);
    assert.equal(sandbox.processStarts, 1, 'the harness was not restarted');
  });

  it('runs without the memory limit where Python has no resource module (as on Windows), and says so', async () => {
    // A resource module that fails to import, first on the path: the harness meets what Windows gives it.
    const shadow = path.join(workspace.root, 'no-resource');
    fs.mkdirSync(shadow);
    fs.writeFileSync(path.join(shadow, 'resource.py'), 'raise ImportError("No module named resource (as on Windows)")\n');
    const saved = process.env.PYTHONPATH;
    process.env.PYTHONPATH = shadow;
    try {
      sandbox = new PythonSandbox({ timeLimitMs: 3000, memoryLimitMb: 256 });
      const report = await sandbox.load([workspace.write('reducers/gauge.py', NON_FINITE_PY)]);
      assert.deepEqual(report.failures, []);
      assert.deepEqual(report.warnings, ['no memory limit: this Python has no resource module (as on Windows), so the 256 MB limit is not applied; the time limit still is']);
      const stream = await sandbox.openStream('Gauge', 'Gauge-1', [chapterEvent('Read', {}, 1)]);
      assert.deepEqual(((await stream.fold()) as { readings: number[] }).readings, [0]);
    } finally {
      if (saved === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = saved;
    }
    const limited = new PythonSandbox({ timeLimitMs: 3000, memoryLimitMb: 256 });
    try {
      assert.deepEqual((await limited.load([workspace.write('reducers/gauge.py', NON_FINITE_PY)])).warnings, []);
    } finally {
      limited.dispose();
    }
  });

  it('stopping the harness stops the processes the user\'s code started (its process group)', async function () {
    if (process.platform === 'win32') this.skip();
    const pidFile = path.join(workspace.root, 'sleeper.pid');
    sandbox = new PythonSandbox({ timeLimitMs: 3000, memoryLimitMb: 512 });
    const report = await sandbox.load([workspace.write('reducers/order.py', STARTS_A_PROCESS_PY(pidFile))]);
    assert.deepEqual(report.failures, []);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(alive(pid), 'the child the reducer started runs');
    sandbox.dispose();
    sandbox = undefined;
    const until = Date.now() + 5000;
    while (alive(pid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(alive(pid), false, `process ${pid}, started by the reducer, still runs after the harness stopped`);
  });
});
