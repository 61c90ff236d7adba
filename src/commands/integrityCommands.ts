import * as vscode from 'vscode';
import type { AggregateSummary, EventStore } from '../connectors/eventStore';
import type { FlowEvent } from '../core/envelope';
import { checkIntegrity, type IntegrityIssue } from '../core/integrity';
import type { TreeNode } from '../explorer/treeNodes';
import { COMMANDS } from './commandIds';
import { pickConnection } from './pickers';
import { registerCommand, withProgress } from './registerCommand';
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
      const connection = await pickConnection(services, node);
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
    const events: FlowEvent[] = [];
    for await (const batch of store.readStream(aggregateId, { signal })) {
      events.push(...batch);
    }
    report.aggregates += 1;
    report.events += events.length;
    report.issues.push(...checkIntegrity(events).map((issue) => ({ aggregateId, issue })));
  };
  if (only) {
    await check(only.id);
  } else {
    for (const type of await store.listAggregateTypes(signal)) {
      let after: string | undefined;
      do {
        const page = await store.listAggregates(type.name, { after, limit: 500, signal });
        for (const aggregate of page.items) {
          signal.throwIfAborted();
          progress(aggregate.id);
          await check(aggregate.id);
        }
        after = page.next;
      } while (after !== undefined);
    }
  }
  report.storeProblems = store.problems().map((p) => p.message);
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
