import * as vscode from 'vscode';
import type { DeliveryLimitStore } from '../../connections/rabbitmq/deliveryLimitStore';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';

export const DELIVERY_LIMIT_COMMANDS = {
  forgetDeliveryLimit: 'eventFlows.rabbitmq.forgetDeliveryLimit',
} as const;

/**
 * Forgets what a peek left at a quorum queue's delivery limit, so the queue may be peeked again. Asked
 * first: if those messages are still in the queue, the next peek dead-letters them.
 */
export function registerDeliveryLimitCommands(services: CommandServices, limits: DeliveryLimitStore): vscode.Disposable[] {
  const { log } = services;
  return [
    limits.onDidChange((connectionId) => services.tree.refreshConnection(connectionId)),
    registerCommand(log, DELIVERY_LIMIT_COMMANDS.forgetDeliveryLimit, 'forget the delivery-limit record', async (node?: TreeNode): Promise<boolean> => {
      const entry = await pickEntry(limits, node);
      const connection = services.connections.get(entry.connectionId);
      const broker = connection?.label ?? 'a removed broker';
      const button = 'Forget';
      const answer = await vscode.window.showWarningMessage(
        `Forget that ${entry.record.messages.length} message(s) of ${entry.queue} on ${broker} (vhost ${entry.vhost}) are at the delivery limit of ${entry.record.limit}?`,
        { modal: true, detail: `If they are still in the queue, the next peek dead-letters them. Forget only once a consumer has taken them (or they may go): ${entry.record.messages.slice(0, 10).join(', ')}` },
        button,
      );
      if (answer !== button) throw new CancelledError();
      limits.forget(entry.connectionId, entry.vhost, entry.queue);
      log.info(`Forgot the delivery-limit record of ${entry.queue} on ${broker} (vhost ${entry.vhost})`);
      void vscode.window.showInformationMessage(`${entry.queue} on ${broker} may be peeked again.`);
      return true;
    }),
  ];
}

async function pickEntry(limits: DeliveryLimitStore, node?: TreeNode) {
  if (node?.kind === 'rabbitQueue') {
    const connectionId = node.parent.parent.parent.connection.id;
    const vhost = node.parent.parent.vhost;
    const record = limits.get(connectionId, vhost, node.queue.name);
    if (!record) throw new Error(`nothing is remembered at the delivery limit for ${node.queue.name}: its peeks are not refused.`);
    return { connectionId, vhost, queue: node.queue.name, record };
  }
  const entries = limits.list();
  if (entries.length === 0) throw new Error('no queue is remembered at its delivery limit.');
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: entry.queue, description: `vhost ${entry.vhost} · ${entry.record.messages.length} at limit ${entry.record.limit}`, entry })),
    { title: 'Forget which delivery-limit record?', ignoreFocusOut: true },
  );
  if (!picked) throw new CancelledError();
  return picked.entry;
}
