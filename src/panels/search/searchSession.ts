/**
 * One search view's state, free of the vscode API: the plan of every source (made when the view opens, and
 * again on request), the search over the sources the user ticked (a few at a time, each answer merged into
 * the results as it comes, progress per source), cancel, and the view the page draws.
 */
import type { FoundEvent } from '../../core/flow/flowTypes';
import { changesState, describeOutcome, describePlan } from '../../connectors/reads/readPlan';
import type { SearchWindow, SourceSearchResult } from '../../connectors/reads/search';
import { runSearch, type SearchSource } from '../../connectors/reads/searchRun';
import { searchSourceId, type SearchLeftOut, type SearchSourceView, type SearchState, type SearchView } from '../../protocol/search';
import { parseSearchTerm, type SearchTerm } from '../../protocol/searchTerms';
import { SearchResults } from './searchResults';

/**
 * Per source: a text search over a busy topic stops here and says so; with the results' own bound, ten
 * sources that each find this many still fit.
 */
export const SEARCH_LIMIT_PER_SOURCE = 10_000;

export interface SearchPlanResult {
  sources: SearchSource[];
  /** Connections that could not be opened, with why. */
  leftOut: SearchLeftOut[];
}

export interface SearchSessionOptions {
  /** Opens every connection and asks each source what reading it does. */
  plan(): Promise<SearchPlanResult>;
  describeError(error: unknown): string;
  /** Called after every change; the panel coalesces what it posts. */
  changed(): void;
  /** A source answered (the panel offers the indexes a store lacked). */
  answered?(source: SearchSource, result: SourceSearchResult): void;
  limitPerSource?: number;
}

export interface SearchRequest {
  term: SearchTerm;
  window: SearchWindow;
  /** Indices into the plan; refused ones are never read. */
  sources: readonly number[];
}

export class SearchSession {
  readonly results = new SearchResults();
  private sources: SearchSource[] = [];
  private statuses: SearchSourceView[] = [];
  private leftOut: SearchLeftOut[] = [];
  /** From the start: the view opens to make its plan. */
  private planning = true;
  private planVersion = 0;
  private searchVersion = 0;
  private running = false;
  private status = 'Reading what each source does before anything is searched…';
  private controller: AbortController | undefined;

  constructor(private readonly options: SearchSessionOptions) {}

  /** Makes the plan (again): every source with what reading it does; nothing is read. */
  async plan(): Promise<void> {
    this.cancel();
    this.planning = true;
    this.status = 'Reading what each source does before anything is searched…';
    this.options.changed();
    try {
      const planned = await this.options.plan();
      this.sources = planned.sources;
      this.leftOut = planned.leftOut;
      this.statuses = planned.sources.map((source, index) => ({
        index,
        id: searchSourceId(source.connectionId, source.plan.source),
        label: `${source.connectionLabel} › ${source.plan.source}`,
        plan: describePlan(source.plan),
        changesState: changesState(source.plan),
        ...(source.plan.refused === undefined ? {} : { refused: source.plan.refused }),
        state: 'planned',
        scanned: 0,
        found: 0,
        detail: '',
      }));
      const changing = this.statuses.filter((s) => s.changesState && s.refused === undefined).length;
      this.status = `${this.statuses.length} source(s) planned${changing > 0 ? `; ${changing} change state when read and start unticked` : ''}. Type a query and press Search.`;
    } catch (error) {
      this.status = `Could not make the plan: ${this.options.describeError(error)}`;
      throw error;
    } finally {
      this.planning = false;
      this.planVersion += 1;
      this.options.changed();
    }
  }

