/**
 * The editor's side of workspace reducers for the timeline: the Workspace Trust gate, choosing the
 * workspace reducer that exports a stream's aggregate type, and re-replaying open timelines when a reducer
 * file is saved. The sandbox itself (src/sandbox/) knows nothing of the editor.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowEvent } from './core/envelope';
import type { IntegrityIssue } from './core/integrity';
import type { Reducer } from './core/reducers/types';
import { precomputeReducer, StatesTooLargeError } from './sandbox/precomputedReducer';
import { describeFailure } from './sandbox/types';
import { UNTRUSTED_REASON, type WorkspaceCode } from './sandbox/workspaceCode';
import { findWorkspaceReducers } from './sandbox/workspaceFiles';

let untrustedSaid = false;

/** The workspace reducer of `aggregateType` over `events`, or undefined for the built-in one (and why, in the log). */
export async function prepareWorkspaceReducer(
  code: WorkspaceCode,
  log: vscode.LogOutputChannel,
  aggregateType: string,
  events: readonly FlowEvent[],
): Promise<{ reducer: Reducer; problems: IntegrityIssue[] } | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) return undefined;
  const { javascript, python } = await findWorkspaceReducers(root);
  if (javascript.length === 0 && python.length === 0) return undefined;
  if (!code.trusted) {
    log.info(`Built-in reducer for ${aggregateType}: ${UNTRUSTED_REASON}`);
    if (!untrustedSaid) {
      untrustedSaid = true;
      void vscode.window.showInformationMessage(UNTRUSTED_REASON, 'Manage Workspace Trust').then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    }
    return undefined;
  }
  // A .js or .ts reducer of the type wins; else a .py class of that name (the chapter's Order(Aggregate)).
  if (javascript.length > 0) {
    const sandbox = code.reducerSandbox();
    const report = await sandbox.load(javascript);
    for (const failure of report.failures) log.warn(`Workspace reducer file not loaded: ${describeFailure(failure)}`);
    const info = report.reducers.find((reducer) => reducer.aggregateType === aggregateType);
    if (info) return precompute(await sandbox.openStream(aggregateType, events), events, info.file, log, aggregateType);
  }
  if (python.length > 0) {
    const sandbox = code.pythonSandbox();
    const report = await sandbox.load(python);
    for (const failure of report.failures) log.warn(`Python reducer file not loaded: ${describeFailure(failure)}`);
    for (const warning of report.warnings) log.warn(`Python sandbox: ${warning}`);
    const info = report.reducers.find((reducer) => reducer.aggregateType === aggregateType);
    // The header names the interpreter: which environment's packages the reducer ran with.
    if (info) return precompute(await sandbox.openStream(aggregateType, events[0]?.aggregateId ?? '', events), events, info.file, log, aggregateType, ` on ${sandbox.interpreter}`);
  }
  return undefined;
}

async function precompute(
  stream: Parameters<typeof precomputeReducer>[0] & { close(): Promise<void> },
  events: readonly FlowEvent[],
  file: string,
  log: vscode.LogOutputChannel,
  aggregateType: string,
  runsOn = '',
): Promise<{ reducer: Reducer; problems: IntegrityIssue[] } | undefined> {
  try {
    const prepared = await precomputeReducer(stream, events, `workspace:${path.basename(file)}${runsOn}`);
    for (const problem of prepared.problems) log.warn(`${aggregateType}, event ${problem.index}: ${problem.message}`);
    return prepared;
  } catch (error) {
    if (!(error instanceof StatesTooLargeError)) throw error;
    log.warn(`Built-in reducer for ${aggregateType}: the workspace reducer ${path.basename(file)} was not used, ${error.message}`);
    return undefined;
  } finally {
    await stream.close();
  }
}

/** Calls `onSaved` once per burst of changes to `.eventflow/reducers/*` or `.eventflow/bus.*`. */
export function watchWorkspaceCode(onSaved: () => void, debounceMs = 200): vscode.Disposable {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return new vscode.Disposable(() => undefined);
  // Two plain patterns: the editor's glob has no nested groups.
  const watchers = ['.eventflow/reducers/*', '.eventflow/bus.*'].map((glob) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob)));
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onSaved, debounceMs);
  };
  const subscriptions = watchers.flatMap((watcher) => [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)]);
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const subscription of subscriptions) subscription.dispose();
  });
}
