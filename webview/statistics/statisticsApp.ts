/**
 * The statistics view: what the statistics are of and how the events were chosen, the event types (count,
 * share, how many shapes each has), the selected type's variants table, events per UTC day and the
 * largest aggregates; Export JSON and Export CSV. The host keeps the statistics and sends one type's
 * variants when the page asks for them.
 */
import type { StatisticsOrigin, StatisticsToWebview, StatisticsTypeRow, StatisticsView, TypeDetail } from '../../src/protocol/statistics';
import { countOf, el, formatCount, formatListTime, setText } from '../shared/dom';
import type { Host } from './host';
import { percent, variantTable } from './variantTable';

export class StatisticsApp {
  private readonly title = el('h1', { id: 'statistics-title', className: 'statistics-title' });
  private readonly summary = el('p', { id: 'statistics-summary', className: 'statistics-summary' });
  private readonly notes = el('ul', { id: 'statistics-notes', className: 'statistics-notes' });
  private readonly message = el('div', { id: 'statistics-message', className: 'statistics-message', attributes: { role: 'alert' } });
  private readonly bannerText = el('span', { id: 'statistics-banner-text' });
  private readonly readAgain = el('button', { id: 'read-again', className: 'button', text: 'Read Again', attributes: { type: 'button' } });
  private readonly banner = el('div', { id: 'statistics-banner', className: 'statistics-banner', attributes: { role: 'status' } }, [this.bannerText, this.readAgain]);
  private readonly types = el('ul', { id: 'type-list', className: 'type-list', attributes: { 'aria-label': 'Event types' } });
  private readonly variants = el('section', { id: 'variants', className: 'variants', attributes: { 'aria-live': 'polite' } });
  private readonly days = el('table', { id: 'day-table', className: 'day-table' });
  private readonly aggregates = el('ol', { id: 'aggregate-list', className: 'aggregate-list' });
  private view: StatisticsView | undefined;
  private selected = 0;
  private shown: TypeDetail | undefined;
  /** What the statistics are of, kept in the page's state so that the view comes back after a reload. */
  private origin: StatisticsOrigin | undefined;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    const exportJson = el('button', { id: 'export-json', className: 'button', text: 'Export JSON', title: 'Every figure, variants with their fields and examples, in a new editor', attributes: { type: 'button' } });
    const exportCsv = el('button', { id: 'export-csv', className: 'button', text: 'Export CSV', title: 'One table for a spreadsheet, in a new editor', attributes: { type: 'button' } });
    exportJson.addEventListener('click', () => host.post({ type: 'export', format: 'json' }));
    exportCsv.addEventListener('click', () => host.post({ type: 'export', format: 'csv' }));
    this.readAgain.addEventListener('click', () => host.post({ type: 'readAgain', typeIndex: this.selected }));
    root.append(
      el('header', { className: 'statistics-header' }, [el('div', { className: 'statistics-heading' }, [this.title, el('div', { className: 'statistics-actions' }, [exportJson, exportCsv])]), this.summary, this.notes]),
      this.banner,
      this.message,
      el('div', { className: 'statistics-body' }, [
        el('nav', { className: 'type-pane' }, [el('h2', { text: 'Event types' }), this.types]),
        el('main', { className: 'detail-pane' }, [
          this.variants,
          el('section', { className: 'days' }, [el('h2', { text: 'Events per day (UTC)' }), this.days]),
          el('section', { className: 'aggregates' }, [el('h2', { text: 'Largest aggregates' }), this.aggregates]),
        ]),
      ]),
    );
    host.onMessage((message) => this.receive(message));
    const saved = host.loadState();
    const first = host.firstView();
    this.origin = first?.origin ?? saved?.origin;
    this.selected = saved?.typeIndex ?? 0;
    this.saveState();
    if (first) {
      this.showView(first.view);
      if (first.detail) this.showDetail(first.detail);
    }
    if (saved && saved.typeIndex !== this.shown?.index && this.shown !== undefined) this.select(saved.typeIndex);
    host.post({ type: 'ready' });
  }

  private receive(message: StatisticsToWebview): void {
    switch (message.type) {
      case 'view':
        this.showView(message.view);
        return;
      case 'typeDetail':
        this.showDetail(message.detail);
        return;
      case 'error':
        this.say(message.message, true);
        return;
      case 'notice':
        this.say(message.message, false);
        return;
    }
  }

  private select(typeIndex: number): void {
    this.selected = typeIndex;
    this.saveState();
    this.markSelected();
    if (this.shown?.index !== typeIndex) this.host.post({ type: 'showType', typeIndex });
  }

  private saveState(): void {
    this.host.saveState({ typeIndex: this.selected, ...(this.origin ? { origin: this.origin } : {}) });
  }

  private showView(view: StatisticsView): void {
    this.view = view;
    // A view without statistics (restored, not read yet) drops the variants of the one before.
    if (view.types.length === 0) this.shown = undefined;
    setText(this.bannerText, view.banner?.text ?? '');
    this.readAgain.hidden = view.banner?.readAgain !== true;
    this.banner.hidden = view.banner === undefined;
    setText(this.title, `Event statistics: ${view.subject}`);
    const span = view.firstAt !== undefined && view.lastAt !== undefined ? ` from ${formatListTime(view.firstAt)} to ${formatListTime(view.lastAt)}` : '';
    const typeCount = view.types.length + view.otherTypes.types;
    setText(this.summary, `${formatCount(view.events)} events of ${formatCount(typeCount)}${view.otherTypes.typesAtLeast ? ' or more' : ''} types${span}; ${view.sample}.`);
    const notes = [
      ...view.notes,
      ...(view.skipped > 0 ? [`${formatCount(view.skipped)} stored events could not be read and are not counted.`] : []),
      ...(view.cutPayloads > 0 ? [`${formatCount(view.cutPayloads)} payloads were cut by the path or depth limit.`] : []),
      ...(view.otherTypes.events > 0 ? [`${formatCount(view.otherTypes.events)} events of ${formatCount(view.otherTypes.types)}${view.otherTypes.typesAtLeast ? ' or more' : ''} further types are counted as "other", without variants.`] : []),
    ];
    this.notes.replaceChildren(...notes.map((text) => el('li', { text })));
    this.types.replaceChildren(...view.types.map((type) => this.typeItem(type)));
    this.markSelected();
    this.showDays(view);
    this.aggregates.replaceChildren(
      ...view.largestAggregates.map((aggregate) => el('li', {}, [el('code', { text: aggregate.aggregateId }), el('span', { className: 'muted', text: ` ${countOf(aggregate.events, 'event')}` })])),
    );
    if (!view.aggregates.exact) this.aggregates.append(el('li', { className: 'muted', text: `Only the first ${formatCount(view.aggregates.counted)} aggregates were counted: the ranking may miss some.` }));
    if (view.types.length === 0) this.variants.replaceChildren(el('p', { className: 'muted', text: 'No events.' }));
  }

  private typeItem(type: StatisticsTypeRow): HTMLLIElement {
    const button = el('button', { className: 'type-row', attributes: { type: 'button', 'data-index': String(type.index) } }, [
      el('span', { className: 'type-name', text: type.type }),
      el('span', { className: 'type-events', text: `${formatCount(type.events)} · ${percent(type.share)}` }),
      el('span', { className: type.variants > 1 ? 'type-variants drift' : 'type-variants', text: `${formatCount(type.variants)} shape${type.variants === 1 ? '' : 's'}${type.eventsInUnlistedVariants > 0 ? '+' : ''}` }),
    ]);
    button.title = `${type.type}: first ${formatListTime(type.firstAt)}, last ${formatListTime(type.lastAt)}`;
    button.addEventListener('click', () => this.select(type.index));
    return el('li', {}, [button]);
  }

  private markSelected(): void {
    for (const button of this.types.querySelectorAll<HTMLButtonElement>('.type-row')) {
      button.setAttribute('aria-pressed', String(button.dataset.index === String(this.selected)));
    }
  }

  private showDetail(detail: TypeDetail): void {
    if (detail.index !== this.selected && this.shown !== undefined) return;
    this.selected = detail.index;
    this.saveState();
    this.shown = detail;
    this.markSelected();
    const type = this.view?.types[detail.index];
    const span = type ? ` First seen ${formatListTime(type.firstAt)}, last seen ${formatListTime(type.lastAt)}.` : '';
    this.variants.replaceChildren(
      el('h2', { id: 'variant-heading', text: detail.type }),
      el('p', { className: 'muted', text: `Each shape its payloads had (field paths with their JSON types); the most common first, the others with what they lack (−) or add (+) against it.${span}` }),
      variantTable(detail, (variantIndex, which) => this.host.post({ type: 'openExample', typeIndex: detail.index, variantIndex, which })),
    );
  }

  private showDays(view: StatisticsView): void {
    const most = Math.max(1, ...view.days.map((day) => day.events));
    this.days.replaceChildren(
      ...view.days.map((day) => {
        const bar = el('span', { className: 'day-bar' });
        // Through the CSSOM: the CSP blocks style attributes.
        bar.style.width = `${((day.events / most) * 100).toFixed(1)}%`;
        return el('tr', { className: 'day-row', attributes: { 'data-day': day.day } }, [
          el('th', { text: day.day, attributes: { scope: 'row' } }),
          el('td', { className: 'number', text: formatCount(day.events) }),
          el('td', { className: 'day-bar-cell' }, [bar]),
        ]);
      }),
    );
  }

  private say(text: string, error: boolean): void {
    setText(this.message, text);
    this.message.className = error ? 'statistics-message error' : 'statistics-message';
  }
}
