/**
 * The timeline app: owns what the webview knows (the view's size, the selection, the filter, playing or
 * not) and routes the host's messages to the parts of the page. The host keeps the stream; this side
 * only ever holds a few pages of rows and one event's detail.
 */
import type { EventDetail, EventRow, ExtensionToWebview, StepTarget, TimelineInit } from '../../src/protocol/timeline';
import { el, formatCount } from '../shared/dom';
import { createBadge, createProgressRing } from '../shared/toolkit';
import { DebugBar } from './debugBar';
import { DetailView } from './detailView';
import { createEventList, type EventList, type ListKeyAction } from './eventList';
import { FilterView } from './filterView';
import type { Host } from './host';
import { Toolbar } from './toolbar';
import { ReducerNotes } from './reducerNotes';
import { WarningsBanner } from './warningsBanner';

const PLAY_INTERVAL_MS = 400;

export class TimelineApp {
  private readonly title = el('h1', { id: 'aggregate-id', className: 'aggregate-id', text: 'Timeline' });
  private readonly subtitle = el('div', { className: 'aggregate-facts' });
  private readonly message = el('div', { id: 'message', className: 'message', attributes: { role: 'alert' } });
  private readonly loading = el('div', { id: 'loading', className: 'loading' }, [createProgressRing(), el('span', { text: 'Loading events…' })]);
  private readonly toolbar: Toolbar;
  private readonly filter: FilterView;
  private readonly warnings: WarningsBanner;
  private readonly reducerNotes: ReducerNotes;
  private readonly list: EventList;
  private readonly detail = new DetailView();
  private readonly debug: DebugBar;
  private init: TimelineInit | undefined;
  /** The init the page carried in its first view, until the host's own init arrives. */
  private firstInit: string | undefined;
  private viewTotal = 0;
  private filterTypes: string[] = [];
  private selected: EventDetail | undefined;
  private playing = false;
  private playTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param firstViewShown called once the first view is on screen (its rows painted, an empty stream or
   *   an error): what can wait for it, like the toolkit's definitions, starts then.
   */
  constructor(
    private readonly host: Host,
    root: HTMLElement,
    private readonly firstViewShown: () => void = () => undefined,
  ) {
    // The host's answers arrive as later tasks, after this constructor: ask for the stream's facts (and its
    // first page of rows, when the page carries no first view) before building the page, so the round trips
    // overlap the work below.
    this.list = createEventList({
      select: (index) => host.post({ type: 'select', index }),
      key: (action) => this.onListKey(action),
      requestRows: (request) => host.post({ type: 'requestRows', ...request }),
      // The callback runs in the frame, before its paint: anything started there starts after the paint.
      firstRowsShown: () => requestAnimationFrame(() => this.firstViewShown()),
    });
    host.onMessage((message) => this.receive(message));
    host.post({ type: 'ready' });
    const firstView = host.firstView();
    if (firstView === undefined) {
      host.post({ type: 'requestRows', ...this.list.prefetch() });
    } else {
      this.firstInit = JSON.stringify(firstView.init);
    }
    this.toolbar = new Toolbar({
      step: (to) => this.step(to),
      togglePlay: () => this.togglePlay(),
      exportStream: () => host.post({ type: 'export', what: 'stream' }),
      exportState: () => host.post({ type: 'export', what: 'state' }),
    });
    this.filter = new FilterView((types) => host.post({ type: 'setFilter', types }));
    const openLocation = (location: { file: string; line: number; column?: number }): void => host.post({ type: 'openLocation', ...location });
    this.warnings = new WarningsBanner((index) => host.post({ type: 'select', index }), openLocation);
    this.reducerNotes = new ReducerNotes(openLocation);
    this.debug = new DebugBar((message) => host.post(message));
    this.message.hidden = true;
    this.toolbar.setPosition(-1, 0);

    root.replaceChildren(
      el('header', { className: 'app-header' }, [el('div', { className: 'aggregate' }, [this.title, this.subtitle, this.reducerNotes.choice]), this.toolbar.element]),
      this.debug.element,
      this.message,
      this.reducerNotes.banner,
      this.warnings.element,
      this.filter.element,
      el('main', { className: 'app-main' }, [
        el('section', { className: 'list-pane', attributes: { 'aria-label': 'Event list' } }, [
          el('div', { className: 'list-header', attributes: { 'aria-hidden': 'true' } }, [
            el('span', { className: 'row-marker' }),
            el('span', { className: 'row-version', text: 'Ver' }),
            el('span', { className: 'row-type', text: 'Type' }),
            el('span', { className: 'row-summary', text: 'Summary' }),
            el('span', { className: 'row-time', text: 'Time (UTC)' }),
          ]),
          this.loading,
          this.list.element,
        ]),
        this.detail.element,
      ]),
    );

    this.list.attach();
    if (firstView !== undefined) this.onInit(firstView.init, { offset: firstView.rowsOffset, rows: firstView.rows });

    // Playback runs until the end or until the user clicks anywhere but the play button.
    document.addEventListener('pointerdown', (event) => {
      if (this.playing && !(event.target instanceof Node && this.toolbar.playButton.contains(event.target))) this.stopPlaying();
    });
  }

