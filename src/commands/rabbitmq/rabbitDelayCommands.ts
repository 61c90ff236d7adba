import * as vscode from 'vscode';
import type { RabbitBroker } from '../../connectors/rabbitmq/rabbitBroker';
import { routeTargets } from '../../connectors/rabbitmq/topologyMarks';
import type { TreeNode } from '../../explorer/treeNode';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { confirmWrite, optionsArg, queueTarget } from './rabbitTargets';

export const RABBIT_DELAY_COMMANDS = {
  publishDelayed: 'eventFlows.rabbitmq.publishDelayed',
} as const;

export interface DelayedArrival {
  delayQueue: string;
  target: string;
  publishedAt: string;
  arrivedAt: string;
  afterMs: number;
}

async function ready(broker: RabbitBroker, vhost: string, queue: string, signal: AbortSignal): Promise<number> {
  return broker.session(vhost).withChannel('plain', async (channel) => (await channel.checkQueue(queue)).messageCount, signal);
}

/**
 * Publish with a delay: a message goes through a delay queue (TTL + dead-letter exchange, no consumers) and
 * a watch on the queue it lands in reports the arrival time. Counts come over AMQP, exact at once.
 */
export function registerRabbitDelayCommands(services: CommandServices): vscode.Disposable[] {
  const { log } = services;
  return [
    registerCommand(log, RABBIT_DELAY_COMMANDS.publishDelayed, 'publish with a delay', async (node?: TreeNode, given?: unknown): Promise<DelayedArrival> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const { broker, vhost } = target;
      const topology = await withProgress('Reading the topology…', (signal) => broker.topology(vhost, signal));
      const delay = topology.marks[target.queue.name]?.delay;
      if (!delay) throw new Error(`${target.queue.name} is not a delay queue (message TTL and a dead-letter exchange, no consumers).`);
      const entry = topology.bindings.find((b) => b.destinationType === 'queue' && b.destination === target.queue.name && b.source !== '');
      const keys = [...new Set(topology.bindings.filter((b) => b.source === delay.exchange).map((b) => b.routingKey))];
      const routingKey = typeof options.routingKey === 'string' ? options.routingKey : await pickKey(keys, delay.exchange);
      const targets = routeTargets(delay.exchange, delay.routingKey ?? routingKey, topology.exchanges, topology.bindings, new Set(topology.queues.map((q) => q.name)));
      const watched = typeof options.watch === 'string' ? options.watch : (targets[0] ?? delay.targets[0]);
      if (!watched) throw new Error(`no queue receives routing key "${routingKey}" from ${delay.exchange || 'the default exchange'}: nothing to watch.`);
      const body = typeof options.body === 'string' ? options.body : JSON.stringify({ delayed: true, at: new Date().toISOString() });
      await confirmWrite(target, `Publish one message through ${target.queue.name} (${delay.ttlMs} ms) to ${watched}?`, 'Publish', { confirmed: options.confirmed });
      return withProgress(`Publishing through ${target.queue.name}, watching ${watched}…`, async (signal, report) => {
        const before = await ready(broker, vhost, watched, signal);
        // Through the exchange bound to the delay queue, or straight into it through the default exchange.
        const via = entry ? { name: entry.source } : { name: '' };
        await broker.publish(via, [{ key: entry ? routingKey : target.queue.name, properties: { persistent: true, contentType: 'application/json', messageId: `delayed-${Date.now().toString(36)}` }, body }], signal);
        const published = Date.now();
        const deadline = published + delay.ttlMs + 30_000;
        for (;;) {
          signal.throwIfAborted();
          if ((await ready(broker, vhost, watched, signal)) > before) break;
          if (Date.now() > deadline) throw new Error(`the message did not reach ${watched} within ${delay.ttlMs + 30_000} ms (a consumer there may have taken it).`);
          report(`${((Date.now() - published) / 1000).toFixed(1)} s of ${(delay.ttlMs / 1000).toFixed(1)} s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const arrived = Date.now();
        const arrival: DelayedArrival = { delayQueue: target.queue.name, target: watched, publishedAt: new Date(published).toISOString(), arrivedAt: new Date(arrived).toISOString(), afterMs: arrived - published };
        log.info(`Delayed message arrived in ${watched} at ${arrival.arrivedAt}, ${arrival.afterMs} ms after publishing (delay ${delay.ttlMs} ms)`);
        void vscode.window.showInformationMessage(`Arrived in ${watched} at ${new Date(arrived).toLocaleTimeString()}, ${(arrival.afterMs / 1000).toFixed(2)} s after publishing (delay ${(delay.ttlMs / 1000).toFixed(1)} s).`);
        services.tree.refreshConnection(target.connection.id);
        return arrival;
      });
    }),
  ];
}

async function pickKey(keys: string[], exchange: string): Promise<string> {
  const picked = await vscode.window.showQuickPick(keys.length > 0 ? keys : ['#'], { title: `Routing key once it reaches ${exchange || '(default)'}`, ignoreFocusOut: true });
  if (picked === undefined) throw new CancelledError();
  return picked;
}
