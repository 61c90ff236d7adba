/**
 * Show Event Statistics: events per type and per day, the largest aggregates and the schema variants of
 * each type, for a store or the aggregate type its tree node names, in the statistics view (a variant's
 * example opens its event; JSON and CSV exported from there), or, when a caller asks for a format, as JSON
 * or CSV in a new untitled document (nothing is saved until the user saves it).
 */
import * as vscode from 'vscode';
import { readStoreStatistics, type StoreStatistics } from '../connectors/reads/statistics';
import { isAggregateTypeNode } from '../explorer/eventStore/storeNodes';
import type { TreeNode } from '../explorer/treeNode';
import { openStatisticsDocument } from '../panels/statistics/statisticsDocument';
import type { StatisticsPanel } from '../panels/statistics/statisticsPanel';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { openStore, pickStoreConnection } from './pickers';
import type { CommandServices } from './services';
import { openStoreExample } from './statisticsExamples';
import type { StatisticsViews } from './statisticsViews';

export type StatisticsFormat = 'json' | 'csv';

export function registerStatisticsCommands(services: CommandServices, views: StatisticsViews): vscode.Disposable[] {
  return [
    // `requestedFormat` lets a caller (a test) have the document instead of the view.
    registerCommand(services.log, COMMANDS.showStatistics, 'show event statistics', async (node?: TreeNode, requestedFormat?: StatisticsFormat): Promise<StoreStatistics | StatisticsPanel> => {
      const connection = await pickStoreConnection(services, node);
      const store = await openStore(connection);
      const aggregateType = isAggregateTypeNode(node) ? node.name : undefined;
      const subject = aggregateType === undefined ? connection.label : `the ${aggregateType} aggregates of ${connection.label}`;
      const statistics = await withProgress(`Reading statistics of ${subject}`, (signal, progress) =>
        readStoreStatistics(store, {
          ...(aggregateType !== undefined ? { aggregateType } : {}),
          signal,
          onProgress: (read) => progress(`${read.toLocaleString('en-US')} events read`),
        }),
      );
      services.log.info(`Statistics of ${subject}: ${describe(statistics)}`);
      if (requestedFormat !== undefined) {
        await openStatisticsDocument(statistics, requestedFormat);
        return statistics;
      }
      const origin = { kind: 'store' as const, connectionId: connection.id, label: connection.label, ...(aggregateType !== undefined ? { aggregateType } : {}) };
      return views.show(origin, { statistics, openExample: (type, reference) => openStoreExample(services, connection, type, reference) });
    }),
  ];
}

function describe(statistics: StoreStatistics): string {
  const variants = statistics.types.reduce((sum, type) => sum + type.variants.length, 0);
  const notes = statistics.notes?.length ? ` ${statistics.notes.join(' ')}` : '';
  return `${statistics.types.length} event types, ${variants} schema variants, from ${statistics.sample.note}.${notes}`;
}
