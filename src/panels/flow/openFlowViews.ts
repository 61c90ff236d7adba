/**
 * The flow views open now, in the order they opened: closed with the extension, and what its tests read
 * to find the view a trace opened from another view (a message browser, a timeline, a bus run).
 */
import type * as vscode from 'vscode';
import type { FlowPanel } from './flowPanel';

export class OpenFlowViews implements vscode.Disposable {
  private readonly panels = new Set<FlowPanel>();

  add(panel: FlowPanel): void {
    this.panels.add(panel);
    panel.panel.onDidDispose(() => this.panels.delete(panel));
  }

  get all(): readonly FlowPanel[] {
    return [...this.panels];
  }

  /** The one opened last, if any is open. */
  get latest(): FlowPanel | undefined {
    return this.all.at(-1);
  }

  dispose(): void {
    for (const panel of this.all) panel.dispose();
  }
}
