import * as vscode from 'vscode';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import type { AddConnectionChoice } from './kindModule';
import type { CommandServices } from './services';

/**
 * "Add Connection…": one entry in the view's toolbar that asks which kind, then runs that kind's own add
 * command (its wizard). The kinds offer themselves through their `KindModule.add`.
 */
export function registerAddConnectionCommand(services: CommandServices, choices: readonly AddConnectionChoice[]): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.addConnection, 'add a connection', async () => {
      const picked = await vscode.window.showQuickPick(
        choices.map((choice) => ({ label: choice.label, detail: choice.detail, choice })),
        { title: 'Add Connection', placeHolder: 'Which kind of connection?', ignoreFocusOut: true, matchOnDetail: true },
      );
      if (!picked) throw new CancelledError();
      return vscode.commands.executeCommand(picked.choice.command);
    }),
  ];
}
