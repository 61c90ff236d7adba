import * as vscode from 'vscode';
import { describeError } from '../../errors';
import type { RedriveReport } from '../../connectors/rabbitmq/redrive';
import { summariseRedrive, type RedriveSummary } from '../../connectors/rabbitmq/redriveSummary';
import type { CommandServices } from '../services';
import { findRabbitNode } from './rabbitReveal';
import type { BrokerTarget } from './rabbitTargets';

/** The peek view's command id (kept here as text: the view's module imports this one). */
const OPEN_PEEK_VIEW = 'eventFlows.rabbitmq.openPeekView';

/**
 * A redrive ends by saying what it did: in the log, and in a notification whose action opens the queue
 * the messages went to (when they went to one queue straight), so the user can see them arrive.
 */
export function announceRedrive(services: CommandServices, target: BrokerTarget, queue: string, report: RedriveReport): RedriveSummary {
  const summary = summariseRedrive(report);
  const where = `${queue} on ${target.connection.label} (vhost ${target.vhost})`;
  services.log.info(`Redrive from ${where}: ${summary.text}${summary.details.length ? ` ${summary.details.join(' ')}` : ''}`);
  const destination = summary.queues.length === 1 ? summary.queues[0] : undefined;
  const open = destination === undefined ? undefined : `Open ${destination}`;
  const show = report.interrupted || summary.details.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const text = `${summary.text}${summary.details.length ? ` ${summary.details.join(' ')}` : ''}`;
  void show(text, ...(open ? [open] : [])).then(
    async (picked) => {
      if (picked !== open || destination === undefined) return;
      const node = await findRabbitNode(services, target.connection.id, target.vhost, `queue:${destination}`);
      if (!node) throw new Error(`queue ${destination} is not in the tree of vhost ${target.vhost}: refresh the view.`);
      await vscode.commands.executeCommand(OPEN_PEEK_VIEW, node);
    },
  ).then(undefined, (error: unknown) => {
    services.log.error(`Could not open the redrive's destination: ${describeError(error)}`);
    void vscode.window.showErrorMessage(`Could not open the redrive's destination: ${describeError(error)}`);
  });
  return summary;
}
