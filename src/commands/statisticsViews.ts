/**
 * The open statistics views (a store's, an aggregate type's, a topic's or a queue's), and what brings one
 * back after a window reload. The page keeps only what the statistics are of and the type it showed; the
 * figures are read again on restore when reading changes nothing (a store, a Kafka topic, a stream). A
 * source whose reading changes state (a classic queue's peek) is not read again silently: the view says
 * so and offers "Read Again", which asks first. A source that is gone (its connection removed, its topic or
 * queue deleted) is said to be gone in the view.
 */
import * as vscode from 'vscode';
import type { StoreConnection } from '../connections/connection';
import { describePlan, type SourcePlan } from '../connectors/reads/readPlan';
import { readSourceStatisticsWithExamples, SourceNotReadError } from '../connectors/reads/sourceStatistics';
import { readStoreStatistics } from '../connectors/reads/statistics';
import { describeError } from '../errors';
import { STATISTICS_VIEW_TYPE, StatisticsPanel, type ShownStatistics } from '../panels/statistics/statisticsPanel';
import { parseStatisticsState, type StatisticsOrigin } from '../protocol/statistics';
import { isCancellation, withProgress } from '../ui/progress';
import { openStore } from './pickers';
import type { CommandServices } from './services';
import { openSourceExample } from './sourceStatisticsView';
import { openStoreExample } from './statisticsExamples';
import { registerPanelSerializer } from '../ui/standIns';

/** Whether a read may go ahead when reading changes the source: asked of the user, or refused (a restore). */
export type MayRead = (subject: string, plan: SourcePlan) => boolean | Promise<boolean>;

export class StatisticsViews implements vscode.Disposable {
  private readonly open = new Set<StatisticsPanel>();

