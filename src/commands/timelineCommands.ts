import type { Disposable } from 'vscode';
import type { TreeNode } from '../explorer/treeNodes';
import { COMMANDS } from './commandIds';
import { pickAggregate } from './pickers';
import { registerCommand } from './registerCommand';
import type { CommandServices } from './services';

export function registerTimelineCommands(services: CommandServices): Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.openTimeline, 'open the aggregate timeline', async (node?: TreeNode) => {
      const target = await pickAggregate(services, node);
      return services.panels.open(target.store, target.aggregate.id, target.aggregate.type);
    }),
  ];
}
