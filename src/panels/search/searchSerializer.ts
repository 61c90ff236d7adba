/**
 * Brings the search view back after a window reload with what its page saved (the query, the window, the
 * sources ticked): the caller opens the view on the restored panel, which plans again and searches again
 * only when that reads nothing that changes state. A state that is not one of ours restores an empty view.
 */
import * as vscode from 'vscode';
import { describeError } from '../../errors';
import { parseSearchState, type SearchState } from '../../protocol/search';

export function searchSerializer(restore: (panel: vscode.WebviewPanel, saved: SearchState | undefined) => void, log: vscode.LogOutputChannel): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      try {
        restore(panel, parseSearchState(state));
      } catch (error) {
        panel.dispose();
        const message = `Could not restore the search view: ${describeError(error)}`;
        log.error(message);
        void vscode.window.showWarningMessage(`${message}. Run Search Across Systems again.`);
      }
      return Promise.resolve();
    },
  };
}
