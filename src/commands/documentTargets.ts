import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../connections/connection';
import { CancelledError } from '../ui/progress';

/**
 * Which cluster or broker each send document (a broker kind's produce or publish file) sends to. The first send from
 * a document asks, naming every candidate, even when only one is saved: a file from a cloned repository
 * must not send to whatever happens to be connected. The answer is kept for the document while the
 * window lives, and the lens shows it.
 */
export class DocumentTargets implements vscode.Disposable {
  private readonly chosen = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): string | undefined {
    return this.chosen.get(uri.toString());
  }

  set(uri: vscode.Uri, connectionId: string): void {
    if (this.chosen.get(uri.toString()) === connectionId) return;
    this.chosen.set(uri.toString(), connectionId);
    this.changed.fire();
  }

  /** The document's target: the one chosen before, else the user's answer (a `suggested` one listed first). */
  async resolve<C extends Connection>(uri: vscode.Uri, candidates: readonly C[], options: { verb: string; kind: string; suggested?: C }): Promise<C> {
    const known = candidates.find((c) => c.id === this.get(uri));
    if (known) return known;
    if (candidates.length === 0) throw new Error(`there is no ${options.kind} to send to: add one first.`);
    const ordered = options.suggested ? [options.suggested, ...candidates.filter((c) => c.id !== options.suggested?.id)] : [...candidates];
    const picked = await vscode.window.showQuickPick(
      ordered.map((connection) => ({ label: connection.label, description: connection.description, connection })),
      { title: `${options.verb} from ${path.basename(uri.path)}: to which ${options.kind}?`, placeHolder: `The first send from this document asks; later sends go to the same ${options.kind} (the lens shows it).`, ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    this.set(uri, picked.connection.id);
    return picked.connection;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
