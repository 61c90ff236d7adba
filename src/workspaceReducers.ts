/**
 * The editor's side of workspace reducers for the timeline: the Workspace Trust gate, choosing the
 * workspace reducer that exports a stream's aggregate type, and re-replaying open timelines when a reducer
 * file is saved. The sandbox itself (src/sandbox/) knows nothing of the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeEventAt, type FlowEvent } from './core/envelope';
import type { IntegrityIssue } from './core/integrity';
import type { Reducer } from './core/reducers/types';
import { describeError } from './errors';
import type { ReducerLoadProblems } from './reducerLoadProblems';
import { precomputeReducer, StatesTooLargeError } from './sandbox/precomputedReducer';
import { chooseWorkspaceReducer, type ReducerNote } from './sandbox/reducerChoice';
import type { LoadReport } from './sandbox/types';
import { UNTRUSTED_REASON, type WorkspaceCode } from './sandbox/workspaceCode';
import { findWorkspaceReducers, type WorkspaceReducerFiles } from './sandbox/workspaceFiles';

let untrustedSaid = false;

/**
 * A workspace reducer over a stream, or what the timeline says instead: `reducer` is undefined when the
 * built-in one replays; `notes` say why (a file that did not load, two files for one type); `failedAt` is
 * the stream index where the workspace reducer threw, after which no event was replayed.
 */
export interface PreparedWorkspaceReducer {
  reducer?: Reducer;
  problems: IntegrityIssue[];
  notes: ReducerNote[];
  failedAt?: number;
}

/** The workspace reducer of `aggregateType` over `events`, or undefined for the built-in one with nothing to say. */
export async function prepareWorkspaceReducer(
  code: WorkspaceCode,
  log: vscode.LogOutputChannel,
  loadProblems: ReducerLoadProblems,
  aggregateType: string,
  events: readonly FlowEvent[],
): Promise<PreparedWorkspaceReducer | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) return undefined;
  const files = await findWorkspaceReducers(root);
  if (files.javascript.length === 0 && files.python.length === 0) {
    loadProblems.update([]);
    return undefined;
  }
  if (!code.trusted) {
    log.info(`Built-in reducer for ${aggregateType}: ${UNTRUSTED_REASON}`);
    if (!untrustedSaid) {
      untrustedSaid = true;
      void vscode.window.showInformationMessage(UNTRUSTED_REASON, 'Manage Workspace Trust').then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    }
    return undefined;
  }
  // Both languages load every time: a file that fails, or a second file exporting the type, is said even
  // when another file wins.
  const { javascript, python } = await loadWorkspaceReducers(code, files, loadProblems);
  const choice = chooseWorkspaceReducer(aggregateType, javascript, python, readSource);
  for (const note of choice.notes) if (note.kind === 'choice') loadProblems.warnChoice(note.message);
  const chosen = choice.chosen;
  if (chosen === undefined) return choice.notes.length > 0 ? { problems: [], notes: choice.notes } : undefined;
  const pythonSandbox = chosen.file.endsWith('.py') ? code.pythonSandbox() : undefined;
  const stream = pythonSandbox
    ? await pythonSandbox.openStream(aggregateType, events[0]?.aggregateId ?? '', events)
    : await code.reducerSandbox().openStream(aggregateType, events);
  // The header names the interpreter: which environment's packages a Python reducer ran with.
  const prepared = await precompute(stream, events, chosen.file, log, aggregateType, pythonSandbox ? ` on ${pythonSandbox.interpreter}` : '');
  if (prepared === undefined) return { problems: [], notes: [...choice.notes, { kind: 'choice', message: `${path.basename(chosen.file)} was not used: its states are more than the timeline holds; using the built-in reducer` }] };
  return { ...prepared, notes: choice.notes };
}

/** Loads every reducer file; the failures go to the Problems view (and one notification each). */
export async function checkWorkspaceReducers(code: WorkspaceCode, loadProblems: ReducerLoadProblems): Promise<void> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root || !code.trusted) return;
  const files = await findWorkspaceReducers(root);
  if (files.javascript.length === 0 && files.python.length === 0) loadProblems.update([]);
  else await loadWorkspaceReducers(code, files, loadProblems);
}

async function loadWorkspaceReducers(
  code: WorkspaceCode,
  files: WorkspaceReducerFiles,
  loadProblems: ReducerLoadProblems,
): Promise<{ javascript?: LoadReport; python?: LoadReport }> {
  const [javascript, python] = await Promise.all([
    files.javascript.length > 0 ? loadOrSay(() => code.reducerSandbox().load(files.javascript), files.javascript) : undefined,
    files.python.length > 0 ? loadOrSay(() => code.pythonSandbox().load(files.python), files.python) : undefined,
  ]);
  loadProblems.update([...(javascript?.failures ?? []), ...(python?.failures ?? [])]);
  return { javascript, python };
}

/** A sandbox that cannot start at all (no python3, say) fails each of its files, with the reason. */
async function loadOrSay(load: () => Promise<LoadReport>, files: readonly string[]): Promise<LoadReport> {
  try {
    return await load();
  } catch (error) {
    return { reducers: [], failures: files.map((file) => ({ kind: 'load', message: describeError(error), location: { file, line: 1 } })) };
  }
}

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Gone since the load: the failure is named anyway.
    return undefined;
  }
}

async function precompute(
  stream: Parameters<typeof precomputeReducer>[0] & { close(): Promise<void> },
  events: readonly FlowEvent[],
  file: string,
  log: vscode.LogOutputChannel,
  aggregateType: string,
  runsOn = '',
): Promise<{ reducer: Reducer; problems: IntegrityIssue[]; failedAt?: number } | undefined> {
  try {
    const prepared = await precomputeReducer(stream, events, `workspace:${path.basename(file)}${runsOn}`);
    for (const problem of prepared.problems) {
      const where = problem.location ? ` [${problem.location.file}:${problem.location.line}${problem.location.column !== undefined ? `:${problem.location.column}` : ''}]` : '';
      log.warn(`${aggregateType}, ${describeEventAt(events, problem.index)}: ${problem.message}${where}`);
    }
    return prepared;
  } catch (error) {
    if (!(error instanceof StatesTooLargeError)) throw error;
    log.warn(`Built-in reducer for ${aggregateType}: the workspace reducer ${path.basename(file)} was not used, ${error.message}`);
    return undefined;
  } finally {
    await stream.close();
  }
}
