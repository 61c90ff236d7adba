/**
 * The statistics view's panel: one source's statistics (a store's, an aggregate type's, or any reader's
 * in the `StoreStatistics` shape) shown in the page; a type's variants sent when the page asks; a
 * variant's example opened the way the caller says; the statistics exported as JSON or CSV into an
 * untitled document.
 */
import * as vscode from 'vscode';
import type { StoreStatistics } from '../../connectors/reads/statistics';
import type { EventReference } from '../../core/eventStatistics';
import { describeError } from '../../errors';
import { parseStatisticsMessage, type StatisticsExportFormat, type StatisticsFirstView, type StatisticsToHost, type StatisticsToWebview } from '../../protocol/statistics';
import { PanelHost, type PanelHostServices } from '../panelHost';
import { openStatisticsDocument } from './statisticsDocument';
import { exampleReference, statisticsSubject, statisticsViewOf, typeDetailOf } from './statisticsView';

export interface StatisticsPanelOptions {
  services: PanelHostServices;
  statistics: StoreStatistics;
  /** Opens one example event: a store's as its aggregate's timeline at its version, another source's as it can. */
  openExample(type: string, reference: EventReference): Promise<void>;
  /** Told of each export, for the log. */
  exported?(format: StatisticsExportFormat): void;
}

export class StatisticsPanel implements vscode.Disposable {
  private readonly host: PanelHost<StatisticsToHost, StatisticsToWebview>;

  constructor(private readonly options: StatisticsPanelOptions) {
    const { statistics } = options;
    const detail = typeDetailOf(statistics, 0);
    const firstView: StatisticsFirstView = { view: statisticsViewOf(statistics), ...(detail ? { detail } : {}) };
    this.host = new PanelHost<StatisticsToHost, StatisticsToWebview>(
      {
        app: 'statistics',
        viewType: 'eventFlows.statistics',
        title: `Statistics: ${statisticsSubject(statistics)}`,
        label: `Statistics of ${statisticsSubject(statistics)}`,
        place: { column: vscode.ViewColumn.Active },
        firstView,
        parse: parseStatisticsMessage,
        answer: (message) => this.answer(message),
        failure: (_message, error) => describeError(error),
      },
      options.services,
    );
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  get statistics(): StoreStatistics {
    return this.options.statistics;
  }

  /** Answers one message from the page (also what tests call). */
  receive(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private async answer(message: StatisticsToHost): Promise<void> {
    const { statistics } = this.options;
    switch (message.type) {
      case 'ready':
        await this.host.post({ type: 'view', view: statisticsViewOf(statistics) });
        return;
      case 'showType': {
        const detail = typeDetailOf(statistics, message.typeIndex);
        if (detail === undefined) throw new Error(`there is no event type #${message.typeIndex} in these statistics.`);
        await this.host.post({ type: 'typeDetail', detail });
        return;
      }
      case 'openExample': {
        const named = exampleReference(statistics, message.typeIndex, message.variantIndex, message.which);
        if (named === undefined) throw new Error(`there is no variant #${message.variantIndex + 1} of event type #${message.typeIndex} in these statistics.`);
        await this.options.openExample(named.type, named.reference);
        return;
      }
      case 'export':
        await openStatisticsDocument(statistics, message.format);
        this.options.exported?.(message.format);
        return;
    }
  }
}
