import * as vscode from 'vscode';

/** Thrown when the user cancels a prompt or a progress notification: not an error worth a notification. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

export type ProgressReport = (message: string, increment?: number) => void;

/**
 * Runs `task` under a cancellable progress notification, handing it an AbortSignal tied to Cancel. The
 * one place a notification's Cancel becomes an abort: every long command and panel load goes through it.
 * A task that returns after Cancel was pressed still ends in CancelledError, so nothing half-done is
 * reported as done.
 */
export function withProgress<T>(title: string, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await task(controller.signal, (message, increment) => progress.report({ message, increment }));
        if (controller.signal.aborted) {
          throw new CancelledError();
        }
        return result;
      } finally {
        subscription.dispose();
      }
    }),
  );
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}
