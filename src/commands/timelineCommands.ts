import type { Disposable } from 'vscode';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { pickAggregate } from './pickers';
import type { CommandServices } from './services';

export function registerTimelineCommands(services: CommandServices): Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.openTimeline, 'open the aggregate timeline', async (node?: TreeNode) => {
      const target = await pickAggregate(services, node);
      return services.panels.open({ connectionId: target.connection.id, store: target.store }, target.aggregate.id, target.aggregate.type);
    }),
  ];
}
