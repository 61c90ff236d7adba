/**
 * The search view: the query, the read plan (what reading each source does, which to read), how each
 * source answers, and one virtualized table of every event found in time order; a click on a row opens it
 * (as a flow-view node opens), its Trace button traces its flow.
 */
import type { SearchPrefill, SearchState, SearchToWebview, SearchView } from '../../src/protocol/search';
import { el, setText } from '../shared/dom';
import type { VirtualList } from '../shared/virtualList';
import type { SearchRow } from '../../src/protocol/search';
import type { SearchKind } from '../../src/protocol/searchTerms';
import type { Host } from './host';
import { PlanList } from './planList';
import { createResultTable, resultHeader } from './resultTable';
import { SearchForm } from './searchForm';

export class SearchApp {
  private readonly form = new SearchForm(Date.now());
  private readonly plan = new PlanList(() => this.edited());
  private readonly list: VirtualList<SearchRow>;
  private readonly status = el('span', { id: 'search-status', className: 'search-status', attributes: { role: 'status' } });
  private readonly message = el('div', { id: 'search-message', className: 'search-message', attributes: { role: 'alert' } });
  private readonly planSummary = el('summary', { text: 'Read plan' });
  private searchVersion = -1;
  private total = 0;
  private opened: number | undefined;
  private searched = false;
  /** The query, window and ticks last searched (restored ones too): a reload may run them again. */
  private lastSearched: string | undefined;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.list = createResultTable({
      open: (key) => {
        this.opened = key;
        host.post({ type: 'open', key });
      },
      trace: (key) => host.post({ type: 'trace', key }),
      requestRows: (request) => host.post({ type: 'requestRows', ...request }),
    });
    this.list.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && this.opened !== undefined) host.post({ type: 'open', key: this.opened });
    });
    this.form.start.addEventListener('click', () => this.search());
    this.form.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.search();
    });
    this.form.cancel.addEventListener('click', () => host.post({ type: 'cancel' }));
    this.form.widen.addEventListener('click', () => {
      if (!this.form.widenWindow(Date.now())) this.show('The window already reaches back to all time.', false);
      else if (this.searched) this.search();
      else this.edited();
    });
    for (const field of [this.form.kind, this.form.text, this.form.from, this.form.to]) field.addEventListener('change', () => this.edited());
    const replan = el('button', { id: 'search-replan', className: 'button', text: 'Plan Again', title: 'Open the connections again and ask each source what reading it does', attributes: { type: 'button' } });
    replan.addEventListener('click', () => host.post({ type: 'plan' }));
    root.append(
      el('header', { className: 'search-header' }, [
        el('h1', { className: 'search-title', text: 'Search across systems' }),
        el('p', { className: 'note', text: 'Nothing is read until you press Search. The plan says what reading each source does; a source whose reading changes state (a classic queue is peeked) is read only when ticked.' }),
      ]),
      this.form.element,
      el('details', { className: 'plan-section', attributes: { open: '' } }, [this.planSummary, el('div', { className: 'plan-actions' }, [replan]), this.plan.element]),
      el('div', { className: 'status-bar' }, [this.status]),
      this.message,
      el('div', { className: 'result-table', attributes: { role: 'table' } }, [resultHeader(), this.list.element]),
    );
    const first = host.firstView();
    // A view restored after a reload: its query, window and ticks as they were (the host's copy, else the page's own).
    const saved = first?.restored ?? host.loadState();
    if (saved) {
      this.form.fill(saved.kind, saved.text);
      this.form.setWindow(saved.window);
      this.plan.prefer(saved.sources);
      this.searched = saved.searched;
      if (saved.searched) this.lastSearched = JSON.stringify(this.query());
      this.edited();
    }
    host.onMessage((message) => this.receive(message));
    if (first) {
      if (first.prefill) this.prefill(first.prefill);
      this.showView(first.view);
    }
    this.list.attach();
    host.post({ type: 'ready' });
  }

  private receive(message: SearchToWebview): void {
    switch (message.type) {
      case 'view':
        this.showView(message.view);
        return;
      case 'prefill':
        this.prefill(message.prefill);
        return;
      case 'rows':
        this.list.acceptRows(message.requestId, message.offset, message.rows, message.total);
        return;
      case 'error':
        this.show(message.message, true);
        return;
      case 'notice':
        this.show(message.message, false);
        return;
    }
  }

  private prefill(prefill: SearchPrefill): void {
    this.form.fill(prefill.kind, prefill.text);
    this.edited();
  }

  /** The query, window or ticks changed: saved, marked searched only while they are what was last searched. */
  private edited(): void {
    const query = this.query();
    this.host.saveState({ ...query, searched: JSON.stringify(query) === this.lastSearched });
  }

  private query(): Omit<SearchState, 'searched'> {
    return { kind: this.form.kind.value as SearchKind, text: this.form.text.value, window: this.form.window(), sources: this.plan.chosenIds() };
  }

  private search(): void {
    const query = this.form.read();
    if (!query) return;
    this.show('', false);
    this.searched = true;
    this.lastSearched = JSON.stringify(this.query());
    this.edited();
    this.host.post({ type: 'search', kind: query.kind, text: query.text, ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }), sources: this.plan.chosen() });
  }

  private showView(view: SearchView): void {
    this.plan.show(view);
    const refused = view.sources.filter((s) => s.refused !== undefined).length;
    setText(this.planSummary, view.planning ? 'Read plan: opening the connections…' : `Read plan: ${view.sources.length} source(s)${refused > 0 ? `, ${refused} refused` : ''}${view.leftOut.length > 0 ? `, ${view.leftOut.length} connection(s) not opened` : ''}`);
    setText(this.status, view.status);
    this.form.setRunning(view.running, view.planning);
    if (view.searchVersion !== this.searchVersion) {
      this.searchVersion = view.searchVersion;
      this.total = view.total;
      this.opened = undefined;
      this.list.reset(view.total);
    } else if (view.total !== this.total) {
      // Answers merge in time order, anywhere in the table: the pages held are asked for again.
      this.total = view.total;
      this.list.refresh(view.total);
    }
  }

  private show(text: string, error: boolean): void {
    setText(this.message, text);
    this.message.className = error ? 'search-message error' : 'search-message';
  }
}
