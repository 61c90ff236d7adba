import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { interpreterFromPythonApi, pipInstallCommand, resolvePythonInterpreter } from '../../../src/sandbox/python/interpreter';
import { PythonSandbox } from '../../../src/sandbox/python/pythonSandbox';
import { SandboxError } from '../../../src/sandbox/types';
import { chapterVenvPython } from '../../support/pythonVenv';
import { chapterEvent, chapterOrderFile, lineOf } from './chapter';
import { tempWorkspace, type TempWorkspace } from './workspace';

/** The Python extension's current API as far as we read it: the active environment and its resolution. */
function fakePythonApi(envPath: string | undefined, executable?: string): { environments: Record<string, unknown>; resources: unknown[] } {
  const resources: unknown[] = [];
  return {
    resources,
    environments: {
      getActiveEnvironmentPath(resource: unknown) {
        resources.push(resource);
        return envPath === undefined ? undefined : { id: 'env-1', path: envPath };
      },
      resolveEnvironment(env: { path: string }) {
        return Promise.resolve(executable ? { id: 'env-1', path: env.path, executable: { uri: { fsPath: executable } } } : undefined);
      },
    },
  };
}

describe('sandbox: which Python runs the workspace\'s code', () => {
  it('takes the Python extension\'s selection first, then the setting, then python3', async () => {
    const api = fakePythonApi('/work/shop/.venv', '/work/shop/.venv/bin/python');
    const fromExtension = () => interpreterFromPythonApi(api, 'folder-uri');
    assert.deepEqual(await resolvePythonInterpreter({ pythonExtension: fromExtension, setting: () => '/opt/py/bin/python3' }), { command: '/work/shop/.venv/bin/python', source: 'python-extension' });
    assert.deepEqual(api.resources, ['folder-uri']);
    // Python extension not installed (no source), or installed with nothing selected: the machine's setting.
    assert.deepEqual(await resolvePythonInterpreter({ setting: () => ' /opt/py/bin/python3 ' }), { command: '/opt/py/bin/python3', source: 'setting' });
    const nothingSelected = () => interpreterFromPythonApi(fakePythonApi(undefined), undefined);
    assert.deepEqual(await resolvePythonInterpreter({ pythonExtension: nothingSelected, setting: () => '/opt/py/bin/python3' }), { command: '/opt/py/bin/python3', source: 'setting' });
    // Neither: python3 on the PATH; an empty setting counts as unset.
    assert.deepEqual(await resolvePythonInterpreter({ pythonExtension: nothingSelected, setting: () => '' }), { command: 'python3', source: 'path' });
    assert.deepEqual(await resolvePythonInterpreter({}), { command: 'python3', source: 'path' });
  });

  it('survives a Python extension whose API throws or has another shape, and says so', async () => {
    const warnings: string[] = [];
    const throwing = () => interpreterFromPythonApi({ environments: { getActiveEnvironmentPath: () => { throw new Error('not ready'); } } }, undefined);
    assert.deepEqual(await resolvePythonInterpreter({ pythonExtension: throwing, setting: () => '/opt/py/bin/python3', warn: (m) => warnings.push(m) }), { command: '/opt/py/bin/python3', source: 'setting' });
    assert.match(warnings.join('\n'), /not ready/);
    assert.equal(await interpreterFromPythonApi(undefined, undefined), undefined);
    assert.equal(await interpreterFromPythonApi({ environments: 'no' }, undefined), undefined);
    // An environment the extension cannot resolve: its path is the interpreter it reported.
    assert.equal(await interpreterFromPythonApi(fakePythonApi('/usr/bin/python3.11'), undefined), '/usr/bin/python3.11');
    // The older API: settings.getExecutionDetails(resource).execCommand.
    assert.equal(await interpreterFromPythonApi({ settings: { getExecutionDetails: () => ({ execCommand: ['/old/bin/python', '-X'] }) } }, undefined), '/old/bin/python');
  });

  it('names the pip command for a module, with the PyPI name where it differs', () => {
    assert.equal(pipInstallCommand('/v/bin/python', 'motor.motor_asyncio'), '/v/bin/python -m pip install motor');
    assert.equal(pipInstallCommand('/v/bin/python', 'aio_pika'), '/v/bin/python -m pip install aio-pika');
    assert.equal(pipInstallCommand('/my venv/bin/python', 'aiokafka'), '"/my venv/bin/python" -m pip install aiokafka');
  });
});

describe('sandbox: the chapter\'s §3 as printed, on the reader\'s own venv (motor installed there)', function () {
  this.timeout(300_000);
  let venvPython: string;
  let workspace: TempWorkspace;
  let pasted: string;
  const events = [
    chapterEvent('OrderCreated', { customer_id: 'c-7' }, 1),
    chapterEvent('ItemAdded', { item: 'KB-MECH-01', price: 49.5 }, 2),
    chapterEvent('ItemAdded', { item: 'CBL-USBC-1M', price: 10 }, 3),
  ];

  before(async () => {
    venvPython = await chapterVenvPython();
  });

  beforeEach(() => {
    workspace = tempWorkspace();
    // Not beside the test's stand-in motor package: the real one has to come from the interpreter.
    pasted = workspace.write('reducers/orders.py', fs.readFileSync(chapterOrderFile, 'utf8'));
  });

  afterEach(() => workspace.remove());

  it('loads and replays Order to total_amount 59.5 on the interpreter the Python extension selected', async () => {
    const api = fakePythonApi(venvPython, venvPython);
    const sandbox = new PythonSandbox({ interpreter: () => resolvePythonInterpreter({ pythonExtension: () => interpreterFromPythonApi(api, undefined), setting: () => 'python3' }) });
    try {
      const report = await sandbox.load([pasted]);
      assert.deepEqual(report.failures, []);
      assert.equal(sandbox.interpreter, venvPython);
      const stream = await sandbox.openStream('Order', 'Order-1', events);
      const state = (await stream.fold()) as { total_amount: number; items: string[] };
      assert.equal(state.total_amount, 59.5);
      assert.deepEqual(state.items, ['KB-MECH-01', 'CBL-USBC-1M']);
    } finally {
      sandbox.dispose();
    }
  });

  it('on python3 without motor, names the module, the interpreter and the command that installs it there', async () => {
    const sandbox = new PythonSandbox({ interpreter: () => resolvePythonInterpreter({ setting: () => undefined }) });
    try {
      const report = await sandbox.load([pasted]);
      assert.equal(report.failures.length, 1);
      const [failure] = report.failures;
      assert.equal(failure.location?.line, lineOf(pasted, 'import motor.motor_asyncio'));
      assert.equal(failure.message, "ModuleNotFoundError: No module named 'motor': python3 cannot import motor; install it there with `python3 -m pip install motor`");
    } finally {
      sandbox.dispose();
    }
  });

  it('names the interpreter in an error the reducer throws', async () => {
    const sandbox = new PythonSandbox({ interpreter: () => resolvePythonInterpreter({ setting: () => venvPython }) });
    try {
      await sandbox.load([pasted]);
      const stream = await sandbox.openStream('Order', 'Order-1', [...events, chapterEvent('ItemAdded', { item: 'no price' }, 4)]);
      const error = await stream.fold().then(() => assert.fail('expected a KeyError'), (e: unknown) => e);
      assert.ok(error instanceof SandboxError);
      assert.equal(error.failure.message, `KeyError: 'price' (Python: ${venvPython})`);
    } finally {
      sandbox.dispose();
    }
  });
});
