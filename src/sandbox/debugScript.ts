import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeEventAt, eventPlace, type FlowEvent } from '../core/envelope';

export interface DebugReplay {
  reducerFile: string;
  aggregateType: string;
  events: readonly FlowEvent[];
  /** Index of the event to stop at, before it is applied (its `debugger` statement). */
  stopAt: number;
}

export interface DebugFiles {
  folder: string;
  /** The script to launch with Node's debugger (VS Code's `node` debug type). */
  program: string;
  /** A launch configuration for `vscode.debug.startDebugging`. */
  configuration: { type: 'node'; request: 'launch'; name: string; program: string; skipFiles: string[]; console: 'internalConsole' };
  remove(): Promise<void>;
}

/**
 * Writes a small Node program that replays the stream through the user's reducer file (required from where it
 * is, so breakpoints the user set in it bind) and pauses on a `debugger` statement just before the chosen
 * event is applied, with `event`, `state` and `index` in scope for the Variables view. The events before it
 * are folded by a copy of the file compiled under another name, so a breakpoint in `apply` first hits at the
 * chosen event rather than at the stream's first one. It prints the final state as JSON, so it can be
 * checked without a debugger too. `.js` reducers only: TypeScript reducers need the editor's own
 * transpiling, which the debug run does not have.
 */
export async function writeDebugReplay(replay: DebugReplay): Promise<DebugFiles> {
  if (!/\.(c?js)$/.test(replay.reducerFile)) throw new Error(`Debug Reducer runs .js reducers; ${path.basename(replay.reducerFile)} is not one`);
  if (!Number.isInteger(replay.stopAt) || replay.stopAt < 0 || replay.stopAt >= replay.events.length) {
    throw new RangeError(`No event at index ${replay.stopAt}: the stream has ${replay.events.length} events`);
  }
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-debug-'));
  const eventsFile = path.join(folder, 'events.json');
  const program = path.join(folder, 'replay.js');
  await fs.writeFile(eventsFile, JSON.stringify(replay.events));
  const stopped = replay.events[replay.stopAt];
  await fs.writeFile(
    program,
    [
      `// Replays ${replay.events.length} events of ${stopped.aggregateId ?? replay.aggregateType} through ${replay.reducerFile}`,
      `// and pauses before ${describeEventAt(replay.events, replay.stopAt)}.`,
      "'use strict';",
      "const fs = require('node:fs');",
      "const { createRequire } = require('node:module');",
      "const path = require('node:path');",
      "const vm = require('node:vm');",
      `const reducerFile = ${JSON.stringify(replay.reducerFile)};`,
      `const aggregateType = ${JSON.stringify(replay.aggregateType)};`,
      'const pick = (exported) => (exported.default && !exported[aggregateType] ? exported.default : exported)[aggregateType];',
      '// The events before the chosen one go through a second copy of the reducer file, compiled under another',
      "// name: breakpoints bind to the file's own path, so the user's breakpoints hit first at the chosen event.",
      'const beforeChosen = (() => {',
      "  const name = path.join(path.dirname(reducerFile), '.' + path.basename(reducerFile) + '.before-the-chosen-event.js');",
      "  const wrapper = vm.compileFunction(fs.readFileSync(reducerFile, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: name });",
      '  const copy = { exports: {} };',
      '  wrapper.call(copy.exports, copy.exports, createRequire(reducerFile), copy, reducerFile, path.dirname(reducerFile));',
      '  return pick(copy.exports);',
      '})();',
      'const reducer = pick(require(reducerFile));',
      `const events = require(${JSON.stringify(eventsFile)});`,
      `const stopAt = ${replay.stopAt};`,
      "let state = typeof reducer.initial === 'function' ? reducer.initial() : structuredClone(reducer.initial);",
      'for (let index = 0; index < events.length; index++) {',
      '  const event = events[index];',
      '  if (index === stopAt) {',
      '    // Paused before the chosen event: `event` is about to be applied to `state`. Step into apply().',
      '    debugger;',
      '  }',
      '  state = (index < stopAt ? beforeChosen : reducer).apply(state, event);',
      '}',
      'process.stdout.write(JSON.stringify(state) + "\\n");',
      '',
    ].join('\n'),
  );
  return {
    folder,
    program,
    configuration: { type: 'node', request: 'launch', name: `Debug Reducer: ${replay.aggregateType} at ${eventPlace(stopped.version, replay.stopAt)}`, program, skipFiles: ['<node_internals>/**'], console: 'internalConsole' },
    remove: () => fs.rm(folder, { recursive: true, force: true }),
  };
}
