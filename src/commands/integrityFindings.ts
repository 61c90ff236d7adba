/**
 * What Check Stream Integrity found, where the user can act on it: a list grouped by aggregate (one
 * separator per aggregate, one entry per finding, named by version), each entry opening the aggregate's
 * timeline at that version. The log keeps the whole report.
 */
import * as vscode from 'vscode';
import type { EventStore } from '../connectors/eventStore';
import type { AggregateFindings } from '../core/storeIntegrity';
import type { CommandServices } from './services';
import type { IntegrityReport } from './integrityCommands';

interface FindingPick extends vscode.QuickPickItem {
  aggregateId?: string;
  aggregateType?: string;
  version?: number;
}

/** Where the findings' timelines open from. */
export interface FindingsSource {
  connectionId: string;
  store: EventStore;
}

/** At most this many entries in the list; the log has all of them. */
const MAX_LISTED = 2000;

export function presentFindings(services: CommandServices, source: FindingsSource, report: IntegrityReport, subject: string): void {
  const { log } = services;
  const count = report.problemCount + report.storeProblems.length;
  const summary = `${subject}: ${report.events.toLocaleString('en-US')} events in ${report.aggregates.toLocaleString('en-US')} ${report.aggregates === 1 ? 'aggregate' : 'aggregates'}`;
  log.info(`Integrity of ${summary}, ${count} problems`);
  for (const findings of report.findings) {
    for (const issue of findings.issues) log.warn(`${findings.aggregateId}: ${issue.message}`);
    for (const skipped of findings.notApplied) log.warn(`${findings.aggregateId}: version ${skipped.version ?? '?'} (${skipped.eventType}) not applied: ${skipped.reason}, state unchanged`);
  }
  for (const problem of report.storeProblems) log.warn(problem);
  if (count === 0) {
    void vscode.window.showInformationMessage(`${summary}, no integrity problems.`);
    return;
  }
  const aggregatesWithFindings = report.findings.length;
  void vscode.window
    .showWarningMessage(
      `${summary}: ${count} ${count === 1 ? 'problem' : 'problems'} in ${aggregatesWithFindings} ${aggregatesWithFindings === 1 ? 'aggregate' : 'aggregates'}${report.storeProblems.length > 0 ? ` and ${report.storeProblems.length} unreadable records` : ''}.`,
      'Show Findings',
      'Show Log',
    )
    .then(async (choice) => {
      if (choice === 'Show Log') log.show();
      if (choice === 'Show Findings') await showFindings(services, source, report, subject);
    });
}

export async function showFindings(services: CommandServices, source: FindingsSource, report: IntegrityReport, subject: string): Promise<void> {
  const picks = findingPicks(report);
  const picked = await vscode.window.showQuickPick(picks, {
    title: `Integrity findings: ${subject} (choose one to open its timeline at that version)`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.aggregateId === undefined) return;
  const panel = await services.panels.open(source, picked.aggregateId, picked.aggregateType ?? '');
  if (picked.version !== undefined) await panel.selectVersion(picked.version);
}

export function findingPicks(report: IntegrityReport): FindingPick[] {
  const picks: FindingPick[] = [];
  for (const findings of report.findings) {
    if (picks.length >= MAX_LISTED) break;
    picks.push({ label: findings.aggregateId, kind: vscode.QuickPickItemKind.Separator });
    picks.push(...picksOf(findings));
  }
  for (const problem of report.storeProblems.slice(0, MAX_LISTED)) picks.push({ label: '$(warning) unreadable', detail: problem });
  return picks;
}

function picksOf(findings: AggregateFindings): FindingPick[] {
  const target = { aggregateId: findings.aggregateId, aggregateType: findings.aggregateType ?? '' };
  const picks: FindingPick[] = findings.issues.map((issue) => ({
    label: `$(warning) ${issue.version !== undefined ? `version ${issue.version}` : 'event'}`,
    description: `${issue.kind} · ${findings.aggregateId}`,
    detail: issue.message,
    ...target,
    ...(issue.version !== undefined ? { version: issue.version } : {}),
  }));
  for (const skipped of findings.notApplied) {
    picks.push({
      label: `$(circle-slash) version ${skipped.version ?? '?'}`,
      description: `not applied · ${skipped.eventType} · ${findings.aggregateId}`,
      detail: `not applied: ${skipped.reason}, state unchanged`,
      ...target,
      ...(skipped.version !== undefined ? { version: skipped.version } : {}),
    });
  }
  return picks.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
}
