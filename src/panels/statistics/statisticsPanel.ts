/**
 * The statistics view's panel: one source's statistics (a store's, an aggregate type's, or any reader's
 * in the `StoreStatistics` shape) shown in the page; a type's variants sent when the page asks; a
 * variant's example opened the way the caller says; the statistics exported as JSON or CSV into an
 * untitled document. A view restored after a reload starts without statistics, with a banner that says
 * why (being read again, not read again because reading changes the source, or the source is gone), and
 * takes them when they are read (`show`).
 */
import * as vscode from 'vscode';
import type { StoreStatistics } from '../../connectors/reads/statistics';
import type { EventReference } from '../../core/eventStatistics';
import { describeError } from '../../errors';
import { parseStatisticsMessage, type StatisticsBanner, type StatisticsExportFormat, type StatisticsFirstView, type StatisticsOrigin, type StatisticsToHost, type StatisticsToWebview, type StatisticsView } from '../../protocol/statistics';
import { PanelHost, type PanelHostServices, type PanelPlace } from '../panelHost';
import { openStatisticsDocument } from './statisticsDocument';
import { exampleReference, statisticsSubject, statisticsViewOf, typeDetailOf } from './statisticsView';

export const STATISTICS_VIEW_TYPE = 'eventFlows.statistics';

/** Opens one example event: a store's as its aggregate's timeline at its version, another source's as it can. */
export type OpenExample = (type: string, reference: EventReference) => Promise<void>;

/** Statistics read, and what opens their examples. */
export interface ShownStatistics {
  statistics: StoreStatistics;
  openExample: OpenExample;
}

export interface StatisticsPanelOptions {
  services: PanelHostServices;
  /** The statistics; absent in a restored view until they are read again. */
  shown?: ShownStatistics;
  /** What they are (to be) read from: the page keeps it for the next reload. */
  origin?: StatisticsOrigin;
  /** Names the view while it has no statistics. */
  subject?: string;
  banner?: StatisticsBanner;
  /** A new panel in the active column, or the one VS Code restored. */
  place?: PanelPlace;
  /** "Read Again" in the banner: reads the source (asking first when that changes it) and `show`s the result. */
  readAgain?(typeIndex: number): Promise<void>;
  /** Told of each export, for the log. */
  exported?(format: StatisticsExportFormat): void;
}

export class StatisticsPanel implements vscode.Disposable {
  private readonly host: PanelHost<StatisticsToHost, StatisticsToWebview>;
  private shown: ShownStatistics | undefined;
  private banner: StatisticsBanner | undefined;

  constructor(private readonly options: StatisticsPanelOptions) {
    this.shown = options.shown;
    this.banner = options.banner;
    const subject = this.shown ? statisticsSubject(this.shown.statistics) : (options.subject ?? 'statistics');
    const detail = this.shown ? typeDetailOf(this.shown.statistics, 0) : undefined;
    const firstView: StatisticsFirstView = { view: this.view(), ...(detail ? { detail } : {}), ...(options.origin ? { origin: options.origin } : {}) };
    this.host = new PanelHost<StatisticsToHost, StatisticsToWebview>(
      {
        app: 'statistics',
        viewType: STATISTICS_VIEW_TYPE,
        title: `Statistics: ${subject}`,
        label: `Statistics of ${subject}`,
        place: options.place ?? { column: vscode.ViewColumn.Active },
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

  /** The statistics shown; undefined while a restored view has none. */
  get statistics(): StoreStatistics | undefined {
    return this.shown?.statistics;
  }

  /** The banner shown above the figures, if any (tests read it). */
  get bannerText(): string | undefined {
    return this.banner?.text;
  }

  /** Statistics read (again): the page shows them, on the type at `typeIndex` when they have it. */
  async show(shown: ShownStatistics, typeIndex = 0): Promise<void> {
    this.shown = shown;
    this.banner = undefined;
    this.host.panel.title = `Statistics: ${statisticsSubject(shown.statistics)}`;
    await this.host.post({ type: 'view', view: this.view() });
    const detail = typeDetailOf(shown.statistics, Math.min(typeIndex, Math.max(0, shown.statistics.types.length - 1)));
    if (detail) await this.host.post({ type: 'typeDetail', detail });
  }

  /** Says why there are no statistics (any shown are dropped: they may name a source that is gone). */
  async say(banner: StatisticsBanner): Promise<void> {
    this.shown = undefined;
    this.banner = banner;
    await this.host.post({ type: 'view', view: this.view() });
  }

  /** Answers one message from the page (also what tests call). */
  receive(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private view(): StatisticsView {
    const view = this.shown ? statisticsViewOf(this.shown.statistics) : emptyView(this.options.subject ?? 'statistics');
    return this.banner ? { ...view, banner: this.banner } : view;
  }

  private async answer(message: StatisticsToHost): Promise<void> {
    if (message.type === 'ready') {
      await this.host.post({ type: 'view', view: this.view() });
      return;
    }
    if (message.type === 'readAgain') {
      if (this.options.readAgain === undefined) throw new Error('these statistics cannot be read again from here: run the command again.');
      await this.options.readAgain(message.typeIndex);
      return;
    }
    const shown = this.shown;
    // A restored view still without statistics: the banner says why; a type clicked meanwhile waits for them.
    if (shown === undefined) {
      if (message.type === 'showType') return;
      throw new Error(`there are no statistics in this view yet: ${this.banner?.text ?? 'read them again.'}`);
    }
    const { statistics } = shown;
    switch (message.type) {
      case 'showType': {
        const detail = typeDetailOf(statistics, message.typeIndex);
        if (detail === undefined) throw new Error(`there is no event type #${message.typeIndex} in these statistics.`);
        await this.host.post({ type: 'typeDetail', detail });
        return;
      }
      case 'openExample': {
        const named = exampleReference(statistics, message.typeIndex, message.variantIndex, message.which);
        if (named === undefined) throw new Error(`there is no variant #${message.variantIndex + 1} of event type #${message.typeIndex} in these statistics.`);
        await shown.openExample(named.type, named.reference);
        return;
      }
      case 'export':
        await openStatisticsDocument(statistics, message.format);
        this.options.exported?.(message.format);
        return;
    }
  }
}

/** The figures of a view that has no statistics yet. */
function emptyView(subject: string): StatisticsView {
  return { subject, sample: 'not read yet', notes: [], events: 0, skipped: 0, cutPayloads: 0, types: [], otherTypes: { events: 0, types: 0, typesAtLeast: false }, days: [], largestAggregates: [], aggregates: { counted: 0, exact: true } };
}