  constructor(
    private readonly services: CommandServices,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** The views open now (tests read them). */
  get panels(): readonly StatisticsPanel[] {
    return [...this.open];
  }

  /** A new view of statistics just read. */
  show(origin: StatisticsOrigin, shown: ShownStatistics): StatisticsPanel {
    return this.create(origin, { shown });
  }

  /**
   * A view VS Code brought back after a reload, with the state its page saved. It shows at once, saying
   * that it reads; the figures (or why there are none) follow.
   */
  restore(panel: vscode.WebviewPanel, state: unknown): StatisticsPanel | undefined {
    const saved = parseStatisticsState(state);
    if (saved?.origin === undefined) {
      panel.dispose();
      this.services.log.error('Could not restore a statistics view: its saved state names no source.');
      return undefined;
    }
    const { origin } = saved;
    const view = this.create(origin, { place: { restored: panel }, banner: { text: `Reading ${subjectOf(origin)} again after the reload…`, readAgain: false } });
    void this.readInto(view, origin, saved.typeIndex, () => false);
    return view;
  }

  dispose(): void {
    [...this.open].forEach((panel) => panel.dispose());
  }

  private create(origin: StatisticsOrigin, parts: Pick<ConstructorParameters<typeof StatisticsPanel>[0], 'shown' | 'place' | 'banner'>): StatisticsPanel {
    const subject = subjectOf(origin);
    const panel: StatisticsPanel = new StatisticsPanel({
      services: { extensionUri: this.extensionUri, log: this.services.log },
      origin,
      subject,
      ...parts,
      readAgain: (typeIndex) => this.readInto(panel, origin, typeIndex, confirmStatisticsRead),
      exported: (format) => this.services.log.info(`Statistics of ${subject} exported as ${format.toUpperCase()}`),
    });
    this.open.add(panel);
    panel.panel.onDidDispose(() => this.open.delete(panel));
    return panel;
  }

  /** Reads the origin's statistics into the view, or has the view say why they are not there. */
  private async readInto(view: StatisticsPanel, origin: StatisticsOrigin, typeIndex: number, mayRead: MayRead): Promise<void> {
    const subject = subjectOf(origin);
    const connection = this.services.connections.get(origin.connectionId);
    if (connection === undefined) {
      await view.say({ text: `${origin.label} is gone: its connection was removed, so ${subject} cannot be read again.`, readAgain: false });
      return;
    }
    try {
      const shown = origin.kind === 'store' ? await this.readStoreIfThere(connection as StoreConnection, origin) : await this.readSource(origin, mayRead);
      if (shown === undefined) {
        await view.say({ text: `${subject} is gone: ${origin.label} no longer has it.`, readAgain: true });
        return;
      }
      await view.show(shown, typeIndex);
    } catch (error) {
      if (error instanceof SourceNotReadError && error.plan.refused === undefined) {
        await view.say({ text: `${subject} was not read again: ${describePlan(error.plan)} "Read Again" reads it after asking.`, readAgain: true });
        return;
      }
      const reason = isCancellation(error) ? 'the read was cancelled.' : describeError(error);
      this.services.log.warn(`Statistics of ${subject} were not read again: ${reason}`);
      await view.say({ text: `${subject} could not be read again: ${reason}`, readAgain: true });
    }
  }

  private async readStore(connection: StoreConnection, origin: Extract<StatisticsOrigin, { kind: 'store' }>): Promise<ShownStatistics> {
    if (connection.role !== 'store') throw new Error(`${connection.label} is no longer an event store.`);
    const store = await openStore(connection);
    const { aggregateType } = origin;
    const statistics = await withProgress(`Reading statistics of ${subjectOf(origin)}`, (signal, progress) =>
      readStoreStatistics(store, { ...(aggregateType !== undefined ? { aggregateType } : {}), signal, onProgress: (read) => progress(`${read.toLocaleString('en-US')} events read`) }),
    );
    return { statistics, openExample: (type, reference) => openStoreExample(this.services, connection, type, reference) };
  }

  /** A store's statistics; undefined for an aggregate type that no longer has an event there. */
  private async readStoreIfThere(connection: StoreConnection, origin: Extract<StatisticsOrigin, { kind: 'store' }>): Promise<ShownStatistics | undefined> {
    const shown = await this.readStore(connection, origin);
    return origin.aggregateType !== undefined && shown.statistics.events === 0 ? undefined : shown;
  }

  /** The source's statistics; undefined when its broker no longer lists it. */
  private async readSource(origin: Extract<StatisticsOrigin, { kind: 'source' }>, mayRead: MayRead): Promise<ShownStatistics | undefined> {
    const subject = subjectOf(origin);
    return withProgress(`Reading statistics of ${subject}`, async (signal, progress) => {
      const opened = await this.services.connections.open(origin.connectionId, signal);
      if (opened.role !== 'broker') throw new Error(`${opened.connection.label} is no longer a broker.`);
      const map = await opened.broker.channels({ connectionId: origin.connectionId, signal });
      if (!map.channels.some((channel) => channel.role === 'holds' && channel.name === origin.source)) return undefined;
      const { statistics, examples } = await readSourceStatisticsWithExamples(opened.broker, origin.source, { signal, onProgress: progress, mayRead: (plan) => mayRead(subject, plan) });
      const from = { connectionId: origin.connectionId, label: origin.label, source: origin.source };
      return { statistics, openExample: (type, reference) => openSourceExample(this.services, from, examples, type, reference) };
    });
  }
}

/** Asks before reading a source changes it (a classic queue's peek): the plan, and "Read It". */
export async function confirmStatisticsRead(subject: string, plan: SourcePlan): Promise<boolean> {
  const button = 'Read It';
  const answer = await vscode.window.showWarningMessage(`Reading ${subject} changes it.`, { modal: true, detail: describePlan(plan) }, button);
  return answer === button;
}

/** What a view names its source by before it has statistics. */
export function subjectOf(origin: StatisticsOrigin): string {
  if (origin.kind === 'source') return `${origin.source} of ${origin.label}`;
  return origin.aggregateType === undefined ? origin.label : `the ${origin.aggregateType} aggregates of ${origin.label}`;
}

export function registerStatisticsSerializer(views: StatisticsViews, log: vscode.LogOutputChannel): vscode.Disposable {
  return registerPanelSerializer(STATISTICS_VIEW_TYPE, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      try {
        views.restore(panel, state);
      } catch (error) {
        panel.dispose();
        log.error(`Could not restore a statistics view: ${describeError(error)}`);
      }
      return Promise.resolve();
    },
  });
}
