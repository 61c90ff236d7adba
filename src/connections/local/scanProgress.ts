import * as vscode from 'vscode';

/** Files smaller than this index in well under a second: no notification for them. */
const SHOW_FROM_BYTES = 8 * 1024 * 1024;
/** A scan that stops reporting (it failed, or was cancelled) closes its notification after this long. */
const IDLE_CLOSE_MS = 2000;

/**
 * Shows the Local store's first scan of a big file (before its index exists) as a progress notification
 * that always closes: at the end of the file, or when reports stop coming.
 */
export function scanProgressNotifier(label: string): (bytesRead: number, totalBytes: number) => void {
  let current: { progress: vscode.Progress<{ message?: string; increment?: number }>; shown: number; finish: () => void; idle: NodeJS.Timeout } | undefined;
  return (bytesRead, totalBytes) => {
    if (!current && (totalBytes < SHOW_FROM_BYTES || bytesRead >= totalBytes)) {
      return;
    }
    if (!current) {
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const state = { progress: { report: () => undefined } as vscode.Progress<{ message?: string; increment?: number }>, shown: 0, finish, idle: setTimeout(finish, IDLE_CLOSE_MS) };
      current = state;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Indexing ${label}` }, (progress) => {
        state.progress = progress;
        return done;
      });
    }
    const state = current;
    clearTimeout(state.idle);
    const percent = Math.min(100, (bytesRead / totalBytes) * 100);
    state.progress.report({ increment: percent - state.shown, message: `${mebibytes(bytesRead)} of ${mebibytes(totalBytes)} MiB` });
    state.shown = percent;
    if (bytesRead >= totalBytes) {
      state.finish();
      current = undefined;
    } else {
      state.idle = setTimeout(() => {
        state.finish();
        if (current === state) current = undefined;
      }, IDLE_CLOSE_MS);
    }
  };
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}
