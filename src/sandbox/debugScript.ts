import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jsLiteral } from '../core/dataText';
import { eventPlace, type FlowEvent } from '../core/envelope';
import type { SourceMapPayload, Transpiled } from './transpile';

export interface DebugReplay {
  reducerFile: string;
  aggregateType: string;
  events: readonly FlowEvent[];
  /** Index of the event to stop at, before it is applied (its `debugger` statement). */
  stopAt: number;
}

/**
 * A launch configuration for `vscode.debug.startDebugging`. `eventFlowsReplay` is the replay's folder: it tells
 * the session that ends apart from any other (the Python program is the same file for every replay).
 */
export interface ReplayLaunch {
  type: string;
  request: 'launch';
  name: string;
  program: string;
  eventFlowsReplay: string;
  [option: string]: unknown;
}

export interface DebugFiles {
  folder: string;
  /** The script the debugger launches. */
  program: string;
  configuration: ReplayLaunch;
  remove(): Promise<void>;
}

/** The debug session's name: the aggregate type and the event it pauses before. */
export function replayName(replay: DebugReplay): string {
  return `Debug Reducer: ${replay.aggregateType} at ${eventPlace(replay.events[replay.stopAt].version, replay.stopAt)}`;
}

/** A stop index that names an event of the stream. */
export function assertStopAt(replay: DebugReplay): void {
  if (!Number.isInteger(replay.stopAt) || replay.stopAt < 0 || replay.stopAt >= replay.events.length) {
    throw new RangeError(`No event at index ${replay.stopAt}: the stream has ${replay.events.length} events`);
  }
}

/**
 * Writes a small Node program that replays the stream through the user's reducer file and pauses on a
 * `debugger` statement just before the chosen event is applied, with `event`, `state` and `index` in scope for
 * the Variables view. A CommonJS `.js` file is required from where it is, so breakpoints the user set in it
 * bind; a TypeScript (or ES module) file runs as the sandbox transpiled it (`compiled`), written beside the
 * program with an inline source map back to the user's file, so breakpoints set in the `.ts` bind through it
 * (the launch turns source maps on for the replay's folder). The events before the chosen one are folded by a
 * copy of the code compiled under another name and without the map, so a breakpoint in `apply` first hits at
 * the chosen event rather than at the stream's first one. It prints the final state as JSON, so it can be
 * checked without a debugger too.
 */
export async function writeDebugReplay(replay: DebugReplay, compiled?: Transpiled): Promise<DebugFiles> {
  const mapped = compiled?.sourceMap !== undefined;
  if (!mapped && !/\.(c?js)$/.test(replay.reducerFile)) throw new Error(`${path.basename(replay.reducerFile)} needs its transpiled code to be debugged (Debug Reducer runs .js files as written)`);
  assertStopAt(replay);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-debug-'));
  // Everything that came from the stream or the workspace (ids, types, the reducer's path) goes in a JSON file
  // the program reads: the program's text is the same for every stream, so no data can become code.
  const dataFile = path.join(folder, 'replay-data.json');
  const program = path.join(folder, 'replay.js');
  const compiledFile = mapped ? path.join(folder, `${path.basename(replay.reducerFile).replace(/\.[cm]?[jt]sx?$/i, '')}.js`) : null;
  if (compiledFile && compiled?.sourceMap) await fs.writeFile(compiledFile, withInlineSourceMap(compiled.code, compiled.sourceMap, replay.reducerFile, compiledFile));
  const data = { reducerFile: replay.reducerFile, compiledFile, aggregateType: replay.aggregateType, stopAt: replay.stopAt, events: replay.events };
  await fs.writeFile(dataFile, JSON.stringify(data));
  await fs.writeFile(program, replayProgram(dataFile));
  const sourceMaps = compiledFile ? { sourceMaps: true, outFiles: [path.join(folder, '**', '*.js')], resolveSourceMapLocations: [path.join(folder, '**')] } : {};
  return {
    folder,
    program,
    configuration: { type: 'node', request: 'launch', name: replayName(replay), program, skipFiles: ['<node_internals>/**'], console: 'internalConsole', ...sourceMaps, eventFlowsReplay: folder },
    remove: () => fs.rm(folder, { recursive: true, force: true }),
  };
}

/** The transpiled code with its map inline, naming the user's file by its URL (the map sits in another folder). */
function withInlineSourceMap(code: string, map: SourceMapPayload, sourceFile: string, compiledFile: string): string {
  const inline = { ...map, file: path.basename(compiledFile), sources: [pathToFileURL(sourceFile).href] };
  return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(inline)).toString('base64')}\n`;
}

/** The replay program: its only literal is the path of its data file, written as an escaped JS literal. */
export function replayProgram(dataFile: string): string {
  return [
    '// Replays the events in replay-data.json (beside this file) through the reducer file it names, and pauses',
    '// before the chosen event. The data stays in that file: ids and types never become part of this program.',
    "'use strict';",
    "const fs = require('node:fs');",
    "const { createRequire } = require('node:module');",
    "const path = require('node:path');",
    "const vm = require('node:vm');",
    `const { reducerFile, compiledFile, aggregateType, stopAt, events } = JSON.parse(fs.readFileSync(${jsLiteral(dataFile)}, 'utf8'));`,
    'const pick = (exported) => (exported.default && !exported[aggregateType] ? exported.default : exported)[aggregateType];',
    "// Code compiled under `filename`, run as the reducer file: its require()s resolve from the user's folder.",
    'const compile = (code, filename) => {',
    "  const wrapper = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });",
    '  const loaded = { exports: {} };',
    '  wrapper.call(loaded.exports, loaded.exports, createRequire(reducerFile), loaded, reducerFile, path.dirname(reducerFile));',
    '  return pick(loaded.exports);',
    '};',
    "// A TypeScript or ES module file runs as the sandbox transpiled it (compiledFile, whose source map leads back",
    '// to the file); CommonJS is required from where it is.',
    "const source = fs.readFileSync(compiledFile || reducerFile, 'utf8');",
    '// The events before the chosen one go through a second copy of the code, compiled under another name and',
    "// without the map: breakpoints bind to the file's own path, so the user's breakpoints hit first at the chosen event.",
    "const beforeChosen = compile(source.replace(/\\n\\/\\/# sourceMappingURL=[^\\n]*\\s*$/, '\\n'), path.join(path.dirname(reducerFile), '.' + path.basename(reducerFile) + '.before-the-chosen-event.js'));",
    'const reducer = compiledFile ? compile(source, compiledFile) : pick(require(reducerFile));',
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
  ].join('\n');
}
