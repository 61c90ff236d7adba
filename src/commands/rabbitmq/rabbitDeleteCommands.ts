import * as vscode from 'vscode';
import type { TreeNode } from '../../explorer/treeNode';
import { withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { brokerTarget, confirmWrite, optionsArg, queueTarget } from './rabbitTargets';

export const RABBIT_DELETE_COMMANDS = {
  deleteQueue: 'eventFlows.rabbitmq.deleteQueue',
  deleteExchange: 'eventFlows.rabbitmq.deleteExchange',
} as const;

/** Deleting a queue or an exchange: always asked first (the message count is said), on any broker. */
export function registerRabbitDeleteCommands(services: CommandServices): vscode.Disposable[] {
  const { log, tree } = services;
  return [
    registerCommand(log, RABBIT_DELETE_COMMANDS.deleteQueue, 'delete the queue', async (node?: TreeNode, given?: unknown): Promise<number> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      await confirmWrite(target, `Delete the queue ${target.queue.name} and the ${target.queue.messages} message(s) in it?`, 'Delete', { always: true, confirmed: options.confirmed });
      const dropped = await withProgress(`Deleting ${target.queue.name}…`, (signal) =>
        target.broker.session(target.vhost).withChannel('plain', async (channel) => (await channel.deleteQueue(target.queue.name)).messageCount, signal),
      );
      log.info(`Deleted queue ${target.queue.name} (${dropped} messages) on ${target.connection.label} ${target.vhost}`);
      tree.refreshConnection(target.connection.id);
      return dropped;
    }),
    registerCommand(log, RABBIT_DELETE_COMMANDS.deleteExchange, 'delete the exchange', async (node?: TreeNode, given?: unknown) => {
      const options = optionsArg(given);
      if (node?.kind !== 'rabbitExchange') throw new Error('choose an exchange in the Event Flows view to delete it.');
      const { connection, broker, vhost } = await brokerTarget(services, node);
      const name = node.exchange.name;
      if (name === '' || name.startsWith('amq.')) throw new Error(`${name || 'the default exchange'} belongs to the broker and cannot be deleted.`);
      await confirmWrite({ connection, vhost }, `Delete the exchange ${name} and its ${node.bindings.length} binding(s)? Messages published to it afterwards are refused.`, 'Delete', { always: true, confirmed: options.confirmed });
      await withProgress(`Deleting ${name}…`, (signal) => broker.session(vhost).withChannel('plain', async (channel) => channel.deleteExchange(name), signal));
      log.info(`Deleted exchange ${name} on ${connection.label} ${vhost}`);
      tree.refreshConnection(connection.id);
    }),
  ];
}
