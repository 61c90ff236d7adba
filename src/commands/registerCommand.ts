import * as vscode from 'vscode';
import { VersionConflictError } from '../connectors/eventStore';
import { describeError } from '../errors';
import { COMMANDS, type CommandId } from './commandIds';

/** Thrown when the user cancels a prompt or a progress notification: not an error worth a notification. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

/**
 * The one place a command's failure becomes "Could not <action>: <reason>" with the actions that help,
 * and a log line. Handlers just throw.
 */
export function registerCommand<A extends unknown[]>(
  log: vscode.LogOutputChannel,
  id: CommandId,
  action: string,
  handler: (...args: A) => Promise<unknown>,
): vscode.Disposable {
  const run = async (...args: A): Promise<unknown> => {
    log.debug(`Command ${id}`);
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof CancelledError || isAbort(error)) {
        log.info(`Cancelled: ${action}`);
        return undefined;
      }
      const reason = describeError(error);
      log.error(`Could not ${action}: ${reason}`);
      offerHelp(`Could not ${action}: ${reason}`, error, () => run(...args)).catch((e: unknown) => log.error(`Could not show help for "${action}": ${describeError(e)}`));
      return undefined;
    }
  };
  return vscode.commands.registerCommand(id, run);
}

async function offerHelp(message: string, error: unknown, retry: () => Promise<unknown>): Promise<void> {
  const actions = error instanceof VersionConflictError ? ['Refresh', 'Show Log'] : ['Retry', 'Show Log'];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === 'Retry') {
    await retry();
  } else if (choice === 'Refresh') {
    await vscode.commands.executeCommand(COMMANDS.refresh);
  } else if (choice === 'Show Log') {
    await vscode.commands.executeCommand(COMMANDS.showLog);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Runs `task` under a cancellable progress notification, handing it an AbortSignal tied to Cancel. */
export function withProgress<T>(
  title: string,
  task: (signal: AbortSignal, report: (message: string, increment?: number) => void) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
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
  });
}
