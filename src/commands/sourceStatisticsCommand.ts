/**
 * Show Topic or Queue Statistics: the statistics a store shows (types, days, schema variants, largest keys)
 * plus who sent the messages, for one topic or queue, from a bounded sample of its messages, in the
 * statistics view (each variant's example opens in one click) or as JSON or CSV in an untitled document.
 * The source is the tree node's (whatever its kind says it reads figures of) or one picked from a broker's
 * channels. A source whose reading changes state (a classic queue's peek) is read only after its plan is
 * confirmed.
 */
import * as vscode from 'vscode';
import type { Broker } from '../connectors/broker';
import { readSourceStatisticsWithExamples, SourceNotReadError } from '../connectors/reads/sourceStatistics';
import type { StoreStatistics } from '../connectors/reads/statistics';
import { connectionOf, type TreeNode } from '../explorer/treeNode';
import { isPreconfirmed } from '../ui/confirmation';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError, withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import type { CommandServices } from './services';
import { openStatisticsDocument } from '../panels/statistics/statisticsDocument';
import type { StatisticsPanel } from '../panels/statistics/statisticsPanel';
import type { StatisticsFormat } from './statisticsCommands';
import { openSourceExample } from './sourceStatisticsView';
import { confirmStatisticsRead, type StatisticsViews } from './statisticsViews';

interface SourceToRead {
  connectionId: string;
  label: string;
  broker: Broker;
  source: string;
}

export function registerSourceStatisticsCommand(services: CommandServices, views: StatisticsViews): vscode.Disposable[] {
  return [
    // `requestedFormat` lets a caller (a test) skip the format question ('view' too); a `preconfirm` token as `confirmed` skips the plan's.
    registerCommand(services.log, COMMANDS.showSourceStatistics, 'show topic or queue statistics', async (node?: TreeNode, requestedFormat?: SourceStatisticsFormat, confirmed?: unknown): Promise<StoreStatistics | StatisticsPanel> => {
      const target = await sourceToRead(services, node);
      const format = requestedFormat ?? (await chooseStatisticsFormat());
      const subject = `${target.source} of ${target.label}`;
      const { statistics, examples } = await withProgress(`Reading statistics of ${subject}`, (signal, progress) =>
        readSourceStatisticsWithExamples(target.broker, target.source, {
          signal,
          onProgress: progress,
          mayRead: (plan) => isPreconfirmed(confirmed) || confirmStatisticsRead(subject, plan),
        }),
      ).catch((error: unknown) => {
        if (error instanceof SourceNotReadError && error.plan.refused === undefined) throw new CancelledError();
        throw error;
      });
      services.log.info(`Statistics of ${subject}: ${describe(statistics)}`);
      if (format !== 'view') {
        await openStatisticsDocument(statistics, format);
        return statistics;
      }
      const from = { connectionId: target.connectionId, label: target.label, source: target.source };
      return views.show({ kind: 'source', ...from }, { statistics, openExample: (type, reference) => openSourceExample(services, from, examples, type, reference) });
    }),
  ];
}

/** The statistics view, or a document of one of the export formats. */
type SourceStatisticsFormat = StatisticsFormat | 'view';

/** The node's topic or queue, or one the user picks among a broker's channels that hold messages. */
async function sourceToRead(services: CommandServices, node?: TreeNode): Promise<SourceToRead> {
  const fromNode = node === undefined ? undefined : connectionOf(node);
  const named = node === undefined || fromNode === undefined ? [] : [...new Set(services.tree.model.figureTargetsOfNode(node).sources.map((s) => s.name))];
  const connectionId = fromNode?.id ?? (await pickBrokerId(services));
  const opened = await withProgress('Opening the connection…', (signal) => services.connections.open(connectionId, signal));
  if (opened.role !== 'broker') throw new Error(`${opened.connection.label} is an event store: use "Show Event Statistics" for it.`);
  const broker = opened.broker;
  if (named.length === 1) return { connectionId, label: opened.connection.label, broker, source: named[0] };
  const map = await withProgress(`Listing the channels of ${opened.connection.label}…`, (signal) => broker.channels({ connectionId, signal }));
  const items = map.channels.filter((c) => c.role === 'holds' && c.internal !== true).map((c) => ({ label: c.name, description: [c.kind, c.scope].filter((p) => p !== undefined && p !== '').join(' · '), name: c.name }));
  if (items.length === 0) throw new Error(`${opened.connection.label} has no topic or queue to read.`);
  const picked = await vscode.window.showQuickPick(items, { title: `Statistics of which topic or queue of ${opened.connection.label}?`, ignoreFocusOut: true, matchOnDescription: true });
  if (picked === undefined) throw new CancelledError();
  return { connectionId, label: opened.connection.label, broker, source: picked.name };
}

async function pickBrokerId(services: CommandServices): Promise<string> {
  const brokers = services.connections.all().filter((c) => c.role === 'broker');
  if (brokers.length === 0) throw new Error('there is no Kafka cluster or RabbitMQ broker yet: add one first.');
  if (brokers.length === 1) return brokers[0].id;
  const picked = await vscode.window.showQuickPick(
    brokers.map((c) => ({ label: c.label, description: c.description, id: c.id })),
    { title: 'Statistics of a topic or queue of which connection?', ignoreFocusOut: true },
  );
  if (picked === undefined) throw new CancelledError();
  return picked.id;
}

function describe(statistics: StoreStatistics): string {
  const variants = statistics.types.reduce((sum, type) => sum + type.variants.length, 0);
  const producers = statistics.producers?.producers.length ?? 0;
  const notes = statistics.notes?.length ? ` ${statistics.notes.join(' ')}` : '';
  return `${statistics.types.length} event types, ${variants} schema variants, ${producers} named producers, from ${statistics.sample.note}.${notes}`;
}

async function chooseStatisticsFormat(): Promise<SourceStatisticsFormat> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Statistics View', description: "types, variants and their drift; each variant's example opens in one click", format: 'view' as const },
      { label: 'JSON', description: 'every figure, variants with their fields and examples', format: 'json' as const },
      { label: 'CSV', description: 'one table for a spreadsheet', format: 'csv' as const },
    ],
    { title: 'Show topic or queue statistics as…', ignoreFocusOut: true },
  );
  if (picked === undefined) throw new CancelledError();
  return picked.format;
}
