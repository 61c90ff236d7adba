import * as vscode from 'vscode';
import type { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { aggregateIdRuleProblem, PeekedEventStore } from '../../connectors/rabbitmq/peekedEventStore';
import type { TreeNode } from '../../explorer/treeNode';
import type { TimelinePanel } from '../../panels/timeline/timelinePanel';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { optionsArg, queueTarget } from './rabbitTargets';

export const RABBIT_TIMELINE_COMMANDS = {
  openAggregateTimeline: 'eventFlows.rabbitmq.openAggregateTimeline',
  setAggregateIdRule: 'eventFlows.rabbitmq.setAggregateIdRule',
} as const;

/** Event sourcing on RabbitMQ: peeked messages grouped by aggregate id, opened in the timeline panel. */
export function registerRabbitTimelineCommands(services: CommandServices, profiles: RabbitProfileStore): vscode.Disposable[] {
  const { log } = services;
  return [
    registerCommand(log, RABBIT_TIMELINE_COMMANDS.openAggregateTimeline, 'open the aggregate timeline', async (node?: TreeNode, given?: unknown): Promise<TimelinePanel> => {
      const options = optionsArg(given);
      const target = await queueTarget(services, node);
      const limit = typeof options.limit === 'number' ? options.limit : 1000;
      const rule = target.connection.profile.aggregateIds?.[target.queue.name];
      const outcome = await withProgress(`Peeking ${target.queue.name}…`, (signal) => target.broker.peek(target.queue.name, { limit, signal }, target.vhost));
      const store = new PeekedEventStore(`${target.queue.name} (peeked)`, outcome.messages.map((m) => m.event), rule);
      const aggregates = store.aggregates();
      if (aggregates.length === 0) {
        throw new Error(`none of the ${outcome.messages.length} peeked messages of ${target.queue.name} carries an aggregate id${rule ? ` at ${rule}` : ''}; set where it is with "Set Aggregate Id of Queue…".`);
      }
      let chosen = typeof options.aggregateId === 'string' ? aggregates.find((a) => a.id === options.aggregateId) : undefined;
      if (!chosen) {
        const picked = await vscode.window.showQuickPick(
          aggregates.map((a) => ({ label: a.id, description: `${a.type} · ${a.version} messages`, aggregate: a })),
          { title: `Aggregates in the first ${outcome.messages.length} messages of ${target.queue.name}`, ignoreFocusOut: true },
        );
        if (!picked) throw new CancelledError();
        chosen = picked.aggregate;
      }
      return services.panels.open({ connectionId: `${target.connection.id}/peek:${target.vhost}/${target.queue.name}`, store }, chosen.id, chosen.type);
    }),
    registerCommand(log, RABBIT_TIMELINE_COMMANDS.setAggregateIdRule, 'set where the aggregate id is', async (node?: TreeNode, given?: string) => {
      const target = await queueTarget(services, node);
      const current = target.connection.profile.aggregateIds?.[target.queue.name];
      const rule =
        given ??
        (await vscode.window.showInputBox({
          title: `Aggregate id of ${target.queue.name}`,
          prompt: 'header:<name> or a JSON path into the body such as $.orderId (empty: the aggregate-id header, then aggregateId / orderId)',
          value: current ?? '',
          ignoreFocusOut: true,
          validateInput: (text) => (text.trim() === '' ? undefined : aggregateIdRuleProblem(text.trim())),
        }));
      if (rule === undefined) throw new CancelledError();
      const problem = rule.trim() === '' ? undefined : aggregateIdRuleProblem(rule.trim());
      if (problem) throw new Error(problem);
      const aggregateIds = { ...target.connection.profile.aggregateIds };
      if (rule.trim() === '') delete aggregateIds[target.queue.name];
      else aggregateIds[target.queue.name] = rule.trim();
      await profiles.save({ ...target.connection.profile, aggregateIds }, {});
      log.info(`Aggregate id of ${target.queue.name} on ${target.connection.label}: ${rule.trim() || 'default'}`);
    }),
  ];
}
