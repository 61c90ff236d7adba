/**
 * Reducer files that do not load, shown where the user looks: a diagnostic on the failing line (the
 * Problems view) and one notification per failure episode (from the first failure until the file loads
 * again), with what fixes it; and one warning when two files export one type. The timelines' banners and
 * header notes come from the same reports (see workspaceReducers.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadFailureFix, loadFailureText } from './sandbox/reducerChoice';
import type { SandboxFailure } from './sandbox/types';

export class ReducerLoadProblems implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('eventFlows.reducers');
  /** Files failing now, by path: the failure's text, so a repeat replay of the same failure says nothing new. */
  private readonly failing = new Map<string, string>();
  /** Every notification shown, oldest first (what tests read; the user sees each once). */
  readonly notified: string[] = [];
  private readonly choicesShown = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get hasFailures(): boolean {
    return this.failing.size > 0;
  }

  /** The failures of one load of every reducer file: files no longer among them loaded again and are cleared. */
  update(failures: readonly SandboxFailure[]): void {
    const now = new Map<string, SandboxFailure>();
    for (const failure of failures) {
      const file = failure.location?.file;
      if (file !== undefined && !now.has(file)) now.set(file, failure);
    }
    for (const file of [...this.failing.keys()]) {
      if (now.has(file)) continue;
      this.failing.delete(file);
      this.diagnostics.delete(vscode.Uri.file(file));
      this.log.info(`Workspace reducer file loads again: ${file}`);
    }
    for (const [file, failure] of now) {
      const text = loadFailureText(failure);
      const known = this.failing.get(file);
      this.failing.set(file, text);
      this.diagnostics.set(vscode.Uri.file(file), [toDiagnostic(failure)]);
      if (known === text) continue;
      this.log.warn(`Workspace reducer file not loaded: ${file}: ${text}`);
      if (known === undefined) this.notify(file, failure, text);
    }
  }

  /** Which of two files exporting a type is used: logged at every replay, shown once per distinct choice. */
  warnChoice(message: string): void {
    this.log.warn(message);
    if (this.choicesShown.has(message)) return;
    this.choicesShown.add(message);
    this.notified.push(message);
    void vscode.window.showWarningMessage(message);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }

  private notify(file: string, failure: SandboxFailure, text: string): void {
    const message = `${path.basename(file)} did not load: ${text}. ${loadFailureFix(failure)}`;
    this.notified.push(message);
    void vscode.window.showWarningMessage(message, 'Open File', 'Show Log').then(async (choice) => {
      if (choice === 'Open File') await openLocation(file, failure.location?.line ?? 1, failure.location?.column);
      else if (choice === 'Show Log') this.log.show();
    });
  }
}

/** Opens `file` with the cursor at the 1-based line and column. */
export async function openLocation(file: string, line: number, column?: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: false });
}

function toDiagnostic(failure: SandboxFailure): vscode.Diagnostic {
  const line = Math.max(0, (failure.location?.line ?? 1) - 1);
  const column = Math.max(0, (failure.location?.column ?? 1) - 1);
  // The whole rest of the line: the editor underlines what it can see, whatever the column.
  const range = new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, `Did not load: ${failure.message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Event Flows';
  return diagnostic;
}