  /** Runs a search over the chosen sources; resolves when each answered, failed or the search was cancelled. */
  async search(request: SearchRequest): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    this.searchVersion += 1;
    this.results.clear();
    for (const status of this.statuses) Object.assign(status, { state: 'planned', scanned: 0, found: 0, detail: '' });
    const chosen = [...new Set(request.sources)].filter((i) => this.sources[i] !== undefined && this.sources[i].plan.refused === undefined);
    const byKey = new Map<SearchSource, SearchSourceView>();
    for (const index of chosen) {
      byKey.set(this.sources[index], this.statuses[index]);
      this.statuses[index].state = 'reading';
    }
    this.running = chosen.length > 0;
    this.status = chosen.length === 0 ? 'No source is ticked: tick at least one in the plan.' : `Searching ${chosen.length} source(s)…`;
    this.options.changed();
    if (chosen.length === 0) return;
    try {
      await runSearch(
        chosen.map((i) => this.sources[i]),
        { window: request.window, predicate: request.term, limit: this.options.limitPerSource ?? SEARCH_LIMIT_PER_SOURCE },
        {
          signal: controller.signal,
          onProgress: (source, scanned) => {
            const status = byKey.get(source);
            if (this.controller !== controller || !status || status.state !== 'reading') return;
            status.scanned = scanned;
            this.options.changed();
          },
          onResult: (source, result) => {
            const status = byKey.get(source);
            if (this.controller !== controller || !status) return;
            const found: FoundEvent[] = result.events.map((event) => ({ event, connectionId: source.connectionId, connectionLabel: source.connectionLabel, source: result.source }));
            this.results.add(found);
            const limitNote = result.complete ? [] : [`Stopped at ${result.events.length} found: not the whole window was searched.`];
            Object.assign(status, { state: 'answered', scanned: result.scanned, found: result.events.length, detail: [`${describeOutcome(result.outcome)}.`, ...limitNote, ...result.notes].join(' ') });
            this.options.answered?.(source, result);
            this.status = this.describeProgress(chosen.length);
            this.options.changed();
          },
          onError: (source, error) => {
            const status = byKey.get(source);
            if (this.controller !== controller || !status) return;
            Object.assign(status, { state: 'failed', detail: this.options.describeError(error) });
            this.status = this.describeProgress(chosen.length);
            this.options.changed();
          },
        },
      );
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = undefined;
        for (const status of byKey.values()) {
          if (status.state === 'reading') Object.assign(status, { state: 'stopped', detail: controller.signal.aborted ? 'cancelled before it answered' : 'did not answer' });
        }
        this.status = `${controller.signal.aborted ? 'Cancelled: ' : ''}${this.describeProgress(chosen.length)}`;
        this.options.changed();
      }
    }
  }

  /**
   * A search saved before a window reload, over the plan made since: run again at once when none of the
   * sources it read changes state when read (a classic queue's peek is never repeated unasked); otherwise the
   * status says why it waits for Search. True when it ran.
   */
  async resume(saved: SearchState): Promise<boolean> {
    if (!saved.searched) return false;
    const parsed = parseSearchTerm(saved.kind, saved.text);
    const chosen = this.statuses.filter((s) => saved.sources.includes(s.id) && s.refused === undefined);
    const changing = chosen.filter((s) => s.changesState);
    const waiting = !parsed.ok
      ? `the query is not one to run (${parsed.problem})`
      : chosen.length === 0
        ? 'none of the sources it read is in the plan now'
        : changing.length > 0
          ? `reading ${changing.map((s) => s.label).join(', ')} changes state, so it is read only when you ask`
          : undefined;
    if (waiting !== undefined || !parsed.ok) {
      this.status = `Restored the search after a reload; not run again: ${waiting ?? ''}. Press Search to run it.`;
      this.options.changed();
      return false;
    }
    const lost = saved.sources.length - chosen.length;
    await this.search({ term: parsed.term, window: saved.window, sources: chosen.map((s) => s.index) });
    if (lost > 0 && !this.running) {
      this.status = `${this.status} · ${lost} source(s) searched before the reload are not in the plan now`;
      this.options.changed();
    }
    return true;
  }

  /** Stops the reads still running; each source's own cancel leaves nothing behind on its server. */
  cancel(): void {
    this.controller?.abort();
  }

  /** The found event a row names. */
  found(key: number): FoundEvent | undefined {
    return this.results.get(key);
  }

  view(): SearchView {
    return {
      planning: this.planning,
      planVersion: this.planVersion,
      sources: this.statuses.map((s) => ({ ...s })),
      leftOut: [...this.leftOut],
      running: this.running,
      searchVersion: this.searchVersion,
      total: this.results.size,
      status: this.status,
    };
  }

  private describeProgress(searched: number): string {
    const answered = this.statuses.filter((s) => s.state === 'answered').length;
    const failed = this.statuses.filter((s) => s.state === 'failed').length;
    const dropped = this.results.dropped;
    return [
      `${this.results.size.toLocaleString('en-US')} event(s) found`,
      `${answered} of ${searched} source(s) answered${failed > 0 ? `, ${failed} failed` : ''}`,
      ...(dropped > 0 ? [`${dropped.toLocaleString('en-US')} more not kept (the view holds ${this.results.size.toLocaleString('en-US')})`] : []),
    ].join(' · ');
  }
}
