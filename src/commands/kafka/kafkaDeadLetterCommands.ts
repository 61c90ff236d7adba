import * as vscode from 'vscode';
import {
  DEFAULT_MAX_REPUBLISHES,
  describePlan,
  summariseRepublish,
  type LetterPosition,
  type PartitionChoice,
  type RepublishPlan,
  type RepublishReport,
} from '../../connectors/kafka';
import type { KafkaClusterConnection } from '../../connections/kafka/kafkaConnection';
import type { TreeNode } from '../../explorer/treeNode';
import { isPreconfirmed } from '../../ui/confirmation';
import { ask } from '../../ui/prompts';
import { CancelledError, withProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { KAFKA_COMMANDS } from './kafkaCommandIds';
import { confirmWrite, openKafka, pickKafka } from './kafkaPick';

/** What a caller (the message browser, a test) may give instead of asking. */
export interface RepublishArguments {
  topic?: string;
  /** Only these dead letters (else all). */
  positions?: LetterPosition[];
  partitionChoice?: PartitionChoice;
  /** A `preconfirm` token: skips the modal question (never `true` from a command link). */
  confirmed?: unknown;
  /** Continue the run that stopped on this topic, without asking. */
  continueStopped?: boolean;
}

/** `eventFlows.kafka.deadLetters.*` settings, each falling back to its default when malformed. */
export function deadLetterSettings(): { originHeader?: string; maxRepublishes: number } {
  const config = vscode.workspace.getConfiguration('eventFlows');
  const header = config.get<unknown>('kafka.deadLetters.originHeader');
  const max = config.get<unknown>('kafka.deadLetters.maxRepublishes');
  return {
    ...(typeof header === 'string' && header.trim() !== '' ? { originHeader: header.trim() } : {}),
    maxRepublishes: typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= 1000 ? max : DEFAULT_MAX_REPUBLISHES,
  };
}

/** Re-Publish Dead Letters…: dry run, modal confirmation, then exactly what the dry run listed; a stopped run can continue. */
export function registerKafkaDeadLetterCommands(services: CommandServices): vscode.Disposable[] {
  /** Runs that stopped (a failure, a cancel), per cluster and topic: what "continue" needs. */
  const stopped = new Map<string, { plan: RepublishPlan; report: RepublishReport }>();
  return [
    registerCommand(services.log, KAFKA_COMMANDS.republishDeadLetters, 're-publish the dead letters', async (node?: TreeNode, given: RepublishArguments = {}): Promise<RepublishReport> => {
      const connection = await pickKafka(services, node);
      const topic = given.topic ?? (node?.kind === 'kafkaTopic' ? node.topic.name : await ask({ title: 'Re-publish dead letters', prompt: 'Dead-letter topic' }));
      const place = `${connection.id}\u0000${topic}`;
      const previous = stopped.get(place);
      if (previous && (given.continueStopped ?? (await askContinue(previous.report)))) {
        return run(services, connection, previous.plan, previous.report, stopped, place, given.confirmed);
      }
      const partitionChoice = given.partitionChoice ?? (await pickPartitionChoice());
      const settings = deadLetterSettings();
      const broker = await openKafka(connection);
      const rule = { selection: given.positions ? { positions: given.positions } : ('all' as const), partitionChoice, maxRepublishes: settings.maxRepublishes, ...(settings.originHeader ? { originHeader: settings.originHeader } : {}) };
      const { plan, truncated, problems } = await withProgress(`Dry run: reading the dead letters of ${topic}`, (signal) => broker.planRepublish(topic, rule, { signal }));
      const lines = describePlan(plan, 10_000);
      if (truncated) lines.splice(1, 0, 'The topic holds more than one dry run reads (100,000): the oldest of each partition were planned; run it again for the rest.');
      for (const problem of problems) lines.push(`Note: ${problem.message}`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: lines.join('\n'), language: 'plaintext' }), { preview: true });
      if (plan.toSend === 0) {
        void vscode.window.showInformationMessage(`Nothing to re-publish from ${topic}: ${plan.held} held back (see the dry run).`);
        return emptyReport(plan);
      }
      if (!isPreconfirmed(given.confirmed)) {
        const targets = Object.entries(plan.byTarget).slice(0, 8).map(([label, count]) => `${count} → ${label}`);
        const answer = await vscode.window.showWarningMessage(
          `Re-publish ${plan.toSend} dead letters from ${topic} to their origin?`,
          { modal: true, detail: `${targets.join('\n')}\n${plan.held} held back. Exactly the messages the dry run lists are sent (later arrivals are not); nothing is deleted from ${topic}.` },
          'Re-publish',
        );
        if (answer !== 'Re-publish') throw new CancelledError();
      }
      await confirmWrite(connection, `Re-publish ${plan.toSend} dead letters from ${topic}`, given.confirmed);
      return run(services, connection, plan, undefined, stopped, place, given.confirmed);
    }),
  ];
}

async function run(
  services: CommandServices,
  connection: KafkaClusterConnection,
  plan: RepublishPlan,
  before: RepublishReport | undefined,
  stopped: Map<string, { plan: RepublishPlan; report: RepublishReport }>,
  place: string,
  confirmed: unknown,
): Promise<RepublishReport> {
  if (before) await confirmWrite(connection, `Continue re-publishing from ${plan.dlt}`, confirmed);
  const broker = await openKafka(connection);
  const report = await withProgress(`Re-publishing dead letters from ${plan.dlt}`, (signal, progress) =>
    broker.republish({
      plan,
      ...(before ? { alreadySent: before.sent, unconfirmed: before.unconfirmed } : {}),
      signal,
      onProgress: (sent, of) => progress(`${sent.toLocaleString('en-US')} of ${of.toLocaleString('en-US')} sent`),
    }),
  );
  if (report.interrupted) stopped.set(place, { plan, report });
  else stopped.delete(place);
  const summary = summariseRepublish(report);
  services.log.info(`${summary.text}${summary.details.map((d) => `\n  ${d}`).join('')}`);
  if (report.interrupted) void vscode.window.showWarningMessage(`${summary.text} Run "Re-publish Dead Letters…" on ${plan.dlt} again to continue from where it stopped.`);
  else void vscode.window.showInformationMessage(summary.text);
  return report;
}

async function askContinue(report: RepublishReport): Promise<boolean> {
  const left = report.listed - report.sentNow;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Continue from where it stopped', description: `${report.sent.length} sent, ${left} left (${report.unconfirmed.length} in flight are sent again and counted)`, go: true },
      { label: 'Start again with a new dry run', description: 'messages sent before are listed again', go: false },
    ],
    { title: `Re-publish from ${report.dlt} stopped: ${report.interrupted ?? ''}` },
  );
  if (!picked) throw new CancelledError();
  return picked.go;
}

async function pickPartitionChoice(): Promise<PartitionChoice> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'The partition each message came from', description: 'when its headers name one that exists; else by key', choice: 'original' as const },
      { label: 'By key', description: "the default partitioner: the same key lands where the key's other messages are", choice: 'by-key' as const },
    ],
    { title: 'Re-publish to which partition' },
  );
  if (!picked) throw new CancelledError();
  return picked.choice;
}

function emptyReport(plan: RepublishPlan): RepublishReport {
  return {
    dlt: plan.dlt,
    listed: 0,
    sent: [],
    sentNow: 0,
    heldBack: plan.items.filter((i) => i.hold !== undefined).map((i) => ({ position: { partition: i.partition, offset: i.offset }, reason: i.hold ?? '' })),
    notFound: [],
    unconfirmed: [],
    possiblyDuplicated: 0,
    byTarget: {},
  };
}