  private receive(message: ExtensionToWebview): void {
    switch (message.type) {
      case 'init': {
        // The host answers `ready` with the init the page already showed: nothing changed, nothing to redo.
        const repeatsFirstView = this.firstInit !== undefined && JSON.stringify(message) === this.firstInit;
        this.firstInit = undefined;
        if (!repeatsFirstView) this.onInit(message);
        break;
      }
      case 'rows':
        this.list.acceptRows(message.requestId, message.offset, message.rows, message.total);
        break;
      case 'selected':
        this.onSelected(message.detail);
        break;
      case 'filtered':
        this.onFiltered(message.types, message.total);
        break;
      case 'loading':
        this.loading.hidden = false;
        this.loading.replaceChildren(createProgressRing(), el('span', { text: `Loading events… ${formatCount(message.loaded)} so far` }));
        break;
      case 'error':
        this.stopPlaying();
        this.showMessage(message.message, 'error');
        this.firstViewShown();
        break;
      case 'notice':
        this.showMessage(message.message, 'notice');
        break;
      case 'comparison':
        this.debug.showComparison(message.comparison);
        break;
      case 'breakpoint':
        this.debug.showBreakpoint(message.expression);
        break;
      case 'breakpointHit':
        this.stopPlaying();
        this.debug.showHit(message.index, message.expression);
        break;
    }
  }

  /** `atEnd`: rows at the end of the view already at hand, where the timeline opens unless it restores a selection. */
  private onInit(init: TimelineInit, atEnd?: { offset: number; rows: EventRow[] }): void {
    const previous = this.host.loadState();
    const sameAggregate = previous !== undefined && previous.storeLabel === init.storeLabel && previous.aggregateId === init.aggregateId;
    this.init = init;
    this.loading.hidden = true;
    this.message.hidden = true;
    this.stopPlaying();
    this.title.textContent = init.aggregateId;
    this.subtitle.replaceChildren(
      createBadge(init.aggregateType, 'badge-type'),
      el('span', { className: 'muted', text: `${formatCount(init.total)} events · reducer ${init.reducer} · ${init.storeLabel}` }),
    );
    if (init.snapshotVersions.length > 0) {
      this.subtitle.append(el('span', { className: 'muted', text: ` · ${init.snapshotVersions.length} snapshot${init.snapshotVersions.length === 1 ? '' : 's'}` }));
    }
    if (init.notAppliedCount > 0) {
      const count = init.notAppliedCount;
      this.subtitle.append(
        el('span', {
          id: 'not-applied-count',
          className: 'not-applied-count',
          text: ` · ${formatCount(count)} not applied`,
          title: `${formatCount(count)} ${count === 1 ? 'event' : 'events'} the ${init.reducer} reducer could not apply; the state stays unchanged at ${count === 1 ? 'it' : 'each'}`,
        }),
      );
    }
    if (init.notReplayed !== undefined && init.notReplayed.count > 0) {
      const { count, failedAt } = init.notReplayed;
      this.subtitle.append(
        el('span', {
          id: 'not-replayed-count',
          className: 'not-applied-count',
          text: ` · ${formatCount(count)} not replayed: the reducer failed at ${failedAt}`,
          title: `The ${init.reducer} reducer threw at ${failedAt}: from there on (${count === 1 ? '1 event' : `${formatCount(count)} events`}) the state shown is the one before ${failedAt}`,
        }),
      );
    }
    this.reducerNotes.show(init.reducerNotes ?? []);
    this.warnings.show(init.warnings);
    this.debug.reset();
    this.viewTotal = init.total;
    this.filterTypes = [];
    this.selected = undefined;
    this.filter.setTypes(init.eventTypes, []);
    const restoresSelection = sameAggregate && previous.selectedIndex !== null && previous.selectedIndex < init.total;
    this.list.reset(init.total, restoresSelection ? undefined : atEnd);
    this.toolbar.setPosition(-1, init.total);
    if (init.total === 0) {
      this.showMessage('This aggregate has no events yet.', 'notice');
      this.firstViewShown();
      return;
    }

    const known = new Set(init.eventTypes);
    const filter = sameAggregate ? previous.filter.filter((type) => known.has(type)) : [];
    if (filter.length > 0) this.host.post({ type: 'setFilter', types: filter, restore: true });
    const index = sameAggregate ? previous.selectedIndex : null;
    if (index !== null && index < init.total) {
      this.host.post({ type: 'select', index, restore: true });
    } else {
      this.host.post({ type: 'step', to: 'last', restore: true });
    }
  }

