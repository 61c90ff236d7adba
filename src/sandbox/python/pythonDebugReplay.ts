import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertStopAt, replayName, type DebugFiles, type DebugReplay } from '../debugScript';
import { shippedPythonScript } from './harnessProcess';
import { pipInstallCommand } from './interpreter';
import { toPythonEvent } from './pythonEvents';

/**
 * Our own debug type: its adapter is debugpy's (`<python> -m debugpy.adapter`, started by the editor side), so
 * Python reducers debug in any VS Code, with the Python extension or without it.
 */
export const PYTHON_DEBUG_TYPE = 'eventflows-python';

export interface PythonDebugReplay extends DebugReplay {
  aggregateId: string;
  /** The interpreter that replays the timeline (and so has the user's packages): it runs the adapter and the program. */
  python: string;
  /** The program's working folder (the workspace's). */
  cwd: string;
}

/**
 * Writes the replay's data file for python/debug_replay.py, which replays the stream through the user's class
 * under debugpy and pauses just before the chosen event (the events before it go through a copy of the module
 * compiled under another name, so the user's breakpoints first hit at the chosen event). The program is the
 * shipped file, the same for every stream: ids, types, the reducer's path and the events (as the stored-event
 * dicts the harness gives `apply`) are in `replay-data.json`, read by it.
 */
export async function writePythonDebugReplay(replay: PythonDebugReplay, program = shippedPythonScript('debug_replay.py')): Promise<DebugFiles> {
  if (!replay.reducerFile.endsWith('.py')) throw new Error(`${path.basename(replay.reducerFile)} is not a Python reducer`);
  assertStopAt(replay);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-debug-'));
  const dataFile = path.join(folder, 'replay-data.json');
  const data = { reducerFile: replay.reducerFile, aggregateType: replay.aggregateType, aggregateId: replay.aggregateId, stopAt: replay.stopAt, events: replay.events.map(toPythonEvent) };
  await fs.writeFile(dataFile, JSON.stringify(data));
  return {
    folder,
    program,
    configuration: {
      type: PYTHON_DEBUG_TYPE,
      request: 'launch',
      name: replayName(replay),
      program,
      args: [dataFile],
      python: replay.python,
      cwd: replay.cwd,
      console: 'internalConsole',
      justMyCode: true,
      eventFlowsReplay: folder,
    },
    remove: () => fs.rm(folder, { recursive: true, force: true }),
  };
}

/**
 * Fails, with the command that installs it, when `python` cannot import debugpy (the adapter and the paused
 * program both need it), or when there is no such interpreter.
 */
export async function assertDebugpy(python: string, timeoutMs = 20_000): Promise<void> {
  const failure = await new Promise<{ code?: string | number | null; stderr: string } | undefined>((resolve) => {
    execFile(python, ['-c', 'import debugpy'], { timeout: timeoutMs }, (error, _stdout, stderr) => resolve(error ? { code: (error as NodeJS.ErrnoException).code, stderr } : undefined));
  });
  if (failure === undefined) return;
  if (failure.code === 'ENOENT') throw new Error(`there is no Python interpreter ${python} (set eventFlows.python.interpreter, or select one with the Python extension)`);
  if (/No module named '?debugpy/.test(failure.stderr)) {
    throw new Error(`${python} cannot import debugpy, which debugs Python reducers; install it there with \`${pipInstallCommand(python, 'debugpy')}\``);
  }
  throw new Error(`${python} could not import debugpy: ${failure.stderr.trim().split('\n').pop() ?? `exit ${String(failure.code)}`}`);
}
