import * as vscode from 'vscode';
import type { EventStore, ReadProblem } from '../connectors/eventStore';
import type { FlowEvent } from '../core/envelope';
import { chooseReducer } from '../core/reducers';
import { checkStoreIntegrity, describeScanProgress, type StoreIntegrityReport } from '../core/storeIntegrity';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { presentFindings } from './integrityFindings';
import { chooseScope, describeScope, type IntegrityScope } from './integrityScope';
import { openStore, pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

export interface IntegrityReport extends StoreIntegrityReport {
  scope: IntegrityScope;
  /** Lines or documents the store could not read (damaged, torn, not an event), with their line numbers. */
  storeProblems: string[];
}

/** Progress is shown at most this often: a scan passes thousands of aggregates a second. */
const PROGRESS_EVERY_MS = 250;
/** From this many aggregates on, a scan is long enough to be worth an index first. */
const LONG_SCAN_AGGREGATES = 1000;

/**
 * Check Stream Integrity: one pass over the chosen scope in (aggregate id, version) order (one sorted
 * cursor, or the Local index), with counts in the progress, cancellable; findings grouped by aggregate,
 * each opening the timeline at its version.
 */
export function registerIntegrityCommands(services: CommandServices): vscode.Disposable[] {
  return [
    // `requested` lets a caller (a test, another command) name the scope instead of being asked.
    registerCommand(services.log, COMMANDS.checkIntegrity, 'check stream integrity', async (node?: TreeNode, requested?: IntegrityScope) => {
      const connection = await pickStoreConnection(services, node);
      const store = await openStore(connection);
      const scope = requested ?? (await chooseScope(services, store, node));
      if (scope.kind !== 'aggregate') await offerIndex(services, store, scope);
      const subject = describeScope(scope, connection.label);
      const report = await withProgress(`Checking ${subject}`, (signal, progress) => checkScope(services, store, scope, signal, progress));
      presentFindings(services, { connectionId: connection.id, store }, report, subject);
      return report;
    }),
  ];
}

async function checkScope(
  services: CommandServices,
  store: EventStore,
  scope: IntegrityScope,
  signal: AbortSignal,
  progress: (message: string) => void,
): Promise<IntegrityReport> {
  const storeProblems: string[] = [];
  const onProblem = (problem: ReadProblem): void => void storeProblems.push(problem.message);
  const events: AsyncIterable<FlowEvent[]> =
    scope.kind === 'aggregate'
      ? store.readStream(scope.aggregateId, { signal, onProblem })
      : store.readAll({ signal, onProblem, ...(scope.kind === 'type' ? { aggregateType: scope.aggregateType } : {}) });
  const overrides = services.settings().reducers;
  let shownAt = 0;
  const report = await checkStoreIntegrity(events, {
    signal,
    ...(scope.kind === 'aggregate' ? { totalAggregates: 1 } : scope.aggregates !== undefined ? { totalAggregates: scope.aggregates } : {}),
    reducerFor: (type) => chooseReducer(scope.kind === 'aggregate' ? scope.aggregateType : (type ?? ''), overrides),
    onProgress: (counts) => {
      const now = Date.now();
      if (now - shownAt < PROGRESS_EVERY_MS) return;
      shownAt = now;
      progress(describeScanProgress(counts));
    },
  });
  storeProblems.push(...store.problems().map((problem) => problem.message));
  return { ...report, scope, storeProblems };
}

/** A MongoDB store without its unique (aggregate id, version) index: offer to create it before a long scan. */
async function offerIndex(services: CommandServices, store: EventStore, scope: IntegrityScope): Promise<void> {
  if (!hasIndexes(store)) return;
  const aggregates = scope.kind === 'aggregate' ? 1 : scope.aggregates;
  if (aggregates !== undefined && aggregates < LONG_SCAN_AGGREGATES) return;
  const check = await store.checkIndex();
  if (check.ok) return;
  const choice = await vscode.window.showWarningMessage(
    `${check.message} A scan in (aggregate id, version) order reads the whole collection sorted; with the index the server reads it in order. Create the index first?`,
    'Create Index and Check',
    'Check Without It',
  );
  if (choice === 'Create Index and Check') {
    await withProgress('Creating the unique (aggregate id, version) index', () => store.ensureIndexes());
    services.log.info(`Created the unique (aggregate id, version) index on ${store.label}`);
  }
}

interface IndexedStore {
  checkIndex(): Promise<{ ok: boolean; message: string }>;
  ensureIndexes(): Promise<void>;
}

function hasIndexes(store: EventStore): store is EventStore & IndexedStore {
  const candidate = store as Partial<IndexedStore>;
  return typeof candidate.checkIndex === 'function' && typeof candidate.ensureIndexes === 'function';
}