  private onSelected(detail: EventDetail): void {
    this.selected = detail;
    // The list first: a scroll it needs reads layout, cheaper before the detail pane changes.
    this.list.setSelected(detail.index, detail.position);
    this.detail.show(detail, this.viewTotal);
    this.debug.setSelected(detail);
    this.toolbar.setPosition(detail.position, this.viewTotal);
    this.saveState();
    if (this.playing) {
      if (detail.position < 0 || detail.position >= this.viewTotal - 1) {
        this.stopPlaying();
      } else {
        // Play steps through the host, which checks the breakpoint after each event (in the sandbox).
        this.playTimer = setTimeout(() => this.host.post({ type: 'playStep' }), PLAY_INTERVAL_MS);
      }
    }
  }

  private onFiltered(types: string[], total: number): void {
    this.filterTypes = types;
    this.viewTotal = total;
    this.filter.setSelected(types);
    this.list.reset(total);
    if (this.selected !== undefined) this.list.setSelected(this.selected.index, -1);
    this.toolbar.setPosition(-1, total);
    this.saveState();
  }

  private step(to: StepTarget): void {
    this.host.post({ type: 'step', to });
  }

  private onListKey(action: ListKeyAction): void {
    if (action === 'toggle-play') {
      this.togglePlay();
    } else {
      this.stopPlaying();
      this.step(action);
    }
  }

  private togglePlay(): void {
    if (this.playing) {
      this.stopPlaying();
      return;
    }
    if (this.viewTotal === 0) return;
    this.playing = true;
    this.toolbar.setPlaying(true);
    const atEnd = this.selected === undefined || this.selected.position < 0 || this.selected.position >= this.viewTotal - 1;
    if (atEnd) this.step('first');
    else this.host.post({ type: 'playStep' });
  }

  private stopPlaying(): void {
    if (this.playTimer !== undefined) clearTimeout(this.playTimer);
    this.playTimer = undefined;
    if (!this.playing) return;
    this.playing = false;
    this.toolbar.setPlaying(false);
  }

  private showMessage(text: string, kind: 'error' | 'notice'): void {
    this.message.hidden = false;
    this.message.className = `message message-${kind}`;
    const dismiss = el('button', { className: 'link-button', text: 'Dismiss', attributes: { type: 'button' } });
    dismiss.addEventListener('click', () => {
      this.message.hidden = true;
    });
    this.message.replaceChildren(el('span', { text }), dismiss);
  }

  private saveState(): void {
    if (this.init === undefined) return;
    this.host.saveState({
      storeLabel: this.init.storeLabel,
      ...(this.init.connectionId !== undefined ? { connectionId: this.init.connectionId } : {}),
      aggregateId: this.init.aggregateId,
      aggregateType: this.init.aggregateType,
      selectedIndex: this.selected?.index ?? null,
      filter: this.filterTypes,
    });
  }
}
