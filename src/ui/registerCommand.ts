import * as vscode from 'vscode';
import { VersionConflictError } from '../connectors/eventStore';
import { describeError } from '../errors';
import { COMMANDS, type CommandId } from './commandIds';
import { isCancellation } from './progress';
import { registerCommandHandler } from './standIns';
import { markWalkthroughStep } from './walkthrough';

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
      if (isCancellation(error)) {
        log.info(`Cancelled: ${action}`);
        return undefined;
      }
      const reason = describeError(error);
      log.error(`Could not ${action}: ${reason}`);
      offerHelp(`Could not ${action}: ${reason}`, error, () => run(...args)).catch((e: unknown) => log.error(`Could not show help for "${action}": ${describeError(e)}`));
      return undefined;
    }
  };
  return registerCommandHandler(id, run as (...args: unknown[]) => Promise<unknown>);
}

async function offerHelp(message: string, error: unknown, retry: () => Promise<unknown>): Promise<void> {
  const conflict = error instanceof VersionConflictError;
  if (conflict) markWalkthroughStep('conflictSeen');
  const actions = conflict ? ['Refresh', 'Show Log'] : ['Retry', 'Show Log'];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === 'Retry') {
    await retry();
  } else if (choice === 'Refresh') {
    await vscode.commands.executeCommand(COMMANDS.refresh);
  } else if (choice === 'Show Log') {
    await vscode.commands.executeCommand(COMMANDS.showLog);
  }
}
