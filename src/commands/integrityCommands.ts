import * as vscode from 'vscode';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import { allAggregates, readWholeStream } from '../connectors/eventStoreReads';
import { checkIntegrity, type IntegrityIssue } from '../core/integrity';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

export interface IntegrityReport {
  aggregates: number;
  events: number;
  issues: { aggregateId: string; issue: IntegrityIssue }[];
  /** Lines the store could not read (damaged or torn), with their line numbers. */
  storeProblems: string[];
}

/** Check Stream Integrity: one aggregate from the tree, or every aggregate of a store from the palette. */
export function registerIntegrityCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.checkIntegrity, 'check stream integrity', async (node?: TreeNode) => {
      const connection = await pickStoreConnection(services, node);
      const store = await connection.open();
      const only = node?.kind === 'aggregate' ? node.aggregate : undefined;
      const report = await withProgress(`Checking ${only ? only.id : connection.label}`, (signal, progress) =>
        checkStore(store, only, signal, progress),
      );
      present(services, report, only?.id ?? connection.label);
      return report;
    }),
  ];
}

async function checkStore(
  store: EventStore,
  only: AggregateSummary | undefined,
  signal: AbortSignal,
  progress: (message: string) => void,
): Promise<IntegrityReport> {
  const report: IntegrityReport = { aggregates: 0, events: 0, issues: [], storeProblems: [] };
  const check = async (aggregateId: string): Promise<void> => {
    const events = await readWholeStream(store, aggregateId, { signal, onProblem: (p) => report.storeProblems.push(`${aggregateId}: ${p.message}`) });
    report.aggregates += 1;
    report.events += events.length;
    report.issues.push(...checkIntegrity(events).map((issue) => ({ aggregateId, issue })));
  };
  if (only) {
    await check(only.id);
  } else {
    for await (const page of allAggregates(store, { signal })) {
      for (const aggregate of page) {
        signal.throwIfAborted();
        progress(aggregate.id);
        await check(aggregate.id);
      }
    }
  }
  report.storeProblems.push(...store.problems().map((p) => p.message));
  return report;
}

function present(services: CommandServices, report: IntegrityReport, subject: string): void {
  const { log } = services;
  const count = report.issues.length + report.storeProblems.length;
  log.info(`Integrity of ${subject}: ${report.events} events in ${report.aggregates} aggregates, ${count} problems`);
  for (const { aggregateId, issue } of report.issues) {
    log.warn(`${aggregateId} #${issue.index}: ${issue.message}`);
  }
  for (const problem of report.storeProblems) {
    log.warn(problem);
  }
  const summary = `${subject}: ${report.events} events in ${report.aggregates} ${report.aggregates === 1 ? 'aggregate' : 'aggregates'}`;
  if (count === 0) {
    void vscode.window.showInformationMessage(`${summary}, no integrity problems.`);
  } else {
    void vscode.window
      .showWarningMessage(`${summary}, ${count} ${count === 1 ? 'problem' : 'problems'} found.`, 'Show Log')
      .then((choice) => (choice ? log.show() : undefined));
  }
}
