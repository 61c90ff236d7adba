/**
 * The query: its kind (event id, correlation id, trace id, key, event type, header name=value, text), the
 * text, and the time window in local time (by default the last hour; either end may be left empty, and
 * Widen steps the start back: 6 h, 24 h, 7 days, then all time). What is wrong is said before anything is
 * posted, in the same words the host would use.
 */
import { parseSearchTerm, SEARCH_KIND_LABELS, SEARCH_KINDS, windowProblem, type SearchKind, type SearchTerm } from '../../src/protocol/searchTerms';
import { el, setText } from '../shared/dom';

const HOUR = 60 * 60 * 1000;
/** The widths Widen steps through; past the last, all time. */
const WIDTHS = [HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR];

export interface SearchQueryInput {
  kind: SearchKind;
  text: string;
  term: SearchTerm;
  from?: number;
  to?: number;
}

export class SearchForm {
  readonly element: HTMLElement;
  readonly kind = el('select', { id: 'search-kind', attributes: { 'aria-label': 'Search by' } });
  readonly text = el('input', { id: 'search-text', className: 'field query', attributes: { type: 'text', placeholder: 'What to find', 'aria-label': 'Query', spellcheck: 'false' } });
  readonly from = el('input', { id: 'search-from', className: 'field', attributes: { type: 'datetime-local', step: '1', 'aria-label': 'From (local time)' } });
  readonly to = el('input', { id: 'search-to', className: 'field', attributes: { type: 'datetime-local', step: '1', 'aria-label': 'To (local time)' } });
  readonly start = el('button', { id: 'search-start', className: 'button primary', text: 'Search', attributes: { type: 'button' } });
  readonly cancel = el('button', { id: 'search-cancel', className: 'button', text: 'Cancel', attributes: { type: 'button' } });
  readonly widen = el('button', { id: 'search-widen', className: 'button', text: 'Widen', title: 'Start the window earlier: 6 h, 24 h, 7 days, then all time', attributes: { type: 'button' } });
  private readonly problem = el('div', { id: 'search-problem', className: 'search-problem', attributes: { role: 'alert' } });

  constructor(now: number) {
    for (const kind of SEARCH_KINDS) this.kind.append(el('option', { text: SEARCH_KIND_LABELS[kind], attributes: { value: kind } }));
    this.kind.value = 'correlationId';
    this.from.value = localInput(now - HOUR);
    this.element = el('div', { className: 'search-form' }, [
      el('div', { className: 'form-row' }, [this.kind, this.text, this.start, this.cancel]),
      el('div', { className: 'form-row' }, [
        el('label', { text: 'From', attributes: { for: 'search-from' } }),
        this.from,
        el('label', { text: 'to', attributes: { for: 'search-to' } }),
        this.to,
        this.widen,
        el('span', { className: 'note', text: 'Local time; an empty end is open (no start: all earlier; no end: up to now).' }),
      ]),
      this.problem,
    ]);
  }

  fill(kind: SearchKind, text: string): void {
    this.kind.value = kind;
    this.text.value = text;
  }

  /** The window's ends as typed (an end that is empty or not a time is left out). */
  window(): { from?: number; to?: number } {
    const from = fromInput(this.from.value);
    const to = fromInput(this.to.value);
    return { ...(typeof from === 'number' ? { from } : {}), ...(typeof to === 'number' ? { to } : {}) };
  }

  /** Sets the window's ends (an end left out is empty: open). */
  setWindow(window: { from?: number; to?: number }): void {
    this.from.value = window.from === undefined ? '' : localInput(window.from);
    this.to.value = window.to === undefined ? '' : localInput(window.to);
  }

  /** The query as typed, or undefined after saying what is wrong with it. */
  read(): SearchQueryInput | undefined {
    const kind = this.kind.value as SearchKind;
    const parsed = parseSearchTerm(kind, this.text.value);
    if (!parsed.ok) return this.say(parsed.problem);
    const from = fromInput(this.from.value);
    const to = fromInput(this.to.value);
    if (from === null || to === null) return this.say('A time in the window is not a date and time.');
    const problem = windowProblem(from, to);
    if (problem !== undefined) return this.say(problem);
    this.say('');
    return { kind, text: this.text.value, term: parsed.term, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }

  /** Starts the window earlier, by the next width after the current one; past the widest, all time. False when it already was. */
  widenWindow(now: number): boolean {
    const from = fromInput(this.from.value);
    if (from === undefined || from === null) return false;
    const end = fromInput(this.to.value) ?? now;
    const next = WIDTHS.find((width) => end - width < from);
    this.from.value = next === undefined ? '' : localInput(end - next);
    return true;
  }

  setRunning(running: boolean, planning: boolean): void {
    this.start.disabled = planning;
    this.cancel.disabled = !running;
  }

  private say(text: string): undefined {
    setText(this.problem, text);
    return undefined;
  }
}

/** ms → what a datetime-local input holds, in local time to the second. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A datetime-local value → ms; undefined when empty, null when not a time. */
function fromInput(value: string): number | undefined | null {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
