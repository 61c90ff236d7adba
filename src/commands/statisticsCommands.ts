/**
 * Show Event Statistics: events per type and per day, the largest aggregates and the schema variants of
 * each type, for a store or the aggregate type its tree node names, written as JSON or CSV to a new
 * untitled document (nothing is saved until the user saves it).
 */
import * as vscode from 'vscode';
import { readStoreStatistics, type StoreStatistics } from '../connectors/reads/statistics';
import { statisticsCsv } from '../core/statisticsCsv';
import { isAggregateTypeNode } from '../explorer/eventStore/storeNodes';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError, withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { openStore, pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

export type StatisticsFormat = 'json' | 'csv';

export function registerStatisticsCommands(services: CommandServices): vscode.Disposable[] {
  return [
    // `requestedFormat` lets a caller (a test) skip the question.
    registerCommand(services.log, COMMANDS.showStatistics, 'show event statistics', async (node?: TreeNode, requestedFormat?: StatisticsFormat) => {
      const connection = await pickStoreConnection(services, node);
      const store = await openStore(connection);
      const aggregateType = isAggregateTypeNode(node) ? node.name : undefined;
      const format = requestedFormat ?? (await chooseStatisticsFormat());
      const subject = aggregateType === undefined ? connection.label : `the ${aggregateType} aggregates of ${connection.label}`;
      const statistics = await withProgress(`Reading statistics of ${subject}`, (signal, progress) =>
        readStoreStatistics(store, {
          ...(aggregateType !== undefined ? { aggregateType } : {}),
          signal,
          onProgress: (read) => progress(`${read.toLocaleString('en-US')} events read`),
        }),
      );
      await showStoreStatistics(statistics, format);
      services.log.info(`Statistics of ${subject}: ${describe(statistics)}`);
      return statistics;
    }),
  ];
}

/** Where every statistics command shows its result (a store's, a topic's, a queue's): the one place to change how. */
export async function showStoreStatistics(statistics: StoreStatistics, format: StatisticsFormat): Promise<void> {
  const content = format === 'csv' ? statisticsCsv(statistics) : `${JSON.stringify(statistics, null, 2)}\n`;
  // VS Code has no CSV language of its own: plain text, so no extension is needed to open it.
  const document = await vscode.workspace.openTextDocument({ language: format === 'csv' ? 'plaintext' : 'json', content });
  await vscode.window.showTextDocument(document, { preview: false });
}

function describe(statistics: StoreStatistics): string {
  const variants = statistics.types.reduce((sum, type) => sum + type.variants.length, 0);
  const notes = statistics.notes?.length ? ` ${statistics.notes.join(' ')}` : '';
  return `${statistics.types.length} event types, ${variants} schema variants, from ${statistics.sample.note}.${notes}`;
}

export async function chooseStatisticsFormat(): Promise<StatisticsFormat> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'JSON', description: 'every figure, variants with their fields and examples', format: 'json' as const },
      { label: 'CSV', description: 'one table for a spreadsheet', format: 'csv' as const },
    ],
    { title: 'Show event statistics as…', ignoreFocusOut: true },
  );
  if (picked === undefined) throw new CancelledError();
  return picked.format;
}
