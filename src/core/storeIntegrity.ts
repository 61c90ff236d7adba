/**
 * Integrity of a whole store in one pass: events arrive in (aggregate id, version) order, in batches (one
 * sorted cursor, or the Local index), and each aggregate is checked as soon as its last event has gone by,
 * so the check costs about one read of the store and holds one aggregate's events at a time.
 */
import type { FlowEvent } from './envelope';
import { checkIntegrity, type IntegrityIssue } from './integrity';
import type { NotAppliedEvent, Reducer } from './reducers/types';
import { replayWithOutcomes } from './replay';

/** What one aggregate has wrong; aggregates with nothing wrong are counted, not listed. */
export interface AggregateFindings {
  aggregateId: string;
  aggregateType?: string;
  events: number;
  /** Versions found first and last (the range the timeline will show). */
  firstVersion?: number;
  lastVersion?: number;
  issues: IntegrityIssue[];
  /** Events the aggregate's reducer received but could not apply (when a reducer was given for its type). */
  notApplied: NotAppliedEvent[];
}

export interface StoreIntegrityReport {
  aggregates: number;
  events: number;
  /** Grouped by aggregate, in aggregate id order. */
  findings: AggregateFindings[];
  /** Issues plus not-applied events over all findings. */
  problemCount: number;
}

export interface StoreScanProgress {
  aggregates: number;
  events: number;
  /** When the caller knows it (the tree's type counts): for "1,200 of 2,303 aggregates". */
  totalAggregates?: number;
}

export interface StoreIntegrityOptions {
  totalAggregates?: number;
  signal?: AbortSignal;
  /** Called after each aggregate; cheap to ignore, the caller decides how often to show it. */
  onProgress?: (progress: StoreScanProgress) => void;
  /** The reducer for an aggregate type, to report events it cannot apply; undefined skips replay. */
  reducerFor?: (aggregateType: string | undefined) => Reducer | undefined;
}

/** "1,200 of 2,303 aggregates, 5,120 events" (or "1,200 aggregates, …" when the total is not known). */
export function describeScanProgress(progress: StoreScanProgress): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const aggregates = progress.totalAggregates !== undefined ? `${count(progress.aggregates)} of ${count(progress.totalAggregates)}` : count(progress.aggregates);
  return `${aggregates} ${progress.totalAggregates === 1 ? 'aggregate' : 'aggregates'}, ${count(progress.events)} events`;
}

export async function checkStoreIntegrity(batches: AsyncIterable<FlowEvent[]>, options: StoreIntegrityOptions = {}): Promise<StoreIntegrityReport> {
  const report: StoreIntegrityReport = { aggregates: 0, events: 0, findings: [], problemCount: 0 };
  let current: FlowEvent[] = [];
  let currentId: string | undefined;
  const finish = (): void => {
    if (currentId === undefined) return;
    const findings = checkAggregate(currentId, current, options.reducerFor);
    report.aggregates += 1;
    report.events += current.length;
    if (findings.issues.length > 0 || findings.notApplied.length > 0) {
      report.findings.push(findings);
      report.problemCount += findings.issues.length + findings.notApplied.length;
    }
    options.onProgress?.({ aggregates: report.aggregates, events: report.events, totalAggregates: options.totalAggregates });
    current = [];
  };
  for await (const batch of batches) {
    options.signal?.throwIfAborted();
    for (const event of batch) {
      const id = event.aggregateId ?? '';
      if (id !== currentId) {
        finish();
        currentId = id;
      }
      current.push(event);
    }
  }
  finish();
  return report;
}

function checkAggregate(aggregateId: string, events: FlowEvent[], reducerFor: StoreIntegrityOptions['reducerFor']): AggregateFindings {
  const aggregateType = events.find((event) => event.aggregateType !== undefined)?.aggregateType;
  const findings: AggregateFindings = { aggregateId, events: events.length, issues: checkIntegrity(events), notApplied: [] };
  if (aggregateType !== undefined) findings.aggregateType = aggregateType;
  const versions = events.map((event) => event.version).filter((version): version is number => typeof version === 'number');
  if (versions.length > 0) {
    findings.firstVersion = versions[0];
    findings.lastVersion = versions[versions.length - 1];
  }
  const reducer = reducerFor?.(aggregateType);
  if (reducer !== undefined) findings.notApplied = replayWithOutcomes(reducer, events).notApplied;
  return findings;
}
